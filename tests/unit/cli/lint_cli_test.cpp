// The lint command as users and scripts see it: exit codes, output formats, stdin, errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/manifests.hpp"
#include "support/process.hpp"

namespace sparkmv {
namespace {

using testing::fixture_path;
using testing::run_sparkmv;

TEST(Cli, VersionAndHelp) {
  const auto version = run_sparkmv({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("sparkmv ") + SPARKMV_VERSION + "\n");
  const auto help = run_sparkmv({"lint", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--release"), std::string::npos);
  EXPECT_NE(help.out.find("-o,--output"), std::string::npos);
}

TEST(Cli, BadUsageExitsTwo) {
  EXPECT_EQ(run_sparkmv({}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"lint", "-o", "xml", fixture_path("manifests/isolated/spark-35.yaml")}).exit_code,
            2);
  const auto bad_binding = run_sparkmv({"lint", "--release", "spark-35"});
  EXPECT_EQ(bad_binding.exit_code, 2);
  EXPECT_NE(bad_binding.err.find("expected NAME=FILE[@NAMESPACE]"), std::string::npos);
}

TEST(Cli, IsolatedPairExitsZeroWithSummary) {
  const auto r = run_sparkmv({"lint", fixture_path("manifests/isolated/spark-35.yaml"),
                              fixture_path("manifests/isolated/spark-41.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 error(s), 0 warning(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("shared (allowed)"), std::string::npos);
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when not on a terminal";
}

TEST(Cli, FindingsExitOneAndJsonCarriesRuleObjectsAndFix) {
  const auto r =
      run_sparkmv({"lint", "-o", "json", fixture_path("manifests/problems/shared-metastore/spark-35.yaml"),
                   fixture_path("manifests/problems/shared-metastore/spark-41.yaml")});
  EXPECT_EQ(r.exit_code, 1);
  const auto report = nlohmann::json::parse(r.out);
  ASSERT_EQ(report["findings"].size(), 1U);
  const auto& finding = report["findings"][0];
  EXPECT_EQ(finding["rule"], "ISO003");
  EXPECT_EQ(finding["severity"], "error");
  EXPECT_FALSE(finding["fix"].get<std::string>().empty());
  // spark-35 names its database twice (hive-site.xml and the metastore's env), spark-41 once.
  ASSERT_EQ(finding["objects"].size(), 3U);
  EXPECT_EQ(finding["objects"][0]["kind"], "ConfigMap");
  EXPECT_EQ(finding["objects"][0]["name"], "spark-35-hive-site");
  EXPECT_EQ(finding["objects"][0]["detail"], "data[hive-site.xml] line 3");
  EXPECT_EQ(finding["objects"][1]["name"], "spark-35-spark-standalone-metastore");
  EXPECT_EQ(finding["objects"][2]["release"], "spark-41");
  EXPECT_GT(finding["objects"][0]["line"].get<int>(), 0);
  EXPECT_EQ(report["summary"]["errors"], 1);
}

TEST(Cli, ReadsStandardInputWithReleaseBinding) {
  const auto render = testing::slurp(fixture_path("manifests/problems/service-collision/spark-41.yaml"));
  const auto r = run_sparkmv({"lint", "-o", "json", "--release", "spark-41=-@spark",
                              fixture_path("manifests/problems/service-collision/spark-35.yaml")},
                             render);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::vector<std::string> rules;
  for (const auto& f : report["findings"]) rules.push_back(f["rule"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"ISO001", "ISO001"}));
  EXPECT_EQ(report["findings"][0]["objects"][1]["file"], "<stdin>");
}

TEST(Cli, BadInputExitsTwoWithOneLineNamingTheFile) {
  const auto path = fixture_path("manifests/bad/malformed.yaml");
  const auto r = run_sparkmv({"lint", fixture_path("manifests/isolated/spark-35.yaml"), path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(path + ":5:"), std::string::npos) << r.err;
}

TEST(Cli, EmptyStandardInputIsBadInput) {
  const auto r = run_sparkmv({"lint"}, "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("<stdin>: empty input"), std::string::npos) << r.err;
}

TEST(Cli, WarningsExitZeroUnlessStrict) {
  const std::vector<std::string> files = {fixture_path("manifests/styles/undetermined/spark-35.yaml"),
                                          fixture_path("manifests/styles/undetermined/spark-41.yaml")};
  auto args = std::vector<std::string>{"lint"};
  args.insert(args.end(), files.begin(), files.end());
  const auto relaxed = run_sparkmv(args);
  EXPECT_EQ(relaxed.exit_code, 0) << relaxed.out << relaxed.err;
  EXPECT_NE(relaxed.out.find("ISO011 warning"), std::string::npos) << relaxed.out;
  EXPECT_NE(relaxed.out.find("0 error(s), 2 warning(s)"), std::string::npos) << relaxed.out;
  args.insert(args.begin() + 1, "--strict");
  EXPECT_EQ(run_sparkmv(args).exit_code, 1);
}

TEST(Cli, IgnoreSuppressesOneFindingAndSaysSo) {
  const auto r = run_sparkmv({"lint", "-o", "json", "--ignore", "ISO012=legacy", "--ignore",
                              "ISO003=Deployment/analytics/nothing",
                              fixture_path("manifests/styles/cross-release-logs/spark-35.yaml"),
                              fixture_path("manifests/styles/cross-release-logs/spark-41.yaml")});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // ISO005 is still there
  const auto report = nlohmann::json::parse(r.out);
  ASSERT_EQ(report["findings"].size(), 1U);
  EXPECT_EQ(report["findings"][0]["rule"], "ISO005");
  ASSERT_EQ(report["ignored"].size(), 1U);
  EXPECT_EQ(report["ignored"][0]["rule"], "ISO012");
  EXPECT_EQ(report["ignored"][0]["by"], "ISO012=legacy");
  EXPECT_EQ(report["unused_ignores"], nlohmann::json::array({"ISO003=Deployment/analytics/nothing"}));
  EXPECT_EQ(report["summary"]["ignored"], 1);
  const auto table = run_sparkmv({"lint", "--ignore", "ISO012=legacy",
                                  fixture_path("manifests/styles/cross-release-logs/spark-35.yaml"),
                                  fixture_path("manifests/styles/cross-release-logs/spark-41.yaml")});
  EXPECT_NE(table.out.find("ignored (--ignore ISO012=legacy) ISO012 error:"), std::string::npos) << table.out;
  const auto bad =
      run_sparkmv({"lint", "--ignore", "ISO999=x", fixture_path("manifests/styles/clean/spark-35.yaml")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown rule ISO999"), std::string::npos) << bad.err;
}

TEST(Cli, ExplainAndJsonSayWhatWasDeterminedAndFromWhere) {
  const std::string a = fixture_path("manifests/styles/undetermined/spark-35.yaml");
  const std::string b = fixture_path("manifests/styles/undetermined/spark-41.yaml");
  const auto table = run_sparkmv({"lint", "--explain", a, b});
  EXPECT_NE(table.out.find("lab (Spark 4.1.0): what sparkmv determined, and from where"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("History Server log directory   s3a://platform-logs/spark-4.1"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("NOT DETERMINED for History Server Deployment/analytics/legacy-history"),
            std::string::npos)
      << table.out;
  const auto json = nlohmann::json::parse(run_sparkmv({"lint", "-o", "json", a, b}).out);
  const auto& legacy = json["releases"][1];
  ASSERT_EQ(legacy["name"], "legacy");
  ASSERT_EQ(legacy["undetermined"].size(), 2U);
  EXPECT_EQ(legacy["undetermined"][0]["setting"], "History Server log directory");
  EXPECT_FALSE(legacy["undetermined"][0]["looked_in"].empty());
  bool warehouse = false;
  for (const auto& row : legacy["determined"]) {
    warehouse = warehouse || (row["setting"] == "warehouse or checkpoint" &&
                              row["value"] == "s3a://platform-warehouse/spark-3.5" &&
                              row["source"]["name"] == "legacy-spark-conf");
  }
  EXPECT_TRUE(warehouse) << legacy["determined"].dump(2);
}

// lint --explain and -o json name the files they read; a file name with an escape sequence or bytes that are
// not UTF-8 reaches neither the terminal raw nor the JSON broken.
TEST(Cli, ExplainAndJsonEscapeHostileFileNames) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("sparkmv-lint-names-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto a = (dir / "35-\x1b]0;owned\x07\x1b[2J.yaml").string();
  const auto b = (dir / "41-\xff\xfe.yaml").string();
  std::filesystem::copy_file(fixture_path("manifests/styles/undetermined/spark-35.yaml"), a);
  std::filesystem::copy_file(fixture_path("manifests/styles/undetermined/spark-41.yaml"), b);
  const auto table = run_sparkmv({"lint", "--explain", a, b});
  const auto json = run_sparkmv({"lint", "-o", "json", a, b});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("what sparkmv determined, and from where"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("35-\\x1b]0;owned\\x07\\x1b[2J.yaml:"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("41-\\xff\\xfe.yaml:"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find_first_of("\x1b\x07"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find('\xff'), std::string::npos) << table.out;
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(nlohmann::json::parse(json.out).is_object());  // parse throws on invalid UTF-8
  EXPECT_NE(json.out.find("41-\\\\xff\\\\xfe.yaml"), std::string::npos) << json.out;
}

}  // namespace
}  // namespace sparkmv
