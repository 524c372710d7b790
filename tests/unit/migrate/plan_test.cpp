#include "migrate/plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "common/errors.hpp"
#include "support/manifests.hpp"

namespace sparkmv::migrate {
namespace {

JobInventory inventory_of(int jobs, Risk risk = Risk::low, const char* version = "3.5") {
  JobInventory inventory;
  for (int i = 0; i < jobs; ++i) {
    Job job;
    job.name = "job-" + std::to_string(100 + i);
    job.risk = risk;
    job.version = version;
    inventory.jobs.push_back(job);
  }
  return inventory;
}

PlanOptions options(int share = 20) {
  return PlanOptions{parse_date("2026-12-01"), share};
}

std::vector<std::string> stages(const MigrationPlan& plan) {
  std::vector<std::string> out;
  for (const auto& step : plan.steps) {
    out.push_back(std::string(to_string(step.stage)) +
                  (step.wave > 0 ? " " + std::to_string(step.wave) : "") + " " + format_date(step.date) +
                  " [" + std::to_string(step.jobs.size()) + "]");
  }
  return out;
}

TEST(MigrationPlan, FixtureInventoryFollowsTheGuidesStagesInRiskOrder) {
  const auto plan = plan_migration(load_inventory(testing::fixture_path("jobs/jobs.yaml")), options());
  // 6 jobs on 3.5: pilot of the 2 lowest-risk, then waves of ceil(6 * 20%) = 2.
  EXPECT_EQ(plan.wave_size, 2);
  EXPECT_EQ(stages(plan), (std::vector<std::string>{"parallel run 2026-12-01 [0]", "pilot 2026-12-08 [2]",
                                                    "rollout 1 2026-12-15 [2]", "rollout 2 2026-12-22 [2]",
                                                    "retire 3.5.7 2026-12-29 [0]"}));
  EXPECT_EQ(plan.steps[1].jobs, (std::vector<std::string>{"clickstream-sessions", "inventory-snapshot"}));
  EXPECT_EQ(plan.steps[2].jobs, (std::vector<std::string>{"ad-attribution", "daily-revenue"}));
  EXPECT_EQ(plan.steps[3].jobs, (std::vector<std::string>{"ledger-reconcile", "search-index"}));
  EXPECT_EQ(plan.already_migrated, (std::vector<std::string>{"churn-features"}));
  EXPECT_TRUE(plan.warnings.empty());
}

TEST(MigrationPlan, IsDeterministicWhateverTheFileOrder) {
  auto inventory = load_inventory(testing::fixture_path("jobs/jobs.yaml"));
  const auto first = plan_migration(inventory, options());
  std::reverse(inventory.jobs.begin(), inventory.jobs.end());
  const auto second = plan_migration(inventory, options());
  ASSERT_EQ(first.steps.size(), second.steps.size());
  for (std::size_t i = 0; i < first.steps.size(); ++i) EXPECT_EQ(first.steps[i].jobs, second.steps[i].jobs);
}

struct ShareCase {
  int jobs;
  int share;
  int wave_size;
  int pilots;
  int waves;
};

class ShareTest : public ::testing::TestWithParam<ShareCase> {};

TEST_P(ShareTest, WavesRoundUpAndCoverEveryJobOnce) {
  const auto& c = GetParam();
  const auto plan = plan_migration(inventory_of(c.jobs), options(c.share));
  EXPECT_EQ(plan.wave_size, c.wave_size);
  int pilots = 0;
  int waves = 0;
  std::set<std::string> seen;
  for (const auto& step : plan.steps) {
    if (step.stage == StageKind::pilot) pilots = static_cast<int>(step.jobs.size());
    if (step.stage == StageKind::rollout) {
      ++waves;
      EXPECT_LE(static_cast<int>(step.jobs.size()), c.wave_size);
    }
    for (const auto& job : step.jobs) EXPECT_TRUE(seen.insert(job).second) << job << " planned twice";
  }
  EXPECT_EQ(pilots, c.pilots);
  EXPECT_EQ(waves, c.waves);
  EXPECT_EQ(static_cast<int>(seen.size()), c.jobs);
  EXPECT_EQ(plan.steps.front().stage, StageKind::parallel_run);
  EXPECT_EQ(plan.steps.back().stage, StageKind::retire);
}

INSTANTIATE_TEST_SUITE_P(Shares, ShareTest,
                         ::testing::Values(ShareCase{0, 20, 0, 0, 0}, ShareCase{1, 20, 1, 1, 0},
                                           ShareCase{4, 20, 1, 1, 3}, ShareCase{5, 20, 1, 2, 3},
                                           ShareCase{10, 20, 2, 2, 4}, ShareCase{11, 20, 3, 2, 3},
                                           ShareCase{10, 100, 10, 2, 1}, ShareCase{50, 1, 1, 2, 48}));

TEST(MigrationPlan, EmptyInventoryGoesStraightToRetirement) {
  const auto plan = plan_migration(inventory_of(0), options());
  EXPECT_EQ(stages(plan),
            (std::vector<std::string>{"parallel run 2026-12-01 [0]", "retire 3.5.7 2026-12-08 [0]"}));
}

TEST(MigrationPlan, WarnsWhenNoLowRiskJobCanPilot) {
  const auto plan = plan_migration(inventory_of(3, Risk::high), options());
  ASSERT_EQ(plan.warnings.size(), 1U);
  EXPECT_NE(plan.warnings[0].find("no low-risk job"), std::string::npos);
}

TEST(MigrationPlan, JobsAlreadyOn41AreNotPlanned) {
  const auto plan = plan_migration(inventory_of(3, Risk::low, "4.1"), options());
  EXPECT_EQ(plan.already_migrated.size(), 3U);
  EXPECT_EQ(plan.steps.size(), 2U);
}

TEST(MigrationPlan, RejectsSharesOutsideOneToHundred) {
  EXPECT_THROW(plan_migration(inventory_of(3), options(0)), InputError);
  EXPECT_THROW(plan_migration(inventory_of(3), options(101)), InputError);
}

TEST(Dates, ParseAndFormatRoundTripAndRejectImpossibleDays) {
  EXPECT_EQ(format_date(parse_date("2028-02-29")), "2028-02-29");
  EXPECT_EQ(format_date(parse_date("2026-12-29") + std::chrono::days{7}), "2027-01-05");
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-12-01", "2026/12/01", "2026-12-1x", ""}) {
    EXPECT_THROW(parse_date(bad), InputError) << bad;
  }
}

}  // namespace
}  // namespace sparkmv::migrate
