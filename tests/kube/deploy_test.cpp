// `sparkmv deploy --kube`: dry-run output and pre-flight against the real charts rendered by the real Helm 3
// and Helm 4 (`helm template` needs no cluster); installs through the FAKE helm, which records the calls.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace sparkmv {
namespace {

using testing::run_sparkmv;

const std::string source = SPARKMV_SOURCE_DIR;
const std::string fakes = SPARKMV_FAKES_DIR;

std::string helm_path(const std::string& name) {
  return source + "/.tools/bin/" + name;
}

class DeployDryRun : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(helm_path(GetParam())))
      GTEST_SKIP() << "run scripts/bootstrap.sh for " << GetParam();
  }
};

TEST_P(DeployDryRun, PrintsTheGuidesCommandsAndTheFilledIsolationPlan) {
  const auto helm = helm_path(GetParam());
  const auto r = run_sparkmv({"deploy", "--kube", "--dry-run", "--wait", "--timeout", "10m", "--helm", helm,
                              "--charts", source + "/charts"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto charts = source + "/charts";
  EXPECT_NE(
      r.out.find(
          helm + " upgrade --install spark-35 " + charts +
          "/spark-3.5 --namespace spark --set spark-standalone.enabled=true --set "
          "spark-standalone.hiveMetastore.enabled=true --set spark-standalone.historyServer.enabled=true "
          "--set spark-standalone.historyServer.logDirectory=s3a://spark-logs/3.5/events --wait "
          "--timeout 10m\n"),
      std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(helm + " upgrade --install spark-41 " + charts +
                 "/spark-4.1 --namespace spark --set connect.enabled=true --set hiveMetastore.enabled=true "
                 "--set hiveMetastore.database.name=metastore_spark41 --set historyServer.enabled=true --set "
                 "historyServer.logDirectory=s3a://spark-logs/4.1/events --wait --timeout 10m\n"),
      std::string::npos)
      << r.out;
  for (const char* row :
       {"| metastore database   | postgresql://spark-35-postgresql.spark:5432/metastore_spark35 |",
        "| History Server reads | s3a://spark-logs/3.5/events ", "| Spark version        | 3.5.7 ",
        "postgresql://spark-41-postgresql.spark:5432/metastore_spark41", "s3a://spark-warehouse/4.1/",
        "0 error(s), 0 warning(s)", "dry run, nothing installed"}) {
    EXPECT_NE(r.out.find(row), std::string::npos) << row << "\n" << r.out;
  }
}

TEST_P(DeployDryRun, SeparateNamespacesCreateTheirNamespaces) {
  const auto r = run_sparkmv({"deploy", "--kube", "--dry-run", "--separate-namespaces", "-o", "json",
                              "--helm", helm_path(GetParam()), "--charts", source + "/charts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out);
  ASSERT_EQ(out["commands"].size(), 2U);
  const auto& first = out["commands"][0];
  EXPECT_EQ(first[5], "--namespace");
  EXPECT_EQ(first[6], "spark-35");
  EXPECT_EQ(first[7], "--create-namespace");
  EXPECT_EQ(out["commands"][1][6], "spark-41");
  EXPECT_EQ(out["plan"][0]["metastore database"],
            "postgresql://spark-35-postgresql.spark-35:5432/metastore_spark35");
  EXPECT_EQ(out["plan"][1]["event logs (apps)"], "s3a://spark-logs/4.1/events");
  EXPECT_TRUE(out["preflight"]["findings"].empty());
  EXPECT_TRUE(out["installed"].empty());
}

TEST_P(DeployDryRun, PreflightRefusesOnAFindingAndForceOverridesLoudly) {
  const auto helm = helm_path(GetParam());
  const std::vector<std::string> shared_prefix{
      "--set-35", "global.s3.endpoint=http://shared-s3:9000",
      "--set-41", "global.s3.endpoint=http://shared-s3:9000",
      "--set-35", "global.s3.existingSecret=s3",
      "--set-41", "global.s3.existingSecret=s3",
      "--set-41", "historyServer.logDirectory=s3a://spark-logs/3.5/events"};
  std::vector<std::string> args{"deploy", "--kube",   "--dry-run",       "--helm",
                                helm,     "--charts", source + "/charts"};
  args.insert(args.end(), shared_prefix.begin(), shared_prefix.end());
  const auto refused = run_sparkmv(args);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.out.find("ISO004 error"), std::string::npos) << refused.out;
  // The shared directory also means spark-35's apps write where spark-41's History Server reads (ISO012), and
  // spark-41's where its own does not (ISO005).
  EXPECT_NE(refused.out.find("ISO012 error"), std::string::npos) << refused.out;
  EXPECT_NE(refused.err.find("refusing to plan an install: 3 isolation finding(s); fix them or pass --force"),
            std::string::npos)
      << refused.err;
  args.push_back("--force");
  const auto forced = run_sparkmv(args);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.err.find("WARNING: --force: 3 isolation finding(s) above are ignored"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Helms, DeployDryRun, ::testing::Values("helm3", "helm4"));

// Installs through the FAKE helm: template is the real helm 3, upgrade/test are recorded.
class FakeHelmDeploy : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(helm_path("helm3"))) GTEST_SKIP() << "run scripts/bootstrap.sh";
    dir_ = std::filesystem::temp_directory_path() / ("sparkmv-deploy-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "releases");
    ::setenv("FAKE_HELM_REAL", helm_path("helm3").c_str(), 1);
    ::setenv("FAKE_KUBECTL_LOG", (dir_ / "calls").c_str(), 1);
    ::setenv("FAKE_HELM_STATE", (dir_ / "releases").c_str(), 1);
    ::setenv("SPARKMV_HELM", (fakes + "/fake-helm").c_str(), 1);
  }
  void TearDown() override {
    for (const char* name :
         {"FAKE_HELM_REAL", "FAKE_KUBECTL_LOG", "FAKE_HELM_STATE", "SPARKMV_HELM", "FAKE_HELM_FAIL"}) {
      ::unsetenv(name);
    }
    std::filesystem::remove_all(dir_);
  }
  std::string calls() const { return testing::slurp(dir_ / "calls"); }
  std::filesystem::path dir_;
};

TEST_F(FakeHelmDeploy, InstallsBothReleasesInOrder) {
  const auto r = run_sparkmv({"deploy", "--kube", "--wait", "--charts", source + "/charts"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto log = calls();
  const auto first = log.find("helm upgrade --install spark-35");
  const auto second = log.find("helm upgrade --install spark-41");
  ASSERT_NE(first, std::string::npos) << log;
  ASSERT_NE(second, std::string::npos) << log;
  EXPECT_LT(first, second);
  EXPECT_LT(log.find("helm template spark-41"), first) << "pre-flight renders both before installing";
  EXPECT_NE(r.out.find("sparkmv verify --kube --namespace spark"), std::string::npos) << r.out;
}

TEST_F(FakeHelmDeploy, FailedSecondInstallLeavesTheFirstUntouched) {
  ::setenv("FAKE_HELM_FAIL", "spark-41", 1);
  const auto r = run_sparkmv({"deploy", "--kube", "--charts", source + "/charts"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("helm upgrade --install spark-41 failed: Error: UPGRADE FAILED"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("left untouched: spark-35 (namespace spark)"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "releases/spark-35"));
  EXPECT_EQ(calls().find("uninstall"), std::string::npos);
}

TEST_F(FakeHelmDeploy, RefusesToInstallOnFindings) {
  const auto r =
      run_sparkmv({"deploy", "--kube", "--charts", source + "/charts", "--set-41",
                   "hiveMetastore.database.name=metastore_spark35", "--set-35",
                   "global.postgresql.host=shared-pg", "--set-41", "global.postgresql.host=shared-pg",
                   "--set-35", "spark-standalone.hiveMetastore.database.existingSecret=db", "--set-41",
                   "hiveMetastore.database.existingSecret=db"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("ISO003"), std::string::npos) << r.out;
  EXPECT_EQ(calls().find("upgrade"), std::string::npos) << calls();
}

TEST(Deploy, UsageAndMissingHelm) {
  EXPECT_EQ(run_sparkmv({"deploy", "--dry-run"}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"deploy", "--kube", "--namespace", "x", "--separate-namespaces"}).exit_code, 2);
  const auto missing = run_sparkmv({"deploy", "--kube", "--dry-run", "--helm", "/nonexistent/helm"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("helm not found or not executable"), std::string::npos);
}

}  // namespace
}  // namespace sparkmv
