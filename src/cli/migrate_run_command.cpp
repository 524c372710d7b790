// `migrate trial` and `migrate status`: the commands that look at (and make) real runs of the jobs.
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/text_output.hpp"
#include "eventlog/s3/s3_storage.hpp"
#include "migrate/inventory.hpp"
#include "migrate/journal.hpp"
#include "migrate/status.hpp"
#include "migrate/store.hpp"
#include "migrate/trial.hpp"
#include "stack/state.hpp"
#include "stack/topology.hpp"

namespace sparkmv::cli {

namespace {

struct TrialCliOptions {
  std::string job;
  std::string jobs_file = "jobs.yaml";
  std::string state_dir = ".sparkmv";
  std::string report_dir;
  int timeout_seconds = 900;
  OutputFormat format = OutputFormat::table;
};

struct StatusCliOptions {
  std::string jobs_file = "jobs.yaml";
  std::string state_dir = ".sparkmv";
  std::vector<std::string> events;
  eventlog::s3::S3Settings s3;
  OutputFormat format = OutputFormat::table;
};

ExitCode run_trial(const TrialCliOptions& o) {
  migrate::TrialOptions options;
  options.jobs = o.jobs_file;
  options.state_dir = o.state_dir;
  options.report_dir = o.report_dir;
  options.timeout = std::chrono::seconds(o.timeout_seconds);
  const auto report = migrate::run_trial(o.job, options);
  if (o.format == OutputFormat::json) {
    std::cout << json_text(migrate::to_json(report)) << '\n';
  } else {
    std::cout << terminal_text(migrate::render_table(report), false);
  }
  const bool passed =
      report.refusal.empty() && (report.verdict == "no regression" || report.verdict == "improvement");
  return passed ? ExitCode::ok : ExitCode::findings;
}

// `--events V=DIR` pairs, else both versions' directories of the local stack.
std::vector<migrate::EventDirectory> event_directories(const StatusCliOptions& o) {
  std::vector<migrate::EventDirectory> dirs;
  for (const auto& spec : o.events) {
    const auto eq = spec.find('=');
    const auto version = spec.substr(0, eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || (version != "3.5" && version != "4.1") || eq + 1 == spec.size()) {
      throw InputError("--events " + spec + ": expected 3.5=DIR or 4.1=DIR");
    }
    dirs.push_back({version, spec.substr(eq + 1)});
  }
  if (!dirs.empty()) return dirs;
  const stack::StackPaths paths{std::filesystem::absolute(o.state_dir).lexically_normal()};
  const auto state = stack::load_state(paths);
  if (!state) {
    throw EnvironmentError(
        "no local stack in " + paths.root.string() +
        ": run `sparkmv up`, or name the event-log directories with --events 3.5=DIR --events 4.1=DIR");
  }
  for (const auto* v : {&stack::spark35(), &stack::spark41()}) {
    dirs.push_back({v->prefix, stack::layout_of(*v, paths, state->layout).event_dir.string()});
  }
  return dirs;
}

ExitCode run_status(const StatusCliOptions& o) {
  const auto inventory = migrate::load_inventory(o.jobs_file);
  const auto journal = migrate::read_journal(migrate::InventoryFiles{o.jobs_file}.journal());
  const auto directories = event_directories(o);
  std::vector<std::string> locations;
  for (const auto& directory : directories) locations.push_back(directory.location);
  eventlog::s3::check_locations(locations, o.s3);
  const auto storage = eventlog::s3::storage_for(o.s3);
  auto report = migrate::migration_status(*storage, inventory, journal.entries, directories);
  report.warnings.insert(report.warnings.begin(), journal.warnings.begin(), journal.warnings.end());
  if (o.format == OutputFormat::json) {
    std::cout << json_text(migrate::to_json(report)) << '\n';
  } else {
    std::cout << terminal_text(migrate::render_table(report), false);
  }
  return report.alerts > 0 ? ExitCode::findings : ExitCode::ok;
}

}  // namespace

void add_migrate_run_commands(CLI::App& migrate, CommandAction& action) {
  auto trial_options = std::make_shared<TrialCliOptions>();
  auto* trial = migrate.add_subcommand(
      "trial",
      "Run JOB once on the other version of the local stack in shadow (its output under "
      "<state-dir>/shadow/, passed as spark.sparkmv.output) and compare it with its last run on its pinned "
      "version; the verdict is journaled for promote (exit 1 unless no regression)");
  trial->add_option("job", trial_options->job, "The job (its name in jobs.yaml)")->required();
  trial->add_option("--jobs", trial_options->jobs_file, "Job inventory (default: jobs.yaml)");
  trial->add_option("--state-dir", trial_options->state_dir, "The local stack's state (default .sparkmv)");
  trial->add_option("--report-dir", trial_options->report_dir,
                    "Where the HTML and JSON comparison go (default <state-dir>/reports)");
  trial->add_option("--timeout", trial_options->timeout_seconds,
                    "Seconds the shadow run may take (default 900)");
  add_output_option(*trial, trial_options->format);
  trial->callback(
      [&action, trial_options] { action = [trial_options] { return run_trial(*trial_options); }; });

  auto status_options = std::make_shared<StatusCliOptions>();
  auto* status = migrate.add_subcommand(
      "status",
      "Every job's pin, last run and last trial (found by run tag in both versions' event logs), alerts (a "
      "run "
      "on a version other than the pin, a failure or regression after promotion) and progress per stage "
      "(exit 1 on any alert)");
  status->add_option("--jobs", status_options->jobs_file, "Job inventory (default: jobs.yaml)");
  status->add_option("--state-dir", status_options->state_dir,
                     "The local stack whose event-log directories to read (default .sparkmv)");
  status
      ->add_option("--events", status_options->events,
                   "VERSION=DIR: read this event-log directory (local, or an s3:// / s3a:// prefix such as "
                   "s3a://spark-logs/3.5/events) for 3.5 or 4.1 instead of the stack's; repeatable")
      ->allow_extra_args(false);
  status->add_option(
      "--s3-endpoint", status_options->s3.endpoint,
      "S3 endpoint URL for --events on S3, e.g. http://minio:9000 (default: AWS_ENDPOINT_URL_S3, "
      "AWS_ENDPOINT_URL, else AWS); credentials as for `events scan` (docs/reference/events-s3.md)");
  status->add_option("--s3-timeout", status_options->s3.timeout_s,
                     "Seconds all S3 requests of the command may take, retries included (default 30)");
  add_output_option(*status, status_options->format);
  status->callback(
      [&action, status_options] { action = [status_options] { return run_status(*status_options); }; });
}

}  // namespace sparkmv::cli
