// `migrate promote`, `rollback`, `retire` and `submit-config`: the commands that change (or act on) the job
// inventory. `migrate plan` lives in migrate_command.cpp.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/text_output.hpp"
#include "common/text.hpp"
#include "kube/process.hpp"
#include "kube/tools.hpp"
#include "migrate/change.hpp"
#include "migrate/submit_config.hpp"
#include "stack/install.hpp"
#include "verify/local_verify.hpp"

namespace sparkmv::cli {

namespace {

struct ChangeCliOptions {
  std::string jobs_file = "jobs.yaml";
  std::vector<std::string> jobs;
  int wave = -1;
  std::string start;
  int weekly_share = 20;
  std::string reason;
  bool force = false;
  double lock_wait = 10;
  OutputFormat format = OutputFormat::table;
};

struct RetireCliOptions {
  std::string jobs_file = "jobs.yaml";
  std::string target = "local";
  std::string ns = "spark";
  std::string state_dir = ".sparkmv";
  std::string helm;
  std::string kube_context;
  bool execute = false;
  double lock_wait = 10;
  OutputFormat format = OutputFormat::table;
};

struct SubmitCliOptions {
  std::string jobs_file = "jobs.yaml";
  std::string job;
  std::string target = "local";
  std::string state_dir = ".sparkmv";
  std::string ns = "spark";
  OutputFormat format = OutputFormat::table;
};

std::chrono::milliseconds lock_wait(double seconds) {
  if (!(seconds >= 0 && seconds <= 86400)) {
    throw InputError(fmt::format("--lock-wait {}: expected seconds from 0 to 86400", seconds));
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

migrate::ChangeRequest change_request(const ChangeCliOptions& o) {
  migrate::ChangeRequest request;
  request.files.jobs = o.jobs_file;
  request.jobs = o.jobs;
  if (o.wave >= 0) request.wave = o.wave;
  request.plan.weekly_share_percent = o.weekly_share;
  if (!o.start.empty()) request.plan.start = migrate::parse_date(o.start);
  request.reason = o.reason;
  request.force = o.force;
  request.lock_wait = lock_wait(o.lock_wait);
  return request;
}

nlohmann::json change_json(const migrate::ChangeReport& report) {
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& job : report.jobs) {
    jobs.push_back({{"job", job.job},
                    {"from", job.from},
                    {"to", job.to},
                    {"status", migrate::to_string(job.status)},
                    {"detail", job.detail},
                    {"forced", job.forced}});
  }
  return {{"inventory", report.inventory},
          {"action", report.action},
          {"wave", report.wave ? nlohmann::json(*report.wave) : nlohmann::json()},
          {"written", report.written},
          {"jobs", jobs},
          {"warnings", report.warnings}};
}

std::string change_table(const migrate::ChangeReport& report) {
  std::string out;
  const bool promoting = report.action == "promote";
  for (const auto& job : report.jobs) {
    switch (job.status) {
      case migrate::ChangeStatus::changed:
        out += fmt::format("{} {}: {} -> {}{}\n", promoting ? "promoted" : "rolled back", job.job, job.from,
                           job.to, job.detail.empty() ? "" : fmt::format(" ({})", job.detail));
        break;
      case migrate::ChangeStatus::unchanged:
        out += fmt::format("{}: {}\n", job.job, job.detail);
        break;
      case migrate::ChangeStatus::refused:
        out += fmt::format("refused {}: {}\n", job.job, job.detail);
        break;
    }
  }
  if (report.refused()) {
    out += fmt::format("nothing changed in {}{}\n", report.inventory,
                       report.jobs.size() > 1
                           ? ": the jobs move together or not at all (--force overrides the gate)"
                           : " (--force overrides the gate)");
  } else if (report.written) {
    out += fmt::format("{} updated; journal: {}.journal\n", report.inventory, report.inventory);
  }
  if (report.jobs.empty()) out += "no jobs in this wave\n";
  return out;
}

ExitCode print_change(const migrate::ChangeReport& report, OutputFormat format) {
  for (const auto& warning : report.warnings)
    std::cerr << "sparkmv: warning: " << text::escape_control(warning, false) << '\n';
  if (format == OutputFormat::json) {
    std::cout << json_text(change_json(report)) << '\n';
  } else {
    std::cout << terminal_text(change_table(report), false);
  }
  return report.refused() ? ExitCode::findings : ExitCode::ok;
}

migrate::Target parse_target(const std::string& target) {
  if (target == "local") return migrate::Target::local;
  if (target == "kube") return migrate::Target::kube;
  throw InputError(fmt::format("--target {}: expected local or kube", target));
}

// The final coexistence test is `sparkmv verify`. Local: the library's verify_local. Kube: this very binary,
// so that retire checks exactly what `sparkmv verify --kube` checks (tool lookup, port-forwards, helm test).
migrate::CoexistenceTest final_coexistence_test(const RetireCliOptions& o, bool json) {
  return [o, json](migrate::Target target, const std::string& ns) {
    auto& out = json ? std::cerr : std::cout;
    if (target == migrate::Target::local) {
      std::cerr << "running the final coexistence test: sparkmv verify --local --state-dir " << o.state_dir
                << '\n';
      verify::LocalVerifyOptions local;
      local.state_dir = o.state_dir;
      const auto report = verify::verify_local(local);
      out << verify::render_table(report, !json && use_colour());
      return static_cast<int>(verify::exit_code(report));
    }
    std::vector<std::string> argv{"/proc/self/exe", "verify", "--kube", "--namespace", ns};
    if (!o.helm.empty()) argv.insert(argv.end(), {"--helm", o.helm});
    // The test must look at the cluster the removal will act on.
    if (!o.kube_context.empty()) argv.insert(argv.end(), {"--context", o.kube_context});
    std::cerr << "running the final coexistence test: sparkmv "
              << kube::shell_command(std::vector<std::string>(argv.begin() + 1, argv.end())) << '\n';
    kube::ProcessOptions process;
    process.timeout = std::chrono::minutes(60);
    const auto result = kube::run_process(argv, process);
    out << result.out;
    std::cerr << result.err;
    return result.timed_out || result.not_started ? static_cast<int>(ExitCode::environment)
                                                  : result.exit_code;
  };
}

// A coexistence test that could not run (no cluster, no stack) is the environment's problem, not a finding.
ExitCode retire_exit(const migrate::RetireReport& report) {
  if (!report.refused()) return ExitCode::ok;
  if (report.on_legacy.empty() && report.verify_exit == static_cast<int>(ExitCode::environment)) {
    return ExitCode::environment;
  }
  return ExitCode::findings;
}

ExitCode run_retire(const RetireCliOptions& o) {
  migrate::RetireRequest request;
  request.files.jobs = o.jobs_file;
  request.target = parse_target(o.target);
  request.ns = o.ns;
  request.execute = o.execute;
  request.kube_context = o.kube_context;
  request.lock_wait = lock_wait(o.lock_wait);
  if (request.target == migrate::Target::kube && o.execute) {
    request.helm = kube::resolve_tool(kube::helm_tool, o.helm);
  }
  const bool json = o.format == OutputFormat::json;
  const auto report = migrate::retire(request, final_coexistence_test(o, json));
  if (json) {
    std::cout << json_text({{"inventory", o.jobs_file},
                            {"target", o.target},
                            {"on_legacy", report.on_legacy},
                            {"verify_exit", report.verify_exit},
                            {"verified", report.verified},
                            {"removal", report.removal},
                            {"kept", report.kept},
                            {"executed", report.executed},
                            {"notes", report.notes}})
              << '\n';
    return retire_exit(report);
  }
  if (!report.on_legacy.empty()) {
    std::cout << fmt::format(
        "not retiring 3.5: {} job(s) still pin 3.5: {}; promote them first (sparkmv migrate "
        "promote JOB)\n",
        report.on_legacy.size(), fmt::join(report.on_legacy, ", "));
    return ExitCode::findings;
  }
  if (!report.verified) {
    const bool could_not_run = report.verify_exit == static_cast<int>(ExitCode::environment);
    std::cout << fmt::format("not retiring 3.5: the final coexistence test {} (sparkmv verify exited {})\n",
                             could_not_run ? "could not run" : "failed", report.verify_exit);
    return retire_exit(report);
  }
  std::cout << "no job pins 3.5 and the final coexistence test passed\n";
  if (request.target == migrate::Target::kube) {
    std::cout << (report.executed ? "removed the 3.5 release:\n"
                                  : "to remove the 3.5 release (--execute runs it):\n");
    for (const auto& line : report.removal) std::cout << "  " << line << '\n';
  } else {
    std::cout << "the 3.5 components of the local stack:\n";
    for (const auto& line : report.removal) std::cout << "  " << line << '\n';
  }
  std::cout << "kept:\n";
  for (const auto& line : report.kept) std::cout << "  " << line << '\n';
  for (const auto& note : report.notes) std::cout << "note: " << note << '\n';
  return ExitCode::ok;
}

// spark-submit of each installed Spark version, when the installation can be found.
std::map<std::string, std::string> installed_spark_submit() {
  std::map<std::string, std::string> out;
  try {
    for (const auto& [version, home] : stack::locate_installation().spark_homes) {
      out[version] = (home / "bin" / "spark-submit").string();
    }
  } catch (const std::exception&) {
    // Not installed here (the scheduler may run elsewhere): the config then names plain spark-submit.
  }
  return out;
}

ExitCode run_submit_config(const SubmitCliOptions& o) {
  const auto target = parse_target(o.target);
  const auto inventory = migrate::load_inventory(o.jobs_file);
  const auto* job = inventory.find(o.job);
  if (job == nullptr) throw InputError(fmt::format("{}: no job '{}'", o.jobs_file, o.job));
  const auto config = target == migrate::Target::local
                          ? migrate::local_submit_config(*job, o.state_dir, installed_spark_submit())
                          : migrate::kube_submit_config(*job, o.ns);
  if (o.format == OutputFormat::json) {
    std::cout << json_text(migrate::to_json(config)) << '\n';
  } else {
    std::cout << terminal_text(migrate::render_table(config), false);
  }
  return ExitCode::ok;
}

void add_change_options(CLI::App& command, ChangeCliOptions& o) {
  command.add_option("JOB", o.jobs, "Job(s) to move (or --wave N)");
  command
      .add_option("--wave", o.wave,
                  "All the jobs of a wave of `migrate plan`: 0 = the pilot, 1.. = rollout waves")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--jobs", o.jobs_file, "Job inventory (default: jobs.yaml)");
  command.add_option("--start", o.start, "As for migrate plan; does not change which jobs a wave holds");
  command.add_option("--weekly-share", o.weekly_share,
                     "As for migrate plan: percentage of the 3.5 jobs per wave (default: 20)");
  command.add_option("--lock-wait", o.lock_wait,
                     "Seconds to wait for another migrate run to release jobs.yaml.lock (default: 10)");
  add_output_option(command, o.format);
}

}  // namespace

void add_migrate_change_commands(CLI::App& migrate, CommandAction& action) {
  auto promote_options = std::make_shared<ChangeCliOptions>();
  auto* promote = migrate.add_subcommand(
      "promote",
      "Move jobs' pins from 3.5 to 4.1, each gated on its latest recorded comparison (migrate trial); a wave "
      "moves all its jobs or none");
  add_change_options(*promote, *promote_options);
  promote->add_flag("--force", promote_options->force,
                    "Promote without a passing comparison (recorded in the journal as forced)");
  promote->add_option("--reason", promote_options->reason, "Why, for the journal");
  promote->callback([&action, promote_options] {
    action = [promote_options] {
      return print_change(migrate::promote(change_request(*promote_options)), promote_options->format);
    };
  });

  auto rollback_options = std::make_shared<ChangeCliOptions>();
  auto* rollback = migrate.add_subcommand(
      "rollback", "Move jobs' pins back to 3.5 at once (no gate); the reason goes into the journal");
  add_change_options(*rollback, *rollback_options);
  rollback->add_option("--reason", rollback_options->reason, "Why (required)");
  rollback->callback([&action, rollback_options] {
    action = [rollback_options] {
      return print_change(migrate::rollback(change_request(*rollback_options)), rollback_options->format);
    };
  });

  auto retire_options = std::make_shared<RetireCliOptions>();
  auto* retire = migrate.add_subcommand(
      "retire",
      "Once no job pins 3.5: run the final coexistence test (sparkmv verify) and show (or, on kube, run) the "
      "removal of release spark-35, keeping its metastore database and event logs");
  retire->add_option("--jobs", retire_options->jobs_file, "Job inventory (default: jobs.yaml)");
  retire->add_option("--target", retire_options->target, "local (default) or kube");
  retire->add_option("--namespace", retire_options->ns, "kube: namespace of spark-35 (default: spark)");
  retire->add_option("--state-dir", retire_options->state_dir,
                     "local: directory holding the stack's state (default .sparkmv)");
  retire->add_flag("--execute", retire_options->execute, "kube: run helm uninstall spark-35 (journaled)");
  retire->add_option("--helm", retire_options->helm,
                     "helm binary (default: $SPARKMV_HELM, else helm on PATH)");
  retire->add_option("--kube-context", retire_options->kube_context,
                     "kubeconfig context for the coexistence test and helm uninstall");
  retire->add_option("--lock-wait", retire_options->lock_wait,
                     "Seconds to wait for another migrate run to release jobs.yaml.lock (default: 10)");
  add_output_option(*retire, retire_options->format);
  retire->callback(
      [&action, retire_options] { action = [retire_options] { return run_retire(*retire_options); }; });

  auto submit_options = std::make_shared<SubmitCliOptions>();
  auto* submit = migrate.add_subcommand(
      "submit-config",
      "What a scheduler needs to run a job on its pinned version: master or Connect URL, SPARK_CONF_DIR, the "
      "command, event-log dir, metastore, warehouse, and the run tag");
  submit->add_option("JOB", submit_options->job, "The job")->required();
  submit->add_option("--jobs", submit_options->jobs_file, "Job inventory (default: jobs.yaml)");
  submit->add_option("--target", submit_options->target, "local (default: the stack of sparkmv up) or kube");
  submit->add_option("--state-dir", submit_options->state_dir,
                     "local: directory holding the stack's state (default .sparkmv)");
  submit->add_option("--namespace", submit_options->ns, "kube: namespace of the releases (default: spark)");
  add_output_option(*submit, submit_options->format);
  submit->callback([&action, submit_options] {
    action = [submit_options] { return run_submit_config(*submit_options); };
  });
}

}  // namespace sparkmv::cli
