#include "migrate/status.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "common/errors.hpp"
#include "common/utc_time.hpp"
#include "migrate/change.hpp"
#include "migrate/submit_config.hpp"

namespace sparkmv::migrate {

namespace {

std::string when(std::int64_t ms) {
  return utc::format(ms, "%Y-%m-%d %H:%M");
}

std::string run_text(const std::optional<TaggedRun>& run) {
  if (!run) return "-";
  return fmt::format("{} {} {}", run->version,
                     run->succeeded()   ? "ok"
                     : run->in_progress ? "running"
                                        : "failed",
                     when(run->start_ms));
}

// Which stage of the plan each job belongs to: "pilot" for wave 0, "wave N" after it.
std::map<std::string, std::string> stages_of(const JobInventory& inventory,
                                             const std::vector<JournalEntry>& journal,
                                             std::vector<StageProgress>& progress) {
  std::map<std::string, std::string> stage;
  for (int wave = 0; wave < 1000; ++wave) {
    std::vector<std::string> jobs;
    try {
      jobs = wave_jobs(inventory, journal, wave, PlanOptions{});
    } catch (const InputError&) {
      break;
    }
    StageProgress p{wave == 0 ? "pilot" : fmt::format("wave {}", wave), static_cast<int>(jobs.size()), 0};
    for (const auto& name : jobs) {
      stage[name] = p.stage;
      if (const auto* job = inventory.find(name); job && job->version == target_version) ++p.on_target;
    }
    progress.push_back(p);
  }
  return stage;
}

}  // namespace

StatusReport build_status(const JobInventory& inventory, const std::vector<JournalEntry>& journal,
                          const std::map<std::string, RunsOfJob>& runs) {
  StatusReport report;
  report.inventory = inventory.path;
  const auto stage = stages_of(inventory, journal, report.stages);
  for (const auto& job : inventory.jobs) {
    JobStatus s;
    s.job = job.name;
    s.pin = job.version;
    s.kind = std::string(to_string(job.kind));
    if (const auto it = stage.find(job.name); it != stage.end()) s.stage = it->second;
    if (const auto it = runs.find(job.name); it != runs.end()) {
      if (!it->second.runs.empty()) s.last_run = it->second.runs.back();
      if (!it->second.trials.empty()) s.last_trial = it->second.trials.back();
    }
    const auto comparison = latest_comparison(journal, job.name);
    if (comparison) s.last_verdict = comparison->verdict;
    // The newest pin change tells whether the job is in its promoted period.
    std::optional<JournalEntry> last_change;
    for (const auto& e : job_history(journal, job.name)) {
      if (e.action == "promote" || e.action == "rollback") last_change = e;
    }
    if (s.last_run && s.last_run->version != job.version) {
      s.alerts.push_back(fmt::format("last run on {}, but pinned to {}", s.last_run->version, job.version));
    }
    if (last_change && last_change->action == "promote" && job.version == target_version) {
      const auto promoted_at = utc::parse_iso8601(last_change->time);
      if (s.last_run && s.last_run->start_ms >= promoted_at && !s.last_run->succeeded() &&
          !s.last_run->in_progress) {
        s.alerts.push_back(
            fmt::format("failed after promotion ({} on {})", s.last_run->app_id, s.last_run->version));
      }
      if (comparison && comparison->verdict == "regression" &&
          utc::parse_iso8601(comparison->time) >= promoted_at) {
        s.alerts.push_back("regression after promotion (" + comparison->time + ")");
      }
      if (last_change->forced) s.alerts.push_back("promoted with --force (no passing comparison)");
    }
    if (job.version == target_version) ++report.on_target;
    report.alerts += static_cast<int>(s.alerts.size());
    report.jobs.push_back(std::move(s));
  }
  return report;
}

StatusReport migration_status(eventlog::Storage& storage, const JobInventory& inventory,
                              const std::vector<JournalEntry>& journal,
                              const std::vector<EventDirectory>& dirs) {
  std::vector<std::string> warnings;
  // Every job's run and trial tags from one read of each log.
  std::vector<std::string> tags;
  for (const auto& job : inventory.jobs) {
    tags.push_back(run_tag(job.name));
    tags.push_back(trial_tag(job.name));
  }
  auto by_tag = find_runs_of_tags(storage, dirs, tags, warnings);
  std::map<std::string, RunsOfJob> runs;
  for (const auto& job : inventory.jobs)
    runs[job.name] = {std::move(by_tag[run_tag(job.name)]), std::move(by_tag[trial_tag(job.name)])};
  auto report = build_status(inventory, journal, runs);
  report.warnings = std::move(warnings);
  return report;
}

nlohmann::json to_json(const StatusReport& r) {
  const auto run_json = [](const std::optional<TaggedRun>& run) -> nlohmann::json {
    if (!run) return nullptr;
    return {
        {"version", run->version},         {"app_id", run->app_id},   {"spark_version", run->spark_version},
        {"start_ms", run->start_ms},       {"wall_ms", run->wall_ms}, {"succeeded", run->succeeded()},
        {"in_progress", run->in_progress}, {"path", run->path}};
  };
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& j : r.jobs) {
    jobs.push_back({{"job", j.job},
                    {"pin", j.pin},
                    {"kind", j.kind},
                    {"stage", j.stage},
                    {"last_run", run_json(j.last_run)},
                    {"last_trial", run_json(j.last_trial)},
                    {"last_verdict", j.last_verdict},
                    {"alerts", j.alerts}});
  }
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& s : r.stages)
    stages.push_back({{"stage", s.stage}, {"jobs", s.jobs}, {"on_4_1", s.on_target}});
  return {{"inventory", r.inventory}, {"jobs", jobs},       {"stages", stages},
          {"on_4_1", r.on_target},    {"alerts", r.alerts}, {"warnings", r.warnings}};
}

std::string render_table(const StatusReport& r) {
  std::string out = fmt::format("{:<22} {:<4} {:<8} {:<8} {:<24} {:<24} {}\n", "JOB", "PIN", "KIND", "STAGE",
                                "LAST RUN", "LAST TRIAL", "VERDICT");
  for (const auto& j : r.jobs) {
    out += fmt::format("{:<22} {:<4} {:<8} {:<8} {:<24} {:<24} {}\n", j.job, j.pin, j.kind,
                       j.stage.empty() ? "-" : j.stage, run_text(j.last_run), run_text(j.last_trial),
                       j.last_verdict.empty() ? "-" : j.last_verdict);
    for (const auto& a : j.alerts) out += fmt::format("  ALERT {}: {}\n", j.job, a);
  }
  std::vector<std::string> parts;
  for (const auto& s : r.stages) parts.push_back(fmt::format("{} {}/{}", s.stage, s.on_target, s.jobs));
  out += fmt::format("\n{} of {} job(s) on 4.1; {}; {} alert(s)\n", r.on_target, r.jobs.size(),
                     parts.empty() ? std::string("no stages") : fmt::format("{}", fmt::join(parts, ", ")),
                     r.alerts);
  for (const auto& w : r.warnings) out += fmt::format("warning: {}\n", w);
  return out;
}

}  // namespace sparkmv::migrate
