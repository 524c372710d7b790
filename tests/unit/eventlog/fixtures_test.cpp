// Scan's results on every event log real Spark 3.5.7 and 4.1.0 wrote (tests/fixtures/eventlogs), checked
// against expected.json, which lists what Spark itself reported for each.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "eventlog/scan.hpp"
#include "framing.hpp"

namespace sparkmv::eventlog {
namespace {

const std::filesystem::path fixtures = std::filesystem::path(SPARKMV_FIXTURES_DIR) / "eventlogs";

std::vector<nlohmann::json> expected_fixtures() {
  const auto path = fixtures / "expected.json";
  if (!std::filesystem::exists(path)) return {};
  const auto doc = nlohmann::json::parse(testing::read_file(path));
  return std::vector<nlohmann::json>(doc["fixtures"].begin(), doc["fixtures"].end());
}

class RealFixture : public ::testing::TestWithParam<nlohmann::json> {};

TEST_P(RealFixture, ScanMatchesWhatSparkReported) {
  const auto& want = GetParam();
  auto storage = local_storage();
  const auto path = (fixtures / want["path"].get<std::string>()).string();
  const auto logs = discover_logs(*storage, path);
  ASSERT_EQ(logs.size(), 1U);
  const auto got = scan_log(*storage, logs[0], {});
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.app_id, want["app_id"]);
  EXPECT_EQ(got.app_name, want["app_name"]);
  EXPECT_EQ(got.spark_version, want["spark_version"]);
  EXPECT_EQ(layout_name(got.layout), want["layout"]);
  EXPECT_EQ(got.codec.empty() ? "none" : got.codec, want["codec"]);
  // expected.json spells "in progress" as one word.
  std::string status(log_status_name(got.status));
  std::erase(status, ' ');
  EXPECT_EQ(status, want["status"]);
  EXPECT_EQ(got.malformed, 0U);
  EXPECT_FALSE(got.misplaced);  // fixtures lie under their own version's prefix
  EXPECT_GT(got.events, 0U);

  // Jobs and tags seen through the typed views agree with what the fixture's job recorded.
  std::int64_t jobs = 0;
  std::set<std::string> tags;
  read_events(*storage, logs[0], [&](EventView& e) {
    if (auto job = as_job_start(e)) {
      ++jobs;
      for (auto tag : job->tags) tags.emplace(tag);
    }
  });
  if (want.contains("jobs")) {
    EXPECT_EQ(jobs, want["jobs"].get<std::int64_t>());
  }
  if (want.contains("job_tags_seen")) {
    EXPECT_EQ(tags, want["job_tags_seen"].get<std::set<std::string>>());
  }
  // A Connect client's spark.addTag reaches the job as SparkConnect_SessionTag_..._Tag_<tag>.
  for (const auto& tag : want.value("tags", nlohmann::json::array())) {
    EXPECT_TRUE(std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
      return t.ends_with("_Tag_" + tag.get<std::string>());
    })) << tag;
  }
}

TEST_P(RealFixture, MisplacedUnderTheOtherVersionsPrefix) {
  const auto& want = GetParam();
  auto storage = local_storage();
  const auto logs = discover_logs(*storage, (fixtures / want["path"].get<std::string>()).string());
  ASSERT_EQ(logs.size(), 1U);
  Topology swapped;
  const bool is_35 = want["spark_version"].get<std::string>().starts_with("3.5");
  swapped.prefixes.push_back({fixtures.string(), is_35 ? "4.1" : "3.5"});
  EXPECT_TRUE(scan_log(*storage, logs[0], swapped).misplaced);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RealFixture, ::testing::ValuesIn(expected_fixtures()),
                         [](const ::testing::TestParamInfo<nlohmann::json>& p) {
                           std::string name = p.param["fixture"].get<std::string>();
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RealFixture);

TEST(RealFixtures, WholeTreeScansCleanAndFindsEveryListedLog) {
  const auto want = expected_fixtures();
  if (want.empty()) GTEST_SKIP() << "no event-log fixtures yet";
  auto storage = local_storage();
  const auto result = scan_locations(*storage, {fixtures.string()}, {});
  EXPECT_EQ(result.logs.size(), want.size());
  EXPECT_FALSE(result.has_findings());
}

}  // namespace
}  // namespace sparkmv::eventlog
