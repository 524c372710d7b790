// `events summary` on logs real Spark 3.5.7 and 4.1.0 wrote. Counts are checked against what Spark reported
// (expected.json) and against an independent pass that parses every line with nlohmann::json.
#include "analysis/summary.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/errors.hpp"
#include "eventlog/layout.hpp"
#include "eventlog/reader.hpp"
#include "fixture_runs.hpp"

namespace sparkmv::analysis {
namespace {

using testing::fixture;
using testing::fixture_path;
using testing::summary_of;

// Totals recomputed the slow, obvious way: every line parsed as a whole document.
struct Independent {
  std::int64_t jobs = 0;
  std::int64_t tasks = 0;
  std::int64_t failed_tasks = 0;
  std::int64_t cpu_ns = 0;
  std::int64_t run_ms = 0;
  std::int64_t shuffle_write = 0;
  std::int64_t stage_attempts = 0;
};

Independent count_independently(const std::string& name, const std::string& tag = "") {
  Independent n;
  std::set<std::int64_t> stages;
  auto storage = eventlog::local_storage();
  for (const auto& log : eventlog::discover_logs(*storage, fixture_path(name))) {
    eventlog::read_events(*storage, log, [&](eventlog::EventView& e) {
      const auto j = nlohmann::json::parse(e.json());
      const auto event = j["Event"].get<std::string>();
      if (event == "SparkListenerJobStart") {
        bool selected = tag.empty();
        std::string tags = j["Properties"].value("spark.job.tags", "");
        std::stringstream split(tags);
        for (std::string t; std::getline(split, t, ',');) {
          if (t == tag || (t.size() > tag.size() + 5 && t.ends_with("_Tag_" + tag))) selected = true;
        }
        if (!selected) return;
        ++n.jobs;
        for (const auto& id : j["Stage IDs"]) stages.insert(id.get<std::int64_t>());
      } else if (event == "SparkListenerStageCompleted") {
        if (stages.contains(j["Stage Info"]["Stage ID"].get<std::int64_t>())) ++n.stage_attempts;
      } else if (event == "SparkListenerTaskEnd") {
        if (!stages.contains(j["Stage ID"].get<std::int64_t>())) return;
        ++n.tasks;
        if (j["Task Info"]["Failed"].get<bool>()) ++n.failed_tasks;
        if (j.contains("Task Metrics")) {
          const auto& m = j["Task Metrics"];
          n.cpu_ns += m["Executor CPU Time"].get<std::int64_t>();
          n.run_ms += m["Executor Run Time"].get<std::int64_t>();
          n.shuffle_write += m["Shuffle Write Metrics"]["Shuffle Bytes Written"].get<std::int64_t>();
        }
      }
    });
  }
  return n;
}

struct Case {
  std::string fixture;
  std::string tag;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.fixture << (c.tag.empty() ? "" : " --tag " + c.tag);
}

class SummaryOnRealLogs : public ::testing::TestWithParam<Case> {};

TEST_P(SummaryOnRealLogs, AgreesWithSparkAndAnIndependentCount) {
  const auto& c = GetParam();
  const auto want = fixture(c.fixture);
  const auto run = summary_of(c.fixture, c.tag);
  const auto n = count_independently(c.fixture, c.tag);
  const std::int64_t spark_jobs =
      c.tag.empty() ? want["jobs"].get<std::int64_t>() : want["jobs_by_tag"][c.tag].get<std::int64_t>();
  EXPECT_EQ(run.jobs, spark_jobs);
  EXPECT_EQ(run.jobs, n.jobs);
  EXPECT_EQ(run.spark_version, want["spark_version"]);
  EXPECT_EQ(run.app_id, want["app_id"]);
  EXPECT_EQ(run.totals.tasks, n.tasks);
  EXPECT_EQ(run.totals.failed_tasks, n.failed_tasks);
  EXPECT_EQ(run.totals.executor_cpu_time_ns, n.cpu_ns);
  EXPECT_EQ(run.totals.executor_run_time_ms, n.run_ms);
  EXPECT_EQ(run.totals.shuffle_write_bytes, n.shuffle_write);
  EXPECT_EQ(run.stages, n.stage_attempts);
  EXPECT_GT(run.wall_ms(), 0);
  EXPECT_EQ(run.executors_added, 1);  // local mode: the driver is the one executor
  EXPECT_EQ(run.settings.at("spark.master").substr(0, 5), "local");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SummaryOnRealLogs,
                         ::testing::Values(Case{"35-samejob", ""}, Case{"41-samejob", ""},
                                           Case{"41-samejob-slow", ""}, Case{"35-failing", ""},
                                           Case{"41-failing", ""}, Case{"35-sql", ""}, Case{"41-sql", ""},
                                           Case{"41-connect", "job-a"}, Case{"41-connect", "job-b"},
                                           Case{"41-connect", "job-a-slow"}, Case{"41-connect", ""}),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           std::string name =
                               p.param.fixture + (p.param.tag.empty() ? "" : "_" + p.param.tag);
                           for (auto& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

TEST(Summary, SameWorkloadHasTheSameShapeOnBothVersionsAndOverConnect) {
  const auto v35 = summary_of("35-samejob");
  const auto v41 = summary_of("41-samejob");
  const auto connect = summary_of("41-connect", "job-a");
  for (const auto* run : {&v35, &v41, &connect}) {
    EXPECT_EQ(run->jobs, 12);
    EXPECT_EQ(run->stages, 12);  // the other stages of the 12 jobs are skipped (shuffle reuse)
    EXPECT_EQ(run->totals.tasks, 34);
    EXPECT_EQ(run->totals.input_records,
              600'097);                   // samejob.py: 3 x 200,000 generated rows + 97 dimension rows
    EXPECT_EQ(run->sql_list.size(), 4U);  // three collects and createOrReplaceTempView
    EXPECT_EQ(run->failed_jobs, 0);
  }
  EXPECT_EQ(v35.totals.shuffle_read_records, v41.totals.shuffle_read_records);
}

TEST(Summary, FailingJobCountsTheRetriedTaskAndStage) {
  for (const char* name : {"35-failing", "41-failing"}) {
    const auto run = summary_of(name);
    SCOPED_TRACE(name);
    // failing.py: one ExceptionFailure retried, one FetchFailed that makes the reduce stage retry as
    // attempt 1.
    EXPECT_GE(run.totals.failed_tasks, 2);
    EXPECT_GE(run.totals.retried_tasks, 1);
    EXPECT_GE(run.stage_retries, 1);
    EXPECT_GE(run.failed_stages, 1);
    bool fetch_failed = false;
    for (const auto& s : run.stage_list)
      fetch_failed = fetch_failed || s.failure.find("FetchFailed") != std::string::npos;
    EXPECT_TRUE(fetch_failed);
  }
}

TEST(Summary, TagSelectsOnlyItsJobsAndSqlExecutions) {
  const auto all = summary_of("41-connect");
  const auto a = summary_of("41-connect", "job-a");
  const auto b = summary_of("41-connect", "job-b");
  const auto slow = summary_of("41-connect", "job-a-slow");
  EXPECT_EQ(a.jobs + b.jobs + slow.jobs, all.jobs);
  EXPECT_EQ(a.totals.tasks + b.totals.tasks + slow.totals.tasks, all.totals.tasks);
  EXPECT_LT(a.wall_ms(), all.wall_ms());
  EXPECT_GT(slow.totals.executor_cpu_time_ns, 3 * a.totals.executor_cpu_time_ns);
}

TEST(Summary, UnknownTagIsBadInput) {
  auto storage = eventlog::local_storage();
  EXPECT_THROW(summarize(*storage, fixture_path("41-connect"), RunSelector{"", "no-such-tag"}), InputError);
}

TEST(Summary, SeveralLogsNeedAnApp) {
  auto storage = eventlog::local_storage();
  const auto dir = (testing::eventlog_fixtures() / "3.5" / "events").string();
  EXPECT_THROW(summarize(*storage, dir, {}), InputError);
  const auto want = fixture("35-samejob");
  const auto run = summarize(*storage, dir, RunSelector{want["app_id"].get<std::string>(), ""});
  EXPECT_EQ(run.app_name, "sparkmv-samejob");
}

TEST(TagMatches, ClientTagSuffixAndPlainTag) {
  EXPECT_TRUE(tag_matches("SparkConnect_SessionTag_User__Session_97_Tag_job-a", "job-a"));
  EXPECT_FALSE(tag_matches("SparkConnect_SessionTag_User__Session_97_Tag_job-a-slow", "job-a"));
  EXPECT_TRUE(tag_matches("nightly", "nightly"));
  EXPECT_FALSE(tag_matches("xnightly", "nightly"));
  EXPECT_FALSE(tag_matches("anything", ""));
}

}  // namespace
}  // namespace sparkmv::analysis
