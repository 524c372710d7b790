#include "migrate/change.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "common/errors.hpp"
#include "eventlog/s3/sigv4.hpp"
#include "kube/helm.hpp"
#include "model/manifest_loader.hpp"
#include "stack/topology.hpp"

namespace sparkmv::migrate {

namespace {

struct Locked {
  std::string text;
  JobInventory inventory;
  JournalContents journal;
};

// Before locking, so that a mistyped --jobs leaves no lock file behind.
void check_inventory_file(const InventoryFiles& files) {
  if (files.jobs == "-")
    throw InputError("--jobs -: a change needs a file to write back, not standard input");
  if (!std::filesystem::is_regular_file(files.jobs)) {
    throw InputError(fmt::format("{}: no such job inventory", files.jobs.string()));
  }
}

std::string digest(std::string_view text) {
  return eventlog::s3::sha256_hex(text);
}

// A run killed between writing its journal entries and replacing jobs.yaml leaves entries for a change that
// never landed. jobs.yaml still being exactly what those entries started from shows it; an `abort` entry
// per job then says so, and readers know the change did not happen.
void close_interrupted_change(const InventoryFiles& files, Locked& state) {
  const auto batch = last_pin_batch(state.journal.entries);
  if (batch.empty()) return;
  const auto current = digest(state.text);
  if (current != batch.front().inventory_before || current == batch.front().inventory_after) return;
  std::vector<JournalEntry> aborts;
  for (const auto& interrupted : batch) {
    auto entry = new_entry("abort", interrupted.job);
    entry.from = interrupted.from;
    entry.to = interrupted.to;
    entry.reason =
        fmt::format("the {} at journal line {} did not take effect: its run stopped before {} was replaced",
                    interrupted.action, interrupted.line, files.jobs.string());
    aborts.push_back(std::move(entry));
  }
  append_journal(files.journal(), aborts);
  state.journal = read_journal(files.journal());
  state.journal.warnings.push_back(
      fmt::format("{}: an interrupted {} of {} job(s) did not take effect; journaled as aborted",
                  files.journal().string(), batch.front().action, batch.size()));
}

Locked read_locked(const InventoryFiles& files) {
  Locked state;
  state.text = model::read_input(files.jobs.string());
  state.inventory = parse_inventory(state.text, files.jobs.string());
  state.journal = read_journal(files.journal());
  close_interrupted_change(files, state);
  return state;
}

std::vector<std::string> requested_jobs(const ChangeRequest& request, const Locked& state) {
  if (request.wave.has_value() == !request.jobs.empty()) {
    throw InputError("name the jobs or give --wave N, not both and not neither");
  }
  auto names = request.wave ? wave_jobs(state.inventory, state.journal.entries, *request.wave, request.plan)
                            : request.jobs;
  std::vector<std::string> unique;
  for (auto& name : names) {
    if (state.inventory.find(name) == nullptr) {
      throw InputError(fmt::format("{}: no job '{}'", request.files.jobs.string(), name));
    }
    if (std::find(unique.begin(), unique.end(), name) == unique.end()) unique.push_back(std::move(name));
  }
  return unique;
}

// Write-ahead: the new jobs.yaml is made durable beside the old one, the journal entries are written, and
// only then is jobs.yaml replaced. A journal that cannot be written stops the change; a replacement that
// fails takes the entries back. Either way jobs.yaml and the journal agree.
void apply(const ChangeRequest& request, const Locked& state, ChangeReport& report) {
  std::vector<PinChange> pins;
  std::vector<JournalEntry> entries;
  for (const auto& change : report.jobs) {
    if (change.status != ChangeStatus::changed) continue;
    pins.push_back({change.job, change.to});
    auto entry = new_entry(report.action, change.job);
    entry.from = change.from;
    entry.to = change.to;
    entry.reason = request.reason;
    entry.forced = change.forced;
    entries.push_back(std::move(entry));
  }
  if (pins.empty()) return;
  const auto text = edit_pins(state.text, request.files.jobs.string(), pins);
  for (auto& entry : entries) {
    entry.inventory_before = digest(state.text);
    entry.inventory_after = digest(text);
  }
  remove_stale_temporaries(request.files.jobs);
  FileReplacement replacement(request.files.jobs, text, inventory_replace_options(request.fail_point));
  const auto journal_size = append_journal(request.files.journal(), entries, request.fail_point);
  try {
    replacement.commit();
  } catch (const EnvironmentError& e) {
    try {
      undo_append(request.files.journal(), journal_size, request.fail_point);
    } catch (const std::exception& undo) {
      // The next change sees jobs.yaml unchanged and journals the entries as aborted.
      throw EnvironmentError(
          fmt::format("{}; and the journal entries could not be taken back ({})", e.what(), undo.what()));
    }
    throw;
  }
  report.written = true;
  replacement.sync_directory();
}

ChangeReport start_report(const char* action, const ChangeRequest& request, const Locked& state) {
  ChangeReport report;
  report.action = action;
  report.inventory = request.files.jobs.string();
  report.wave = request.wave;
  report.warnings = state.journal.warnings;
  return report;
}

}  // namespace

std::string_view to_string(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::changed:
      return "changed";
    case ChangeStatus::unchanged:
      return "unchanged";
    case ChangeStatus::refused:
      return "refused";
  }
  return "?";
}

bool ChangeReport::refused() const {
  return std::any_of(jobs.begin(), jobs.end(),
                     [](const JobChange& j) { return j.status == ChangeStatus::refused; });
}

std::string promotion_refusal(const std::vector<JournalEntry>& journal, const std::string& job) {
  const auto comparison = latest_comparison(journal, job);
  if (!comparison) {
    const JournalEntry* rolled_back = nullptr;
    for (const auto& entry : journal) {
      if (entry.job == job && entry.action == "rollback") rolled_back = &entry;
    }
    const auto since = rolled_back == nullptr ? std::string("recorded")
                                              : fmt::format("since its rollback on {}", rolled_back->time);
    return fmt::format("no comparison of its 3.5 and 4.1 runs {}: run `sparkmv migrate trial {}`", since,
                       job);
  }
  if (!comparison_allows_promotion(*comparison)) {
    return fmt::format(
        "its latest comparison ({} on {}, journal line {}) says '{}': run `sparkmv migrate trial {}` again "
        "once "
        "it is fixed",
        comparison->action, comparison->time, comparison->line, comparison->verdict, job);
  }
  return {};
}

std::vector<std::string> wave_jobs(const JobInventory& inventory, const std::vector<JournalEntry>& journal,
                                   int wave, const PlanOptions& options) {
  std::set<std::string, std::less<>> promoted_by_us;
  for (const auto& entry : journal) {
    if (entry.action == "promote") promoted_by_us.insert(entry.job);
  }
  auto before = inventory;
  for (auto& job : before.jobs) {
    if (promoted_by_us.contains(job.name)) job.version = std::string(legacy_version);
  }
  const auto plan = plan_migration(before, options);
  int last = 0;
  for (const auto& step : plan.steps) {
    if (wave == 0 && step.stage == StageKind::pilot) return step.jobs;
    if (step.stage == StageKind::rollout) {
      if (step.wave == wave) return step.jobs;
      last = step.wave;
    }
  }
  if (wave == 0)
    throw InputError("--wave 0: the plan has no pilot: no job waits on 3.5 (see sparkmv migrate plan)");
  if (last == 0) {
    throw InputError(
        fmt::format("--wave {}: the plan has no rollout waves (see sparkmv migrate plan)", wave));
  }
  throw InputError(
      fmt::format("--wave {}: the plan has wave 0 (the pilot) to {} (see sparkmv migrate plan)", wave, last));
}

ChangeReport promote(const ChangeRequest& request) {
  check_inventory_file(request.files);
  if (request.fail_point) request.fail_point("lock");
  InventoryLock lock(request.files.lock(), request.lock_wait);
  const auto state = read_locked(request.files);
  auto report = start_report("promote", request, state);
  for (const auto& name : requested_jobs(request, state)) {
    const auto& job = *state.inventory.find(name);
    JobChange change{name, job.version, std::string(target_version), ChangeStatus::changed, {}, false};
    if (job.version == target_version) {
      change.status = ChangeStatus::unchanged;
      change.detail = "already pins 4.1";
    } else if (auto refusal = promotion_refusal(state.journal.entries, name); refusal.empty()) {
      const auto comparison = latest_comparison(state.journal.entries, name);
      change.detail = fmt::format("{} on {}", comparison->verdict, comparison->time);
    } else if (request.force) {
      change.forced = true;
      change.detail = "forced past the gate: " + refusal.substr(0, refusal.find(": run `"));
    } else {
      change.status = ChangeStatus::refused;
      change.detail = std::move(refusal);
    }
    report.jobs.push_back(std::move(change));
  }
  if (report.refused()) {
    // All or nothing: the jobs that passed stay where they are with the others.
    for (auto& change : report.jobs) {
      if (change.status != ChangeStatus::changed) continue;
      change.status = ChangeStatus::unchanged;
      change.detail =
          fmt::format("passes the gate ({}) but stays on 3.5 with the refused job(s)", change.detail);
    }
    return report;
  }
  apply(request, state, report);
  return report;
}

ChangeReport rollback(const ChangeRequest& request) {
  if (request.reason.find_first_not_of(" \t") == std::string::npos) {
    throw InputError("rollback needs --reason TEXT: the journal keeps why each job went back to 3.5");
  }
  check_inventory_file(request.files);
  if (request.fail_point) request.fail_point("lock");
  InventoryLock lock(request.files.lock(), request.lock_wait);
  const auto state = read_locked(request.files);
  auto report = start_report("rollback", request, state);
  for (const auto& name : requested_jobs(request, state)) {
    const auto& job = *state.inventory.find(name);
    JobChange change{name, job.version, std::string(legacy_version), ChangeStatus::changed, {}, false};
    if (job.version == legacy_version) {
      change.status = ChangeStatus::unchanged;
      change.detail = "already pins 3.5";
    }
    report.jobs.push_back(std::move(change));
  }
  apply(request, state, report);
  return report;
}

RetireReport retire(const RetireRequest& request, const CoexistenceTest& coexistence_test) {
  check_inventory_file(request.files);
  InventoryLock lock(request.files.lock(), request.lock_wait);
  const auto inventory = load_inventory(request.files.jobs.string());
  RetireReport report;
  for (const auto& job : inventory.jobs) {
    if (job.version == legacy_version) report.on_legacy.push_back(job.name);
  }
  std::sort(report.on_legacy.begin(), report.on_legacy.end());
  if (!report.on_legacy.empty()) return report;

  report.verify_exit = coexistence_test(request.target, request.ns);
  report.verified = report.verify_exit == 0;
  if (!report.verified) return report;

  const auto& v35 = stack::spark35();
  if (request.target == Target::kube) {
    kube::Helm helm(kube::HelmOptions{request.helm.empty() ? "helm" : request.helm, request.kube_context,
                                      std::chrono::seconds(600)});
    std::vector<std::string> argv{helm.options().path, "uninstall", v35.release, "--namespace", request.ns};
    if (!request.kube_context.empty()) argv.insert(argv.end(), {"--kube-context", request.kube_context});
    report.removal.push_back(kube::shell_command(argv));
    report.kept = {
        fmt::format(
            "the metastore database {} (helm uninstall drops no database; back it up with pg_dump before "
            "dropping it by hand, if ever)",
            v35.database),
        "the event logs under s3a://spark-logs/3.5/events (helm uninstall deletes no object-store data)",
        "PersistentVolumeClaims of a bundled PostgreSQL or S3 server (helm uninstall leaves StatefulSet "
        "claims)"};
    if (request.execute) {
      const auto result = helm.run(argv);
      if (!result.ok()) {
        throw EnvironmentError(fmt::format("{}: {}", kube::shell_command(argv),
                                           result.not_started ? "helm could not be started"
                                           : result.timed_out ? "timed out"
                                                              : kube::helm_message(result.err)));
      }
      report.executed = true;
      auto entry = new_entry("retire", "");
      entry.from = std::string(legacy_version);
      entry.reason = report.removal.front();
      append_journal(request.files.journal(), {entry});
    }
  } else {
    for (const auto& component : stack::components()) {
      if (component.spark == &v35) report.removal.push_back(component.name);
    }
    report.kept = {
        fmt::format("the metastore database {}", v35.database),
        "the event logs under <state dir>/spark-logs/3.5/events and the warehouse <state dir>/warehouse/3.5"};
    report.notes.push_back(
        "the local stack starts and stops both versions together (sparkmv up / down), so nothing is removed "
        "from it; "
        "on a cluster, retire with --target kube");
    if (request.execute) report.notes.push_back("--execute has nothing to run for the local stack");
  }
  return report;
}

}  // namespace sparkmv::migrate
