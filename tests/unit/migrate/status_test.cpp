// `migrate status`: runs found by tag in real event logs, and the alerts and progress built from the
// inventory, its journal and those runs.
#include "migrate/status.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>

#include "migrate/runs.hpp"
#include "support/manifests.hpp"

namespace sparkmv::migrate {
namespace {

const std::string kFixtures = SPARKMV_FIXTURES_DIR "/eventlogs";

TEST(TaggedRuns, FindsTheConnectRunCarryingATagAndNothingElse) {
  const auto storage = eventlog::local_storage();
  std::vector<std::string> warnings;
  const auto runs = find_tagged_runs(
      *storage, {{"3.5", kFixtures + "/3.5/events"}, {"4.1", kFixtures + "/4.1/events"}}, "job-a", warnings);
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].version, "4.1");
  EXPECT_EQ(runs[0].app_id, "local-1795481669749");
  EXPECT_EQ(runs[0].spark_version, "4.1.0");
  EXPECT_TRUE(runs[0].succeeded());
  EXPECT_GT(runs[0].wall_ms, 0);
  // "job-a" does not select "job-a-slow"; an unknown tag and a missing directory find nothing.
  const auto slow = find_tagged_runs(*storage, {{"4.1", kFixtures + "/4.1/events"}}, "job-a-slow", warnings);
  ASSERT_EQ(slow.size(), 1U);
  EXPECT_GT(slow[0].wall_ms, runs[0].wall_ms);
  EXPECT_TRUE(find_tagged_runs(*storage, {{"4.1", kFixtures + "/4.1/events"}}, "nobody", warnings).empty());
  EXPECT_TRUE(find_tagged_runs(*storage, {{"4.1", "/nonexistent/dir"}}, "job-a", warnings).empty());
}

// Local storage that counts the bytes read from each file.
class CountingStorage final : public eventlog::Storage {
 public:
  eventlog::StorageEntry stat(const std::string& path) override { return local_->stat(path); }
  std::vector<eventlog::StorageEntry> list(const std::string& dir) override { return local_->list(dir); }
  std::unique_ptr<eventlog::ByteSource> open(const std::string& path) override {
    return std::make_unique<Counted>(local_->open(path), count_of(path));
  }
  // Parallel readers open ranges from several threads.
  std::unique_ptr<eventlog::ByteSource> open_range(const std::string& path, std::uint64_t offset,
                                                   std::uint64_t length) override {
    return std::make_unique<Counted>(local_->open_range(path, offset, length), count_of(path));
  }
  const std::map<std::string, std::atomic<std::uint64_t>>& bytes_read() const { return read_; }

 private:
  class Counted final : public eventlog::ByteSource {
   public:
    Counted(std::unique_ptr<eventlog::ByteSource> in, std::atomic<std::uint64_t>& count)
        : in_(std::move(in)), count_(count) {}
    std::size_t read(char* out, std::size_t capacity) override {
      const auto n = in_->read(out, capacity);
      count_ += n;
      return n;
    }
    const std::string& name() const override { return in_->name(); }
    bool ended_mid_frame() const override { return in_->ended_mid_frame(); }

   private:
    std::unique_ptr<eventlog::ByteSource> in_;
    std::atomic<std::uint64_t>& count_;
  };
  std::atomic<std::uint64_t>& count_of(const std::string& path) {
    const std::lock_guard lock(mutex_);
    return read_[path];  // map nodes stay put: the reference outlives the lock
  }
  std::unique_ptr<eventlog::Storage> local_ = eventlog::local_storage();
  std::mutex mutex_;
  std::map<std::string, std::atomic<std::uint64_t>> read_;
};

TEST(TaggedRuns, EveryTagOfEveryLogFromOneReadOfIt) {
  const std::vector<EventDirectory> dirs{{"3.5", kFixtures + "/3.5/events"},
                                         {"4.1", kFixtures + "/4.1/events"}};
  const std::vector<std::string> tags{"job-a", "job-b", "job-a-slow", "nobody"};
  CountingStorage counting;
  std::vector<std::string> warnings;
  const auto by_tag = find_runs_of_tags(counting, dirs, tags, warnings);
  EXPECT_TRUE(warnings.empty());
  // Each file was read once, whole: the sizes add up to exactly one pass.
  ASSERT_FALSE(counting.bytes_read().empty());
  for (const auto& [path, bytes] : counting.bytes_read())
    EXPECT_EQ(bytes.load(), std::filesystem::file_size(path)) << path;
  // And each tag's runs are those one search per tag finds.
  const auto storage = eventlog::local_storage();
  for (const auto& tag : tags) {
    const auto one = find_tagged_runs(*storage, dirs, tag, warnings);
    ASSERT_EQ(by_tag.at(tag).size(), one.size()) << tag;
    for (std::size_t i = 0; i < one.size(); ++i) {
      EXPECT_EQ(by_tag.at(tag)[i].path, one[i].path);
      EXPECT_EQ(by_tag.at(tag)[i].wall_ms, one[i].wall_ms);
      EXPECT_EQ(by_tag.at(tag)[i].jobs, one[i].jobs);
    }
  }
  EXPECT_TRUE(by_tag.at("nobody").empty());
}

TEST(TaggedRuns, ComparingAFoundRunDoesNotReadItsLogAgain) {
  CountingStorage counting;
  std::vector<std::string> warnings;
  const auto runs = find_tagged_runs(counting, {{"4.1", kFixtures + "/4.1/events"}}, "job-b", warnings);
  ASSERT_EQ(runs.size(), 1U);
  std::uint64_t before = 0;
  for (const auto& [path, bytes] : counting.bytes_read()) before += bytes;
  const auto summary = summarize_run(counting, runs[0], "job-b");
  std::uint64_t after = 0;
  for (const auto& [path, bytes] : counting.bytes_read()) after += bytes;
  EXPECT_EQ(after, before);
  EXPECT_EQ(summary.jobs, runs[0].jobs);
  EXPECT_EQ(summary.tag, "job-b");
  // Another tag is a new read.
  EXPECT_EQ(summarize_run(counting, runs[0], "job-a").tag, "job-a");
}

JobInventory inventory() {
  return parse_inventory(R"(jobs:
  - name: a
    owner: t
    risk: low
    version: "4.1"
    kind: batch
    submit: {python_file: a.py}
  - name: b
    owner: t
    risk: medium
    version: "3.5"
    kind: batch
    submit: {python_file: b.py}
  - name: c
    owner: t
    risk: high
    version: "3.5"
    kind: batch
    submit: {python_file: c.py}
)",
                         "jobs.yaml");
}

TaggedRun run_on(const std::string& version, std::int64_t start_ms, bool ok) {
  TaggedRun r;
  r.version = version;
  r.app_id = "app-" + std::to_string(start_ms);
  r.spark_version = version == "4.1" ? "4.1.0" : "3.5.7";
  r.start_ms = start_ms;
  r.jobs = 3;
  r.failed_jobs = ok ? 0 : 1;
  return r;
}

JournalEntry entry(const std::string& action, const std::string& job, const std::string& time,
                   const std::string& verdict = "") {
  JournalEntry e;
  e.action = action;
  e.job = job;
  e.time = time;
  e.verdict = verdict;
  if (action == "promote") {
    e.from = "3.5";
    e.to = "4.1";
  }
  return e;
}

const JobStatus& of(const StatusReport& r, const std::string& job) {
  for (const auto& j : r.jobs) {
    if (j.job == job) return j;
  }
  throw std::logic_error("no job " + job);
}

// 2026-11-24T10:00:00Z = 1795514400000 ms.
constexpr std::int64_t kPromotedAt = 1795514400000;

TEST(Status, AlertsOnARunOffThePinAndAFailureAfterPromotion) {
  const std::vector<JournalEntry> journal{entry("trial", "a", "2026-11-24T09:00:00Z", "no regression"),
                                          entry("promote", "a", "2026-11-24T10:00:00Z")};
  std::map<std::string, RunsOfJob> runs;
  runs["a"].runs = {run_on("3.5", kPromotedAt - 60000, true), run_on("4.1", kPromotedAt + 60000, false)};
  runs["b"].runs = {run_on("4.1", kPromotedAt, true)};  // pinned to 3.5, ran on 4.1
  runs["c"].runs = {run_on("3.5", kPromotedAt, true)};
  const auto report = build_status(inventory(), journal, runs);
  EXPECT_EQ(of(report, "a").alerts,
            (std::vector<std::string>{"failed after promotion (app-1795514460000 on 4.1)"}));
  EXPECT_EQ(of(report, "a").last_verdict, "no regression");
  EXPECT_EQ(of(report, "b").alerts, (std::vector<std::string>{"last run on 4.1, but pinned to 3.5"}));
  EXPECT_TRUE(of(report, "c").alerts.empty());
  EXPECT_EQ(report.alerts, 2);
  EXPECT_EQ(report.on_target, 1);
  // A failure before the promotion is history, not an alert.
  runs["a"].runs = {run_on("4.1", kPromotedAt - 60000, false), run_on("4.1", kPromotedAt + 60000, true)};
  EXPECT_TRUE(of(build_status(inventory(), journal, runs), "a").alerts.empty());
}

TEST(Status, AlertsOnARegressionOrAForcedPromotion) {
  auto forced = entry("promote", "a", "2026-11-24T10:00:00Z");
  forced.forced = true;
  const std::vector<JournalEntry> journal{forced,
                                          entry("compare", "a", "2026-11-24T11:00:00Z", "regression")};
  const auto report = build_status(inventory(), journal, {});
  const auto& alerts = of(report, "a").alerts;
  ASSERT_EQ(alerts.size(), 2U);
  EXPECT_EQ(alerts[0], "regression after promotion (2026-11-24T11:00:00Z)");
  EXPECT_EQ(alerts[1], "promoted with --force (no passing comparison)");
}

TEST(Status, ProgressPerStageAndEmptyInventory) {
  const auto report = build_status(inventory(), {}, {});
  ASSERT_FALSE(report.stages.empty());
  EXPECT_EQ(report.stages.front().stage, "pilot");
  int planned = 0;
  for (const auto& s : report.stages) planned += s.jobs;
  EXPECT_EQ(planned, 2);  // b and c; a was on 4.1 before the plan
  const auto table = render_table(report);
  EXPECT_NE(table.find("1 of 3 job(s) on 4.1"), std::string::npos) << table;
  const auto empty = build_status(parse_inventory("jobs: []\n", "jobs.yaml"), {}, {});
  EXPECT_TRUE(empty.jobs.empty());
  EXPECT_EQ(to_json(empty)["on_4_1"], 0);
}

}  // namespace
}  // namespace sparkmv::migrate
