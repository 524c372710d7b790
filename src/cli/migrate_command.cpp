#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/text_output.hpp"
#include "migrate/inventory.hpp"
#include "migrate/plan.hpp"

namespace sparkmv::cli {

namespace {

struct PlanCommandOptions {
  std::string jobs_file = "jobs.yaml";
  std::string start;
  int weekly_share = 20;
  OutputFormat format = OutputFormat::table;
};

std::string stage_label(const migrate::PlanStep& step) {
  if (step.stage == migrate::StageKind::rollout) return fmt::format("rollout {}", step.wave);
  return std::string(migrate::to_string(step.stage));
}

nlohmann::json plan_json(const migrate::JobInventory& inventory, const migrate::MigrationPlan& plan,
                         int share) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : plan.steps) {
    steps.push_back({{"date", migrate::format_date(step.date)},
                     {"stage", migrate::to_string(step.stage)},
                     {"wave", step.wave},
                     {"jobs", step.jobs},
                     {"action", step.action}});
  }
  return {{"inventory", inventory.path},
          {"jobs", inventory.jobs.size()},
          {"weekly_share_percent", share},
          {"wave_size", plan.wave_size},
          {"already_migrated", plan.already_migrated},
          {"steps", steps},
          {"warnings", plan.warnings}};
}

std::string plan_table(const migrate::JobInventory& inventory, const migrate::MigrationPlan& plan,
                       int share) {
  const auto on_legacy = inventory.jobs.size() - plan.already_migrated.size();
  std::string out = fmt::format(
      "{} job(s) in {}: {} on 3.5.7, {} already on 4.1.0; waves of {} ({}% a week)\n\n",
      inventory.jobs.size(), inventory.path, on_legacy, plan.already_migrated.size(), plan.wave_size, share);
  out += fmt::format("{:<11} {:<13} {}\n", "DATE", "STAGE", "JOBS / ACTION");
  for (const auto& step : plan.steps) {
    const auto jobs = step.jobs.empty() ? std::string("-") : fmt::format("{}", fmt::join(step.jobs, ", "));
    out += fmt::format("{:<11} {:<13} {}\n{:<25} {}\n", migrate::format_date(step.date), stage_label(step),
                       jobs, "", step.action);
  }
  for (const auto& warning : plan.warnings) out += fmt::format("\nwarning: {}\n", warning);
  return out;
}

ExitCode run_plan(const PlanCommandOptions& options) {
  const auto inventory = migrate::load_inventory(options.jobs_file);
  migrate::PlanOptions plan_options;
  plan_options.weekly_share_percent = options.weekly_share;
  plan_options.start = options.start.empty()
                           ? std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())
                           : migrate::parse_date(options.start);
  const auto plan = migrate::plan_migration(inventory, plan_options);
  if (options.format == OutputFormat::json) {
    std::cout << json_text(plan_json(inventory, plan, options.weekly_share)) << '\n';
  } else {
    std::cout << terminal_text(plan_table(inventory, plan, options.weekly_share), false);
  }
  return ExitCode::ok;
}

}  // namespace

void add_migrate_commands(CLI::App& app, CommandAction& action) {
  auto* migrate = app.add_subcommand("migrate", "Plan and track the move of jobs from Spark 3.5.7 to 4.1.0");
  migrate->require_subcommand(1);

  auto plan_options = std::make_shared<PlanCommandOptions>();
  auto* plan = migrate->add_subcommand(
      "plan",
      "The guide's four stages as a dated plan: parallel run, pilot of the 1-2 lowest-risk jobs, weekly "
      "waves ordered by risk, retirement of 3.5.7");
  plan->add_option("--jobs", plan_options->jobs_file, "Job inventory (default: jobs.yaml)");
  plan->add_option("--start", plan_options->start, "First day of the plan, YYYY-MM-DD (default: today, UTC)");
  plan->add_option("--weekly-share", plan_options->weekly_share,
                   "Percentage of the 3.5 jobs moved each week (default: 20)");
  add_output_option(*plan, plan_options->format);
  plan->callback([&action, plan_options] { action = [plan_options] { return run_plan(*plan_options); }; });

  add_migrate_change_commands(*migrate, action);
  add_migrate_run_commands(*migrate, action);
}

}  // namespace sparkmv::cli
