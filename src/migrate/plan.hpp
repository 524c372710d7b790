#pragma once
// The guide's four migration stages as a dated, deterministic plan: parallel run, pilot of the 1-2
// lowest-risk jobs, weekly waves of about the weekly share ordered by risk (3.5.7 kept for rollback), and
// the retirement of 3.5.7 after a final coexistence test.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/inventory.hpp"

namespace sparkmv::migrate {

struct PlanOptions {
  std::chrono::sys_days start{};
  int weekly_share_percent = 20;  // of the jobs still on 3.5 when planning
};

enum class StageKind { parallel_run, pilot, rollout, retire };
std::string_view to_string(StageKind kind);

struct PlanStep {
  StageKind stage = StageKind::parallel_run;
  int wave = 0;  // 1-based within the rollout; 0 elsewhere
  std::chrono::sys_days date{};
  std::vector<std::string> jobs;  // names, in the order to move them
  std::string action;
};

struct MigrationPlan {
  std::vector<PlanStep> steps;
  std::vector<std::string> already_migrated;  // pinned to 4.1 before the plan starts
  std::vector<std::string> warnings;
  int wave_size = 0;
};

// Raises InputError for a weekly share outside 1..100.
MigrationPlan plan_migration(const JobInventory& inventory, const PlanOptions& options);

// "YYYY-MM-DD"; InputError for anything else or an impossible date.
std::chrono::sys_days parse_date(std::string_view text);
std::string format_date(std::chrono::sys_days day);

}  // namespace sparkmv::migrate
