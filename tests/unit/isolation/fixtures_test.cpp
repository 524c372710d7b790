// The guide's "common problems", rendered the way a chart renders them, each caught with the right rule,
// and a correctly isolated pair passing.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "isolation/lint.hpp"
#include "support/manifests.hpp"

namespace sparkmv::isolation {
namespace {

LintResult lint_fixture_pair(const std::string& folder) {
  return lint_manifest_files({testing::fixture_path("manifests/" + folder + "/spark-35.yaml"),
                              testing::fixture_path("manifests/" + folder + "/spark-41.yaml")},
                             {});
}

TEST(Fixtures, IsolatedPairLintsCleanAndReportsSharedInfrastructure) {
  const auto result = lint_fixture_pair("isolated");
  EXPECT_TRUE(result.report.findings.empty()) << result.report.findings.front().message;
  ASSERT_EQ(result.inventory.releases().size(), 2U);
  EXPECT_EQ(result.inventory.releases()[0].spark_version, "3.5.7");
  EXPECT_EQ(result.inventory.releases()[1].spark_version, "4.1.0");
  EXPECT_EQ(result.report.shared.size(), 3U);  // the PostgreSQL server and two buckets
  const auto& r41 = result.inventory.releases()[1];
  ASSERT_EQ(r41.metastore_databases.size(), 1U);
  EXPECT_EQ(r41.metastore_databases[0].value.database, "metastore_spark41");
  EXPECT_EQ(r41.metastore_databases[0].evidence.detail, "container metastore env SERVICE_OPTS");
}

TEST(Fixtures, LiveListOfIsolatedPairLintsClean) {
  const auto result =
      lint_manifest_files({testing::fixture_path("manifests/isolated/kubectl-get-all.json")}, {});
  EXPECT_TRUE(result.report.findings.empty());
  EXPECT_EQ(result.inventory.releases().size(), 2U);
}

struct ProblemCase {
  const char* folder;
  const char* rule;
  std::size_t findings;
  // Writers into the other release's History Server directory, which a shared or nested directory implies.
  std::size_t iso012 = 0;
};

class ProblemTest : public ::testing::TestWithParam<ProblemCase> {};

TEST_P(ProblemTest, DetectedWithTheRightRule) {
  const auto result = lint_fixture_pair(std::string("problems/") + GetParam().folder);
  ASSERT_EQ(result.report.findings.size(), GetParam().findings + GetParam().iso012);
  std::size_t iso012 = 0;
  for (const auto& finding : result.report.findings) {
    if (finding.rule == "ISO012") {
      ++iso012;
      continue;
    }
    EXPECT_EQ(finding.rule, GetParam().rule) << finding.message;
    EXPECT_EQ(finding.releases, (std::vector<std::string>{"spark-35", "spark-41"}));
    std::set<std::string> releases_in_evidence;
    for (const auto& e : finding.evidence) releases_in_evidence.insert(e.release);
    EXPECT_EQ(releases_in_evidence.size(), 2U) << finding.message;
  }
  EXPECT_EQ(iso012, GetParam().iso012);
}

INSTANTIATE_TEST_SUITE_P(CommonProblems, ProblemTest,
                         ::testing::Values(ProblemCase{"service-collision", "ISO001", 2},
                                           ProblemCase{"shared-metastore", "ISO003", 1},
                                           ProblemCase{"shared-log-prefix", "ISO004", 1, 2},
                                           ProblemCase{"nested-log-prefix", "ISO004", 1, 2}),
                         [](const auto& test) {
                           std::string name = test.param.folder;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(Fixtures, ThirdPartyOperatorClusterRightsAreReported) {
  const auto result =
      lint_manifest_files({testing::fixture_path("manifests/third-party/operator-render.yaml")}, {});
  ASSERT_EQ(result.report.findings.size(), 1U);
  EXPECT_EQ(result.report.findings[0].rule, "ISO009");
}

}  // namespace
}  // namespace sparkmv::isolation

namespace sparkmv::isolation {
namespace {

// Hand-written manifests in styles our charts do not use (properties files with "=" and with spaces, JVM
// options in env, custom entrypoints, --conf arguments, projected volumes): each new rule fires on its
// fixture with its severity, and the isolated pair is clean.
struct StyleCase {
  const char* folder;
  std::set<std::pair<std::string, Severity>> expected;
};

class StyleTest : public ::testing::TestWithParam<StyleCase> {};

TEST_P(StyleTest, FindsExactlyTheExpectedRules) {
  const auto result = lint_fixture_pair(std::string("styles/") + GetParam().folder);
  std::set<std::pair<std::string, Severity>> found;
  std::string messages;
  for (const auto& f : result.report.findings) {
    found.emplace(f.rule, f.severity);
    messages += f.rule + ": " + f.message + "\n";
  }
  EXPECT_EQ(found, GetParam().expected) << messages;
  ASSERT_EQ(result.inventory.releases().size(), 2U);
  EXPECT_EQ(result.inventory.releases()[0].name, "lab");
  EXPECT_EQ(result.inventory.releases()[1].name, "legacy");
}

INSTANTIATE_TEST_SUITE_P(
    Styles, StyleTest,
    ::testing::Values(
        StyleCase{"clean", {}},
        StyleCase{"cross-release-logs", {{"ISO005", Severity::error}, {"ISO012", Severity::error}}},
        StyleCase{"undetermined", {{"ISO011", Severity::warning}}},
        StyleCase{"implicit-endpoint", {{"ISO010", Severity::warning}, {"ISO011", Severity::warning}}},
        StyleCase{"hive4-metastore", {{"ISO013", Severity::error}}}),
    [](const ::testing::TestParamInfo<StyleCase>& test) {
      std::string name = test.param.folder;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(Styles, UndeterminedNamesBothWorkloadsAndTheirSettings) {
  const auto result = lint_fixture_pair("styles/undetermined");
  std::set<std::string> what;
  for (const auto& f : result.report.findings)
    what.insert(f.setting + " " + f.evidence.at(0).object.to_string());
  EXPECT_EQ(what, (std::set<std::string>{"History Server log directory Deployment/analytics/legacy-history",
                                         "metastore database Deployment/analytics/legacy-metastore"}));
}

}  // namespace
}  // namespace sparkmv::isolation
