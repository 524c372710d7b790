// `events compare` on real runs of the same workload: across versions, across run kinds (batch and a Spark
// Connect tag), against a deliberately slowed run, and against itself.
#include "analysis/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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
// The same job on a 3.5 standalone master: one executor with local[2]'s resources, and two smaller ones.
const RunRef v35_standalone{"35-samejob-standalone", ""};
const RunRef v35_standalone_wide{"35-samejob-standalone-wide", ""};

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

namespace sparkmv::analysis {
namespace {

bool has_caveat(const Comparison& c, std::string_view text) {
  return std::any_of(c.caveats.begin(), c.caveats.end(),
                     [&](const std::string& caveat) { return caveat.find(text) != std::string::npos; });
}

TEST(CompareLikeWithLike, ResourcesComeFromTheLog) {
  const auto local = resources_of(summary_of(v35.fixture));
  EXPECT_EQ(local.master_kind, "local");
  EXPECT_EQ(local.executors, 1);
  EXPECT_EQ(local.cores, 2);
  EXPECT_EQ(local.memory_mb, 512);  // the driver's, which runs the tasks
  const auto standalone = resources_of(summary_of(v35_standalone.fixture));
  EXPECT_EQ(standalone.master_kind, "standalone");
  EXPECT_EQ(standalone.executors, 1);
  EXPECT_EQ(standalone.cores, 2);
  EXPECT_EQ(standalone.memory_mb, 512);
  const auto wide = resources_of(summary_of(v35_standalone_wide.fixture));
  EXPECT_EQ(wide.executors, 2);
  EXPECT_EQ(wide.cores, 2);
}

TEST(CompareLikeWithLike, OtherMasterAloneIsACaveatNotARefusal) {
  // 3.5 on the standalone master against 4.1 in local[2], with the same executors, cores and memory.
  const auto c = compare(v35_standalone, v41);
  EXPECT_NE(c.verdict, Verdict::not_comparable);
  EXPECT_NE(c.verdict, Verdict::inconclusive);
  EXPECT_TRUE(c.resource_differences.empty());
  EXPECT_TRUE(has_caveat(c, "different masters: standalone")) << (c.caveats.empty() ? "" : c.caveats[0]);
  EXPECT_FALSE(has_caveat(compare(v35, v41), "different masters"));
}

TEST(CompareLikeWithLike, OtherExecutorCountIsNotComparable) {
  const auto c = compare(v35_standalone_wide, v41);
  EXPECT_EQ(c.verdict, Verdict::not_comparable);
  ASSERT_EQ(c.resource_differences.size(), 1U);
  EXPECT_EQ(c.resource_differences[0].name, "executors");
  EXPECT_EQ(c.resource_differences[0].base, "2");
  EXPECT_EQ(c.resource_differences[0].candidate, "1");
  EXPECT_NE(c.reasons.front().find("different resources"), std::string::npos) << c.reasons.front();
  const auto json = to_json(c);
  EXPECT_EQ(json["verdict"], "not comparable");
  EXPECT_EQ(json["resource_differences"][0]["name"], "executors");
  EXPECT_EQ(json["resources"]["base"]["executors"], 2);
  EXPECT_NE(render_html(c).find("Verdict: not comparable"), std::string::npos);
}

TEST(CompareLikeWithLike, CompareAnywayJudgesAndSaysSo) {
  CompareOptions options;
  options.compare_anyway = true;
  const auto c = compare(v35_standalone_wide, v41, options);
  EXPECT_NE(c.verdict, Verdict::not_comparable);
  EXPECT_TRUE(has_caveat(c, "compared anyway"));
  EXPECT_EQ(to_json(c)["options"]["compare_anyway"], true);
}

TEST(CompareLikeWithLike, ToleranceDecides) {
  CompareOptions options;
  options.resource_tolerance = 0.6;  // 1 vs 2 executors is 50% of the larger
  EXPECT_NE(compare(v35_standalone_wide, v41, options).verdict, Verdict::not_comparable);
}

TEST(CompareLikeWithLike, ConnectServerWithMoreDriverMemoryIsNotComparableWithABatchRun) {
  // The Connect fixture's server ran with 768 MiB, the batch runs with 512 MiB.
  const auto c = compare(v41, connect_a);
  EXPECT_EQ(c.verdict, Verdict::not_comparable);
  ASSERT_EQ(c.resource_differences.size(), 1U);
  EXPECT_EQ(c.resource_differences[0].name, "memory per executor");
}

}  // namespace
}  // namespace sparkmv::analysis
