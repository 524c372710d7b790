// `events compare` on real runs of the same workload: across versions, across run kinds (batch and a Spark
// Connect tag), against a deliberately slowed run, and against itself.
#include "analysis/compare.hpp"

#include <gtest/gtest.h>

#include "analysis/html_report.hpp"
#include "analysis/json_output.hpp"
#include "fixture_runs.hpp"

namespace sparkmv::analysis {
namespace {

using testing::summary_of;

struct RunRef {
  std::string fixture;
  std::string tag;
};

Comparison compare(const RunRef& base, const RunRef& candidate, const CompareOptions& options = {}) {
  return compare_runs(summary_of(base.fixture, base.tag), summary_of(candidate.fixture, candidate.tag),
                      options);
}

const RunRef v35{"35-samejob", ""};
const RunRef v41{"41-samejob", ""};
const RunRef v41_slow{"41-samejob-slow", ""};
const RunRef connect_a{"41-connect", "job-a"};
const RunRef connect_b{"41-connect", "job-b"};
const RunRef connect_slow{"41-connect", "job-a-slow"};

TEST(Compare, IdenticalRunIsNoRegression) {
  for (const auto& run : {v35, v41, connect_a}) {
    const auto c = compare(run, run);
    EXPECT_EQ(c.verdict, Verdict::no_regression) << run.fixture;
    EXPECT_TRUE(c.unaligned.empty());
    EXPECT_DOUBLE_EQ(c.base_aligned, 1.0);
  }
}

TEST(Compare, SlowedRunIsARegressionBothKinds) {
  const auto batch = compare(v41, v41_slow);
  EXPECT_EQ(batch.verdict, Verdict::regression);
  const auto connect = compare(connect_a, connect_slow);
  EXPECT_EQ(connect.verdict, Verdict::regression);
  // Over Connect the wall time grew less than the threshold; executor CPU time (5x) decides.
  EXPECT_EQ(connect.judgements.at(1).outcome, "regression");
  // The other way round it is an improvement, not a regression.
  EXPECT_EQ(compare(v41_slow, v41).verdict, Verdict::improvement);
  EXPECT_EQ(compare(connect_slow, connect_a).verdict, Verdict::improvement);
}

TEST(Compare, VersionsAndRunKindsAlignEveryItem) {
  // The same workload on 3.5 batch, 4.1 batch and a 4.1 Connect tag: every SQL execution, job and stage
  // pairs.
  for (const auto& [base, candidate] : std::vector<std::pair<RunRef, RunRef>>{
           {v35, v41}, {v41, v35}, {v35, connect_a}, {connect_a, v35}, {v41, connect_a}, {connect_a, v41}}) {
    const auto c = compare(base, candidate);
    SCOPED_TRACE(base.fixture + " vs " + candidate.fixture + " " + candidate.tag);
    EXPECT_EQ(c.sql.size(), 4U);
    EXPECT_EQ(c.jobs.size(), 12U);
    EXPECT_EQ(c.stages.size(), 12U);
    EXPECT_TRUE(c.unaligned.empty());
    EXPECT_NE(c.verdict, Verdict::inconclusive);
  }
  // 3.5 -> 4.1 batch: wall time -14.5%, CPU under the judging minimum: no regression either way.
  EXPECT_EQ(compare(v35, v41).verdict, Verdict::no_regression);
  EXPECT_EQ(compare(v41, v35).verdict, Verdict::no_regression);
}

TEST(Compare, DifferentJobIsInconclusiveAndSaysWhatDidNotAlign) {
  const auto c = compare(v41, connect_b);
  EXPECT_EQ(c.verdict, Verdict::inconclusive);
  EXPECT_FALSE(c.unaligned.empty());
  EXPECT_NE(c.reasons.front().find("too different"), std::string::npos);
}

TEST(Compare, SmallRunsAreInconclusiveUnderALargeMinimum) {
  CompareOptions options;
  options.min_duration_ms = 60'000;
  const auto c = compare(v41, v41_slow, options);
  EXPECT_EQ(c.verdict, Verdict::inconclusive);
}

TEST(Compare, ThresholdsAreConfigurable) {
  CompareOptions options;
  options.wall_threshold = 10.0;  // 1000%
  options.cpu_threshold = 10.0;
  EXPECT_EQ(compare(v41, v41_slow, options).verdict, Verdict::no_regression);
}

TEST(Compare, AlignmentNameDropsPathsAndConnectPlans) {
  EXPECT_EQ(alignment_name("collect at /tmp/x/jobs/samejob.py:20"), "collect at samejob.py:20");
  EXPECT_EQ(alignment_name("Spark Connect - session_id: \"97\"\nplan {"), "");
  EXPECT_EQ(alignment_name("$anonfun$withThreadLocalCaptured$2 at CompletableFuture.java:1768"), "");
}

TEST(Compare, JsonAndHtmlCarryTheVerdict) {
  const auto c = compare(v41, v41_slow);
  const auto json = to_json(c);
  EXPECT_EQ(json["verdict"], "regression");
  // The slowed plan runs the second query's first two jobs in the other order (AQE): 11 of 12 stages pair,
  // and the pair that differs in shape is listed as not aligned instead of being matched wrongly.
  EXPECT_EQ(json["items"]["stage"].size(), 11U);
  EXPECT_EQ(json["unaligned"].size(), 4U);
  const auto html = render_html(c);
  EXPECT_NE(html.find("Verdict: regression"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-stages\""), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"chart-sql\""), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // no link but the SVG namespace
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

}  // namespace
}  // namespace sparkmv::analysis
