// Terminal escaping of the lint table: the colour codes lint paints survive terminal_text, text from the
// manifests does not reach the terminal raw.
#include "cli/text_output.hpp"

#include <gtest/gtest.h>

#include "cli/isolation_output.hpp"
#include "isolation/lint.hpp"
#include "support/manifests.hpp"
#include "verify/check.hpp"

namespace sparkmv {
namespace {

using testing::fixture_path;

// Every colour code the lint table paints (rule, error, warning, shared, ignored) is one terminal_text keeps:
// on a clean render, escaping with colour on changes nothing.
TEST(TerminalText, KeepsEveryColourTheLintTablePaints) {
  auto result =
      isolation::lint_manifest_files({fixture_path("manifests/styles/cross-release-logs/spark-35.yaml"),
                                      fixture_path("manifests/styles/cross-release-logs/spark-41.yaml")},
                                     {});
  isolation::apply_suppressions(result.report, {isolation::parse_suppression("ISO012=legacy")});
  ASSERT_FALSE(result.report.ignored.empty());
  ASSERT_FALSE(result.report.findings.empty());
  const auto table = cli::render_isolation_table(result, true);
  ASSERT_NE(table.find("\x1b[2mignored (--ignore ISO012=legacy)\x1b[0m"), std::string::npos) << table;
  EXPECT_EQ(cli::terminal_text(table, true), table);
}

TEST(TerminalText, EscapesSequencesThatAreNotOurColours) {
  EXPECT_EQ(cli::terminal_text("\x1b[2mdim\x1b[0m \x1b[2J\x1b]0;owned\x07", true),
            "\x1b[2mdim\x1b[0m \\x1b[2J\\x1b]0;owned\\x07");
  EXPECT_EQ(cli::terminal_text("\x1b[2mdim\x1b[0m", false), "\\x1b[2mdim\\x1b[0m");
}

// The verify table's own colours (pass, fail, error, skip) survive; what a check saw on the cluster (object
// names, log lines) does not reach the terminal raw.
TEST(TerminalText, KeepsTheVerifyTablesColoursAndEscapesWhatTheClusterSaid) {
  verify::VerifyReport report;
  report.target = "kube";
  for (const auto status : {verify::CheckStatus::pass, verify::CheckStatus::fail, verify::CheckStatus::error,
                            verify::CheckStatus::skipped}) {
    verify::Check check;
    check.id = "demo";
    check.title = "demo check";
    check.status = status;
    check.evidence = {"seen fine"};
    report.checks.push_back(check);
  }
  const auto clean = verify::render_table(report, true);
  EXPECT_EQ(cli::terminal_text(clean, true), clean);
  report.checks[1].evidence = {"svc spark-35\x1b]0;owned\x07"};
  const auto hostile = cli::terminal_text(verify::render_table(report, true), true);
  EXPECT_EQ(hostile.find("\x1b]0;owned"), std::string::npos) << hostile;
  EXPECT_NE(hostile.find("svc spark-35\\x1b]0;owned\\x07"), std::string::npos) << hostile;
}

}  // namespace
}  // namespace sparkmv
