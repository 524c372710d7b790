// `sparkmv verify --kube` against the FAKE kubectl (tests/kube/fake-kubectl) and FAKE helm: live-shaped
// object lists made from real renders of our charts (tests/fixtures/kube/), and the ways kubectl fails.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/process.hpp"

namespace sparkmv {
namespace {

using testing::run_sparkmv;

const std::string fakes = SPARKMV_FAKES_DIR;

// Points the fakes at a scenario and clears every failure switch.
void use_scenario(const std::string& scenario) {
  ::setenv("FAKE_KUBECTL_FIXTURES", (std::string(SPARKMV_FIXTURES_DIR) + "/kube/" + scenario).c_str(), 1);
  for (const char* name :
       {"FAKE_KUBECTL_FAIL", "FAKE_HELM_TEST_FAIL", "FAKE_KUBECTL_LOG", "SPARKMV_KUBECTL", "SPARKMV_HELM"}) {
    ::unsetenv(name);
  }
}

std::vector<std::string> verify_args(std::vector<std::string> extra = {}) {
  std::vector<std::string> args{
      "verify", "--kube", "-o", "json", "--kubectl", fakes + "/fake-kubectl", "--helm", fakes + "/fake-helm"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

struct Scenario {
  std::string name;
  std::vector<std::string> namespaces;
  int exit_code;
  std::map<std::string, std::string> failing;  // check id -> rule
  friend void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }
};

class FakeKubectlVerify : public ::testing::TestWithParam<Scenario> {};

TEST_P(FakeKubectlVerify, ReportsEachCommonProblemWithTheRightCheck) {
  const auto& scenario = GetParam();
  use_scenario(scenario.name);
  std::vector<std::string> extra;
  for (const auto& ns : scenario.namespaces) extra.insert(extra.end(), {"--namespace", ns});
  const auto r = run_sparkmv(verify_args(extra));
  ASSERT_EQ(r.exit_code, scenario.exit_code) << r.out << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> failing;
  for (const auto& check : report["checks"]) {
    EXPECT_NE(check["status"], "error") << check.dump();
    EXPECT_FALSE(check["evidence"].empty()) << check.dump();
    if (check["status"] == "fail") {
      failing[check["id"]] = check["rule"].is_null() ? "" : check["rule"].get<std::string>();
      EXPECT_FALSE(check["fix"].is_null()) << check.dump();
    }
  }
  EXPECT_EQ(failing, scenario.failing) << r.out;
  EXPECT_EQ(report["exit_code"], scenario.exit_code);
}

INSTANTIATE_TEST_SUITE_P(
    Scenarios, FakeKubectlVerify,
    ::testing::Values(
        Scenario{"healthy", {}, 0, {}}, Scenario{"separate-namespaces", {"spark-35", "spark-41"}, 0, {}},
        Scenario{
            "shared-metastore", {}, 1, {{"metastore.config", "ISO003"}, {"metastore.databases", "ISO003"}}},
        Scenario{"shared-log-prefix",
                 {},
                 1,
                 {{"eventlogs.config", "ISO004"},
                  {"history.distinct", "ISO004"},
                  {"history.applications", "ISO004"}}},
        Scenario{"shared-serviceaccount", {}, 1, {{"rbac.accounts", "ISO006"}}},
        Scenario{"colliding-names", {}, 1, {{"release.present", ""}}}),
    [](const ::testing::TestParamInfo<Scenario>& param) {
      std::string name = param.param.name;
      for (auto& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST(FakeKubectlVerify, HealthyPairRunsEveryProbe) {
  use_scenario("healthy");
  const auto r = run_sparkmv(verify_args());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::multiset<std::string> ids;
  for (const auto& check : report["checks"]) ids.insert(check["id"]);
  EXPECT_EQ(ids.count("history.log-directory"), 2U);
  EXPECT_EQ(ids.count("history.applications"), 2U);
  EXPECT_EQ(ids.count("helm.test"), 2U);
  EXPECT_EQ(ids.count("metastore.databases"), 1U);
  EXPECT_EQ(ids.count("release.present"), 2U);
}

TEST(FakeKubectlVerify, TableOutputHasOneLinePerCheckWithEvidence) {
  use_scenario("shared-metastore");
  auto args = verify_args();
  args.erase(args.begin() + 2, args.begin() + 4);  // no -o json
  const auto r = run_sparkmv(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.out.find("FAIL  metastore databases isolated (live env of app=hive-metastore) [ISO003]: spark-35 and "
                 "spark-41 share postgresql://shared-pg.spark:5432/metastore_spark35"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2 failed"), std::string::npos);
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
}

struct FailureMode {
  std::string mode;
  std::string message;
  friend void PrintTo(const FailureMode& m, std::ostream* os) { *os << m.mode; }
};

class FakeKubectlFailure : public ::testing::TestWithParam<FailureMode> {};

TEST_P(FakeKubectlFailure, ExitsThreeWithKubectlsOwnMessage) {
  use_scenario("healthy");
  ::setenv("FAKE_KUBECTL_FAIL", GetParam().mode.c_str(), 1);
  const auto r = run_sparkmv(verify_args({"--request-timeout", "1"}));
  ::unsetenv("FAKE_KUBECTL_FAIL");
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE((r.err + r.out).find(GetParam().message), std::string::npos) << r.out << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Modes, FakeKubectlFailure,
    ::testing::Values(
        FailureMode{"unreachable",
                    "The connection to the server 10.0.0.1:6443 was refused - did you specify the "
                    "right host or port?"},
        FailureMode{"forbidden", "Error from server (Forbidden): deployments.apps is forbidden"},
        FailureMode{"malformed", "kubectl's output is not an object list"},
        FailureMode{"timeout", "kubectl did not answer within 1s"},
        FailureMode{"logs-forbidden", "pods/log is forbidden"},
        FailureMode{"port-forward", "unable to forward port because pod is not running"}),
    [](const ::testing::TestParamInfo<FailureMode>& param) {
      std::string name = param.param.mode;
      for (auto& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST(FakeKubectlVerify, FailedHelmTestFailsItsCheck) {
  use_scenario("healthy");
  ::setenv("FAKE_HELM_TEST_FAIL", "spark-41", 1);
  const auto r = run_sparkmv(verify_args());
  ::unsetenv("FAKE_HELM_TEST_FAIL");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  for (const auto& check : report["checks"]) {
    if (check["id"] == "helm.test" && check["title"] == "helm test spark-41") {
      EXPECT_EQ(check["status"], "fail");
      EXPECT_EQ(check["evidence"][0], "Error: 1 error occurred:");
    }
  }
}

TEST(FakeKubectlVerify, SkipFlagsAndMissingHelm) {
  use_scenario("healthy");
  auto skipped = run_sparkmv(verify_args({"--skip-helm-test", "--skip-history-api"}));
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  const auto report = nlohmann::json::parse(skipped.out);
  for (const auto& check : report["checks"]) {
    EXPECT_NE(check["id"], "history.applications");
    if (check["id"] == "helm.test") {
      EXPECT_EQ(check["status"], "skipped");
    }
  }
  // helm missing: the helm test checks cannot run (exit 3); every other check still reports.
  auto missing = run_sparkmv({"verify", "--kube", "-o", "json", "--kubectl", fakes + "/fake-kubectl",
                              "--helm", "/nonexistent/helm"});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_NE(missing.out.find("helm not found or not executable: /nonexistent/helm"), std::string::npos);
}

TEST(FakeKubectlVerify, EmptyNamespaceReportsMissingReleases) {
  use_scenario("healthy");
  const auto r = run_sparkmv(verify_args({"--namespace", "nothing-here"}));
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  int missing = 0;
  for (const auto& check : report["checks"]) {
    if (check["id"] == "release.present" && check["status"] == "fail") ++missing;
  }
  EXPECT_EQ(missing, 2);
}

TEST(FakeKubectlVerify, UsageAndMissingKubectl) {
  use_scenario("healthy");
  // --local without a stack: an environment problem that says what to run.
  const auto nowhere = std::filesystem::temp_directory_path() / "sparkmv-no-stack-here";
  std::filesystem::remove_all(nowhere);
  const auto local = run_sparkmv({"verify", "--local", "--state-dir", nowhere.string()});
  EXPECT_EQ(local.exit_code, 3);
  EXPECT_NE(local.err.find("run `sparkmv up` first"), std::string::npos) << local.err;
  EXPECT_FALSE(std::filesystem::exists(nowhere));
  EXPECT_EQ(run_sparkmv({"verify"}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"verify", "--kube", "--local"}).exit_code, 2);
  ::setenv("SPARKMV_KUBECTL", "/nonexistent/kubectl", 1);
  const auto missing = run_sparkmv({"verify", "--kube"});
  ::unsetenv("SPARKMV_KUBECTL");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(
      missing.err.find("kubectl not found or not executable: /nonexistent/kubectl (from SPARKMV_KUBECTL)"),
      std::string::npos)
      << missing.err;
}

}  // namespace
}  // namespace sparkmv
