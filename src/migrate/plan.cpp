#include "migrate/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "common/errors.hpp"

namespace sparkmv::migrate {

namespace {

constexpr std::chrono::days week{7};

// Lowest risk first; names break ties so that the plan never depends on the file's order.
std::vector<const Job*> jobs_to_migrate(const JobInventory& inventory) {
  std::vector<const Job*> jobs;
  for (const auto& job : inventory.jobs) {
    if (job.version == legacy_version) jobs.push_back(&job);
  }
  std::sort(jobs.begin(), jobs.end(), [](const Job* a, const Job* b) {
    return a->risk != b->risk ? a->risk < b->risk : a->name < b->name;
  });
  return jobs;
}

// The guide pilots "1-2 low-risk jobs": two once there are enough jobs left for waves after them.
std::size_t pilot_size(std::size_t waiting) {
  if (waiting == 0) return 0;
  return waiting >= 5 ? 2 : 1;
}

std::vector<std::string> names(std::vector<const Job*>::const_iterator begin,
                               std::vector<const Job*>::const_iterator end) {
  std::vector<std::string> out;
  for (auto it = begin; it != end; ++it) out.push_back((*it)->name);
  return out;
}

}  // namespace

std::string_view to_string(StageKind kind) {
  switch (kind) {
    case StageKind::parallel_run:
      return "parallel run";
    case StageKind::pilot:
      return "pilot";
    case StageKind::rollout:
      return "rollout";
    case StageKind::retire:
      return "retire 3.5.7";
  }
  return "?";
}

MigrationPlan plan_migration(const JobInventory& inventory, const PlanOptions& options) {
  if (options.weekly_share_percent < 1 || options.weekly_share_percent > 100) {
    throw InputError(
        fmt::format("--weekly-share {}: expected a percentage from 1 to 100", options.weekly_share_percent));
  }
  MigrationPlan plan;
  for (const auto& job : inventory.jobs) {
    if (job.version == target_version) plan.already_migrated.push_back(job.name);
  }
  std::sort(plan.already_migrated.begin(), plan.already_migrated.end());

  const auto waiting = jobs_to_migrate(inventory);
  auto date = options.start;
  plan.steps.push_back({StageKind::parallel_run,
                        0,
                        date,
                        {},
                        "deploy spark-41 beside spark-35 (sparkmv deploy), production stays on 3.5.7, run "
                        "sparkmv verify and smoke tests on 4.1.0"});

  const auto pilots = pilot_size(waiting.size());
  if (pilots > 0) {
    date += week;
    if (waiting.front()->risk != Risk::low) {
      plan.warnings.push_back(fmt::format("no low-risk job to pilot: the pilot takes {} (risk {})",
                                          waiting.front()->name, to_string(waiting.front()->risk)));
    }
    plan.steps.push_back(
        {StageKind::pilot, 0, date, names(waiting.begin(), waiting.begin() + static_cast<long>(pilots)),
         "run each job on 4.1.0 beside its 3.5.7 run, compare (sparkmv events compare), move its pin when "
         "nothing regressed; watch stability"});
  }

  // About the weekly share of all the jobs that were on 3.5.7, rounded up so that waves never stall at 0.
  const auto total = static_cast<int>(waiting.size());
  plan.wave_size = total == 0 ? 0 : std::max(1, (total * options.weekly_share_percent + 99) / 100);
  int wave = 0;
  for (auto it = waiting.begin() + static_cast<long>(pilots); it != waiting.end();) {
    const auto end = waiting.end() - it > plan.wave_size ? it + plan.wave_size : waiting.end();
    date += week;
    plan.steps.push_back(
        {StageKind::rollout, ++wave, date, names(it, end),
         "compare and move each job's pin; keep spark-35 for rollback; watch both History Servers"});
    it = end;
  }

  date += week;
  plan.steps.push_back({StageKind::retire,
                        0,
                        date,
                        {},
                        "check no job pins 3.5, run the final coexistence test, remove release spark-35 "
                        "(keep metastore_spark35 and the 3.5 event logs)"});
  return plan;
}

std::chrono::sys_days parse_date(std::string_view text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const auto bad = [&] { return InputError(fmt::format("date '{}': expected YYYY-MM-DD", text)); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw bad();
  const auto parse = [&](std::size_t pos, std::size_t len, auto& out) {
    const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    if (ec != std::errc() || end != text.data() + pos + len) throw bad();
  };
  parse(0, 4, y);
  parse(5, 2, m);
  parse(8, 2, d);
  const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!day.ok()) throw InputError(fmt::format("date '{}': no such day", text));
  return std::chrono::sys_days{day};
}

std::string format_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

}  // namespace sparkmv::migrate
