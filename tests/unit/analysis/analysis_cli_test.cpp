// `sparkmv events summary` and `events compare` as a user runs them: output, exit codes, the HTML file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

// A directory of logs: one row per application, a corrupt log in its own row and exit 1; the JSON lists
// every log with its summary or its error.
TEST(EventsSummaryCli, ADirectoryOfLogsGivesOneRowEach) {
  const auto dir = std::filesystem::temp_directory_path() / ("sparkmv-many-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto* name : {"35-basic", "35-sql", "41-basic-single"})
    std::filesystem::copy(fixture_path(name), dir / std::filesystem::path(fixture_path(name)).filename());
  const auto all = run_sparkmv({"events", "summary", dir.string(), "-o", "json", "-j", "2"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const auto j = nlohmann::json::parse(all.out);
  ASSERT_EQ(j["logs"].size(), 3U);
  EXPECT_EQ(j["failed"], 0);
  for (const auto& row : j["logs"]) {
    EXPECT_TRUE(row["error"].is_null());
    EXPECT_GT(row["summary"]["totals"]["tasks"].get<int>(), 0);
  }
  // The same as each log on its own.
  const auto one = run_sparkmv({"events", "summary", fixture_path("35-sql"), "-o", "json"});
  bool found = false;
  for (const auto& row : j["logs"]) {
    if (row["summary"]["app_id"] == nlohmann::json::parse(one.out)["app_id"]) {
      found = true;
      auto from_dir = row["summary"];
      auto alone = nlohmann::json::parse(one.out);
      from_dir.erase("path");
      alone.erase("path");
      EXPECT_EQ(from_dir, alone);
    }
  }
  EXPECT_TRUE(found);

  // A log cut inside its first event's zstd frame cannot be read: its row says so, the others still come.
  std::ofstream(dir / "local-1795480000000.zstd") << "\x28\xb5\x2f\xfd garbage";
  const auto broken = run_sparkmv({"events", "summary", dir.string()});
  EXPECT_EQ(broken.exit_code, 1) << broken.err;
  EXPECT_NE(broken.out.find("local-1795480000000"), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("error: "), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("4.1.0"), std::string::npos) << broken.out;
  const auto broken_json =
      nlohmann::json::parse(run_sparkmv({"events", "summary", dir.string(), "-o", "json"}).out);
  EXPECT_EQ(broken_json["failed"], 1);
  // --app still picks one of them.
  const auto picked =
      run_sparkmv({"events", "summary", dir.string(), "--app",
                   nlohmann::json::parse(one.out)["app_id"].get<std::string>(), "-o", "json"});
  EXPECT_EQ(picked.exit_code, 0) << picked.err;
  EXPECT_EQ(nlohmann::json::parse(picked.out)["app_id"], nlohmann::json::parse(one.out)["app_id"]);
  std::filesystem::remove_all(dir);
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
