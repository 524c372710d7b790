// `sparkmv events summary` and `events compare` as a user runs them: output, exit codes, the HTML file.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "fixture_runs.hpp"
#include "support/process.hpp"

namespace sparkmv::analysis {
namespace {

using sparkmv::testing::run_sparkmv;
using testing::fixture_path;

TEST(EventsSummaryCli, JsonOfATaggedConnectRun) {
  const auto r =
      run_sparkmv({"events", "summary", fixture_path("41-connect"), "--tag", "job-b", "-o", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["jobs"], 5);
  EXPECT_EQ(j["tag"], "job-b");
  EXPECT_EQ(j["spark_version"], "4.1.0");
}

TEST(EventsSummaryCli, TableAndBadInput) {
  const auto r = run_sparkmv({"events", "summary", fixture_path("35-samejob")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("jobs         12"), std::string::npos) << r.out;
  const auto missing = run_sparkmv({"events", "summary", "no/such/log"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no/such/log"), std::string::npos);
  const auto untagged = run_sparkmv({"events", "summary", fixture_path("41-connect"), "--tag", "nope"});
  EXPECT_EQ(untagged.exit_code, 2);
}

TEST(EventsCompareCli, ExitCodesFollowTheVerdict) {
  const auto same =
      run_sparkmv({"events", "compare", fixture_path("35-samejob"), fixture_path("41-samejob")});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("verdict: no regression"), std::string::npos);
  const auto slow = run_sparkmv(
      {"events", "compare", fixture_path("41-samejob"), fixture_path("41-samejob-slow"), "-o", "json"});
  EXPECT_EQ(slow.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(slow.out)["verdict"], "regression");
  const auto connect =
      run_sparkmv({"events", "compare", fixture_path("41-connect"), fixture_path("41-connect"), "--base-tag",
                   "job-a", "--candidate-tag", "job-a-slow"});
  EXPECT_EQ(connect.exit_code, 1);
  const auto bad = run_sparkmv({"events", "compare", fixture_path("41-samejob"), fixture_path("41-samejob"),
                                "--wall-threshold", "-5"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(EventsCompareCli, WritesTheHtmlReport) {
  const auto file =
      std::filesystem::temp_directory_path() / ("sparkmv-report-" + std::to_string(::getpid()) + ".html");
  const auto r = run_sparkmv({"events", "compare", fixture_path("41-samejob"),
                              fixture_path("41-samejob-slow"), "--html", file.string()});
  EXPECT_EQ(r.exit_code, 1);
  const auto html = sparkmv::testing::slurp(file);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("render-status"), std::string::npos);
  std::filesystem::remove(file);
}

TEST(AnalysisCli, RunsWithOtherResourcesAreNotComparableUnlessComparedAnyway) {
  const auto refused = run_sparkmv({"events", "compare", fixture_path("35-samejob-standalone-wide"),
                                    fixture_path("41-samejob"), "-o", "json"});
  EXPECT_EQ(refused.exit_code, 0) << refused.err;
  const auto doc = nlohmann::json::parse(refused.out);
  EXPECT_EQ(doc["verdict"], "not comparable");
  EXPECT_EQ(doc["resource_differences"][0]["name"], "executors");
  const auto anyway = run_sparkmv({"events", "compare", fixture_path("35-samejob-standalone-wide"),
                                   fixture_path("41-samejob"), "--compare-anyway", "-o", "json"});
  const auto judged = nlohmann::json::parse(anyway.out);
  EXPECT_NE(judged["verdict"], "not comparable");
  EXPECT_EQ(judged["options"]["compare_anyway"], true);
  const auto table = run_sparkmv(
      {"events", "compare", fixture_path("35-samejob-standalone-wide"), fixture_path("41-samejob")});
  EXPECT_NE(table.out.find("verdict: not comparable"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("resources  base standalone"), std::string::npos) << table.out;
}

}  // namespace
}  // namespace sparkmv::analysis
