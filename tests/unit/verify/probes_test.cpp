// Live probes' parsing and the check report, on text shaped like what the cluster returns.
#include "verify/probes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "model/manifest_loader.hpp"
#include "support/manifests.hpp"
#include "support/process.hpp"
#include "verify/check.hpp"
#include "verify/kube_verify.hpp"

namespace sparkmv::verify {
namespace {

TEST(HistoryLog, FindsEachDirectoryOnce) {
  const std::string log =
      "25/06/02 10:00:01 INFO HistoryServer [logDirectory=s3a://spark-logs/3.5/events]: Started\n"
      "25/06/02 10:00:02 INFO FsHistoryProvider [logDirectory=s3a://spark-logs/3.5/events]: Scanning\n"
      "\tat org.apache.Foo [logDirectory=broken\n"
      "25/06/02 10:00:03 WARN X [logDirectory=s3a://other/events]: y\n";
  EXPECT_EQ(log_directories_in_log(log),
            (std::vector<std::string>{"s3a://spark-logs/3.5/events", "s3a://other/events"}));
  EXPECT_TRUE(log_directories_in_log("no tags here\n").empty());
}

TEST(HistoryApi, ReadsIdNameAndVersionOfTheLatestAttempt) {
  const auto apps = parse_history_applications(R"([
    {"id": "app-1", "name": "etl", "attempts": [{"appSparkVersion": "4.1.0"}, {"appSparkVersion": "3.5.7"}]},
    {"id": "app-2", "name": "old", "attempts": [{"completed": true}]}])");
  ASSERT_EQ(apps.size(), 2U);
  EXPECT_EQ(apps[0].spark_version, "4.1.0");
  EXPECT_EQ(apps[1].spark_version, "");
  EXPECT_TRUE(parse_history_applications("[]").empty());
  EXPECT_THROW(parse_history_applications("<html>"), std::invalid_argument);
  EXPECT_THROW(parse_history_applications("{}"), std::invalid_argument);
}

TEST(Versions, LineIsMajorMinor) {
  EXPECT_EQ(version_line("3.5.7"), "3.5");
  EXPECT_EQ(version_line("4.1.0-preview"), "4.1");
  EXPECT_EQ(version_line("4"), "");
  EXPECT_EQ(version_line("x.1"), "");
}

TEST(MetastoreEnv, ReadsTheFirstContainersEnv) {
  const auto objects = model::load_manifests(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: m, namespace: spark, labels: {app: hive-metastore}}
spec:
  template:
    spec:
      containers:
        - name: metastore
          env:
            - {name: METASTORE_DB_NAME, value: metastore_spark35}
            - {name: METASTORE_DB_HOST, value: shared-pg}
            - {name: METASTORE_DB_PORT, value: "5433"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: j, namespace: spark}
spec:
  template:
    spec:
      containers:
        - name: metastore
          env:
            - {name: HIVE_JDBC, value: "jdbc:postgresql://pg.spark.svc.cluster.local:5432/metastore_spark41"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: none, namespace: spark}
spec: {template: {spec: {containers: [{name: c}]}}}
)",
                                             "t.yaml");
  const auto first = metastore_database_from_env(objects[0]);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->endpoint.to_string(), "postgresql://shared-pg.spark:5433/metastore_spark35");
  const auto jdbc = metastore_database_from_env(objects[1]);
  ASSERT_TRUE(jdbc);
  EXPECT_EQ(jdbc->endpoint.database, "metastore_spark41");
  EXPECT_EQ(jdbc->endpoint.host, "pg.spark");
  EXPECT_FALSE(metastore_database_from_env(objects[2]));
}

TEST(HelmTest, SuitesWithTheirPhase) {
  EXPECT_EQ(helm_test_suites(
                "NAME: spark-35\nTEST SUITE:     spark-35-test-history\nLast Started: x\n"
                "Phase:          Succeeded\nTEST SUITE:     spark-35-test-master\nPhase:          Failed\n"),
            (std::vector<std::string>{"spark-35-test-history Succeeded", "spark-35-test-master Failed"}));
  EXPECT_TRUE(helm_test_suites("TEST SUITE: None\n").empty());
}

TEST(Report, ExitCodeAndRendering) {
  VerifyReport report{"kube", {"spark-35 (spark)"}, {}, {}};
  report.checks.push_back({"a", "first", CheckStatus::pass, {"ok"}, "", ""});
  EXPECT_EQ(exit_code(report), ExitCode::ok);
  report.checks.push_back({"b", "second", CheckStatus::error, {"no answer"}, "", "retry"});
  EXPECT_EQ(exit_code(report), ExitCode::environment);
  report.checks.push_back({"c", "third", CheckStatus::fail, {"shared", "more"}, "ISO003", "split it"});
  EXPECT_EQ(exit_code(report), ExitCode::findings);
  const auto table = render_table(report, false);
  EXPECT_NE(table.find("FAIL  third [ISO003]: shared\n      more\n      fix: split it\n"), std::string::npos)
      << table;
  EXPECT_NE(table.find("3 check(s) on spark-35 (spark): 1 passed, 1 failed, 0 skipped, 1 could not run"),
            std::string::npos);
  const auto json = to_json(report);
  EXPECT_EQ(json["exit_code"], 1);
  EXPECT_EQ(json["summary"]["error"], 1);
  EXPECT_EQ(json["checks"][0]["rule"], nullptr);
  EXPECT_EQ(json["checks"][2]["rule"], "ISO003");
}

TEST(LintChecks, OneCheckPerRuleGroupFailingWithTheFindings) {
  const auto result = testing::lint_renders(
      {{"a.yaml", testing::slurp(testing::fixture_path("manifests/problems/shared-metastore/spark-35.yaml"))},
       {"b.yaml",
        testing::slurp(testing::fixture_path("manifests/problems/shared-metastore/spark-41.yaml"))}});
  const auto checks = checks_from_lint(result);
  ASSERT_EQ(checks.size(), 7U);
  for (const auto& check : checks) {
    if (check.id == "metastore.config") {
      EXPECT_EQ(check.status, CheckStatus::fail);
      EXPECT_EQ(check.rule, "ISO003");
      EXPECT_FALSE(check.fix.empty());
    } else {
      EXPECT_EQ(check.status, CheckStatus::pass) << check.id;
    }
  }
}

const Check& check_named(const std::vector<Check>& checks, const std::string& id) {
  const auto it = std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return c.id == id; });
  if (it == checks.end()) throw std::logic_error("no check " + id);
  return *it;
}

bool says(const Check& check, const std::string& text) {
  return std::any_of(check.evidence.begin(), check.evidence.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

TEST(LintChecks, WhatCouldNotBeDeterminedIsASkipWithTheReasonNeverAPass) {
  const auto result = testing::lint_renders(
      {{"a.yaml", testing::slurp(testing::fixture_path("manifests/styles/undetermined/spark-35.yaml"))},
       {"b.yaml", testing::slurp(testing::fixture_path("manifests/styles/undetermined/spark-41.yaml"))}});
  const auto checks = checks_from_lint(result);
  const auto& metastore = check_named(checks, "metastore.config");
  EXPECT_EQ(metastore.status, CheckStatus::skipped);
  EXPECT_TRUE(
      says(metastore, "ISO011 metastore database of Hive Metastore Deployment/analytics/legacy-metastore"));
  EXPECT_TRUE(says(metastore, "found for 1 release(s): nothing to compare"));
  const auto& logs = check_named(checks, "eventlogs.config");
  EXPECT_EQ(logs.status, CheckStatus::skipped);
  EXPECT_TRUE(says(logs, "History Server log directory"));
  // What both releases show is judged as before.
  EXPECT_EQ(check_named(checks, "storage.warehouse").status, CheckStatus::pass);
  EXPECT_EQ(check_named(checks, "objects.names").status, CheckStatus::pass);
}

TEST(LintChecks, OneReleaseAloneHasNothingToCompare) {
  const auto result = testing::lint_renders(
      {{"a.yaml", testing::slurp(testing::fixture_path("manifests/styles/clean/spark-35.yaml"))}});
  const auto checks = checks_from_lint(result);
  for (const char* id : {"metastore.config", "eventlogs.config", "storage.warehouse"}) {
    EXPECT_EQ(check_named(checks, id).status, CheckStatus::skipped) << id;
    EXPECT_TRUE(says(check_named(checks, id), "nothing to compare")) << id;
  }
}

TEST(LintChecks, AFailureStaysAFailureWhenSomethingElseIsUnknown) {
  const auto result = testing::lint_renders(
      {{"a.yaml", testing::slurp(testing::fixture_path("manifests/styles/cross-release-logs/spark-35.yaml"))},
       {"b.yaml",
        testing::slurp(testing::fixture_path("manifests/styles/cross-release-logs/spark-41.yaml"))}});
  const auto checks = checks_from_lint(result);
  const auto& logs = check_named(checks, "eventlogs.config");
  EXPECT_EQ(logs.status, CheckStatus::fail);
  EXPECT_TRUE(says(logs, "ISO012 error"));
}

}  // namespace
}  // namespace sparkmv::verify
