#include "migrate/trial.hpp"

#include <fmt/format.h>

#include "analysis/compare.hpp"
#include "analysis/html_report.hpp"
#include "analysis/json_output.hpp"
#include "common/errors.hpp"
#include "common/utc_time.hpp"
#include "migrate/inventory.hpp"
#include "migrate/journal.hpp"
#include "migrate/store.hpp"
#include "migrate/submit_config.hpp"
#include "stack/config.hpp"
#include "stack/jobs.hpp"

namespace sparkmv::migrate {

namespace fs = std::filesystem;

namespace {

const stack::SparkVersion& version_of(const std::string& line) {
  return line == "4.1" ? stack::spark41() : stack::spark35();
}

}  // namespace

TrialReport run_trial(const std::string& job_name, const TrialOptions& options) {
  const auto inventory = load_inventory(options.jobs.string());
  const Job* job = inventory.find(job_name);
  if (job == nullptr) throw InputError(fmt::format("{}: no job named '{}'", options.jobs.string(), job_name));
  TrialReport report;
  report.job = job->name;
  report.pinned = job->version;
  report.other = job->version == "4.1" ? "3.5" : "4.1";
  if (job->kind == JobKind::connect && report.other == "3.5") {
    report.refusal = "a Spark Connect job cannot run on 3.5 (the local stack's 3.5 has no Connect server)";
    return report;
  }
  const auto s = stack::open_running_stack(options.state_dir);
  const auto& pinned = version_of(report.pinned);
  const auto& other = version_of(report.other);
  const auto storage = eventlog::local_storage();
  std::vector<std::string> warnings;

  const auto base_runs = find_tagged_runs(*storage, {{report.pinned, s.layout(pinned).event_dir.string()}},
                                          run_tag(job->name), warnings);
  if (base_runs.empty()) {
    report.refusal = fmt::format(
        "no run of {} on {} found (tag {} under {}): run it there first (sparkmv migrate "
        "submit-config {} prints how)",
        job->name, report.pinned, run_tag(job->name), s.layout(pinned).event_dir.string(), job->name);
    return report;
  }
  report.base = base_runs.back();

  const auto run_stamp = utc::now(utc::compact);
  const auto shadow = s.paths.root / "shadow" / job->name / run_stamp;
  fs::create_directories(shadow);
  report.shadow_output = stack::file_url(shadow);
  stack::JobSpec spec;
  spec.label = "trial-" + job->name;
  spec.version = &other;
  spec.mode = job->kind == JobKind::connect ? stack::JobMode::connect : stack::JobMode::submit;
  spec.application = job->submit.python_file.empty() ? job->submit.application : job->submit.python_file;
  // A relative path in jobs.yaml is relative to jobs.yaml, wherever sparkmv runs from.
  if (spec.application.find(':') == std::string::npos && fs::path(spec.application).is_relative()) {
    spec.application =
        (fs::absolute(options.jobs).parent_path() / spec.application).lexically_normal().string();
  }
  spec.main_class = job->submit.main_class;
  spec.args = job->submit.args;
  if (spec.mode == stack::JobMode::submit) {
    spec.conf = job->submit.conf;
    spec.conf[shadow_output_setting] = report.shadow_output;
  }
  spec.tag = trial_tag(job->name);
  spec.timeout = options.timeout;
  const auto outcome = stack::run_jobs(s, {spec}).front();
  report.exit_code = outcome.exit_code;
  report.log = outcome.log.string();

  const auto trial_runs =
      find_tagged_runs(*storage, {{report.other, s.layout(other).event_dir.string()}}, spec.tag, warnings);
  if (trial_runs.empty() || outcome.exit_code != 0) {
    report.verdict = "regression";
    report.figures = {{"shadow_exit_code", outcome.exit_code}, {"log", report.log}};
    report.refusal = outcome.exit_code != 0
                         ? fmt::format("the shadow run on {} failed (exit {}); log {}", report.other,
                                       outcome.exit_code, report.log)
                         : fmt::format("the shadow run left no event log with tag {}", spec.tag);
  } else {
    report.candidate = trial_runs.back();
    auto comparison = analysis::compare_runs(summarize_run(*storage, *report.base, run_tag(job->name)),
                                             summarize_run(*storage, *report.candidate, spec.tag),
                                             analysis::CompareOptions{});
    report.verdict = std::string(analysis::verdict_name(comparison.verdict));
    const auto dir = options.report_dir.empty() ? s.paths.root / "reports" : options.report_dir;
    fs::create_directories(dir);
    report.html = (dir / fmt::format("trial-{}-{}.html", job->name, run_stamp)).string();
    report.json = (dir / fmt::format("trial-{}-{}.json", job->name, run_stamp)).string();
    stack::write_if_changed(report.html, analysis::render_html(comparison));
    stack::write_if_changed(report.json, analysis::to_json(comparison).dump(2) + "\n");
    report.figures = {{"base_app", report.base->app_id},
                      {"base_version", report.base->spark_version},
                      {"candidate_app", report.candidate->app_id},
                      {"candidate_version", report.candidate->spark_version},
                      {"base_wall_ms", report.base->wall_ms},
                      {"candidate_wall_ms", report.candidate->wall_ms},
                      {"report", report.html}};
  }
  record_comparison(InventoryFiles{options.jobs},
                    Comparison{job->name, "trial", report.verdict, report.figures,
                               fmt::format("shadow run on {} ({})", report.other, report.shadow_output)});
  return report;
}

nlohmann::json to_json(const TrialReport& r) {
  const auto run_json = [](const std::optional<TaggedRun>& run) -> nlohmann::json {
    if (!run) return nullptr;
    return {{"version", run->version},
            {"app_id", run->app_id},
            {"spark_version", run->spark_version},
            {"path", run->path},
            {"wall_ms", run->wall_ms},
            {"jobs", run->jobs},
            {"failed_jobs", run->failed_jobs}};
  };
  return {{"job", r.job},
          {"pinned", r.pinned},
          {"trial_version", r.other},
          {"refusal", r.refusal.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.refusal)},
          {"base", run_json(r.base)},
          {"candidate", run_json(r.candidate)},
          {"shadow_output", r.shadow_output},
          {"exit_code", r.exit_code},
          {"log", r.log},
          {"verdict", r.verdict},
          {"figures", r.figures},
          {"html", r.html},
          {"json", r.json}};
}

std::string render_table(const TrialReport& r) {
  if (!r.refusal.empty() && !r.base) return fmt::format("trial of {} not run: {}\n", r.job, r.refusal);
  std::string out = fmt::format("trial of {} (pinned to {}) on {} in shadow, output {}\n", r.job, r.pinned,
                                r.other, r.shadow_output);
  if (r.base) {
    out += fmt::format("  base       {} on Spark {}, {} ms, {} job(s)\n", r.base->app_id,
                       r.base->spark_version, r.base->wall_ms, r.base->jobs);
  }
  if (r.candidate) {
    out += fmt::format("  candidate  {} on Spark {}, {} ms, {} job(s)\n", r.candidate->app_id,
                       r.candidate->spark_version, r.candidate->wall_ms, r.candidate->jobs);
  }
  if (!r.refusal.empty()) out += fmt::format("  {}\n", r.refusal);
  out += fmt::format("verdict: {} (journaled; `sparkmv migrate promote {}` reads it)\n", r.verdict, r.job);
  if (!r.html.empty()) out += fmt::format("report: {}\n", r.html);
  return out;
}

}  // namespace sparkmv::migrate
