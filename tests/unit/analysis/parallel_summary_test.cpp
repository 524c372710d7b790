// Summaries read in parallel parts against the sequential pass, on every fixture and every tag it carries,
// with parts forced small so the parallel path (task ends folded between in-order events, replayed at the
// merge) runs on real logs; and several tags from one read against one read per tag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/json_output.hpp"
#include "analysis/summary.hpp"
#include "common/errors.hpp"
#include "fixture_runs.hpp"

namespace sparkmv::analysis {
namespace {

using testing::eventlog_fixtures;
using testing::fixture_path;

std::vector<nlohmann::json> all_fixtures() {
  std::ifstream in(eventlog_fixtures() / "expected.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str());
  return std::vector<nlohmann::json>(doc["fixtures"].begin(), doc["fixtures"].end());
}

std::vector<std::string> tags_of(const nlohmann::json& fixture) {
  std::vector<std::string> tags{""};
  for (const auto& tag : fixture.value("tags", nlohmann::json::array())) tags.push_back(tag);
  return tags;
}

// The summary as JSON, or the error it failed with.
nlohmann::json outcome(const std::string& path, const std::string& tag,
                       const eventlog::ReadOptions& options) {
  auto storage = eventlog::local_storage();
  try {
    return to_json(summarize(*storage, path, RunSelector{"", tag}, options));
  } catch (const InputError& e) {
    return {{"error", e.what()}};
  }
}

TEST(ParallelSummary, EveryFixtureAndTagSummarisesAsSequentially) {
  const auto fixtures = all_fixtures();
  ASSERT_GE(fixtures.size(), 20U);
  for (const auto& fixture : fixtures) {
    const auto path = fixture_path(fixture["fixture"]);
    for (const auto& tag : tags_of(fixture)) {
      const auto want = outcome(path, tag, {1, 0});
      ASSERT_FALSE(want.contains("error")) << path << " " << want.dump();
      ASSERT_GT(want["totals"]["tasks"].get<std::int64_t>(), 0) << path;
      for (const std::size_t part_bytes : {std::size_t{1}, std::size_t{3000}, std::size_t{1} << 16}) {
        const auto got = outcome(path, tag, {3, part_bytes});
        EXPECT_EQ(got, want) << path << " tag '" << tag << "' in parts of " << part_bytes;
      }
    }
  }
}

TEST(ParallelSummary, SeveralTagsFromOneReadEqualOneReadEach) {
  for (const auto& fixture : all_fixtures()) {
    const auto tags = tags_of(fixture);
    if (tags.size() < 3) continue;
    auto storage = eventlog::local_storage();
    const auto log = find_log(*storage, fixture_path(fixture["fixture"]), {});
    for (const eventlog::ReadOptions options :
         {eventlog::ReadOptions{1, 0}, eventlog::ReadOptions{2, 2000}}) {
      const auto runs = summarize_tags(*storage, log, tags, options);
      ASSERT_EQ(runs.size(), tags.size());
      for (std::size_t i = 0; i < tags.size(); ++i) {
        EXPECT_EQ(runs[i].tag, tags[i]);
        EXPECT_EQ(to_json(runs[i]), outcome(log.path, tags[i], {1, 0})) << log.path << " tag " << tags[i];
      }
    }
  }
}

TEST(ParallelSummary, TaskEndsOfBothVersionsStayOnTheStrictScanners) {
  for (const auto& fixture : all_fixtures()) {
    const auto got = outcome(fixture_path(fixture["fixture"]), "", {1, 0});
    // Failed tasks carry another "Task End Reason" layout and may have no metrics: those fall back, but
    // never the successful tasks that make up nearly all of a log.
    EXPECT_LE(got["task_end_fallbacks"].get<std::int64_t>(),
              got["totals"]["failed_tasks"].get<std::int64_t>())
        << fixture["fixture"];
  }
}

}  // namespace
}  // namespace sparkmv::analysis
