#pragma once
// The state-changing half of `sparkmv migrate`: promote jobs to 4.1 behind the comparison gate, roll them
// back to 3.5, and retire 3.5 once nothing pins it. Each change is one locked read-modify-write of jobs.yaml
// (store.hpp) whose journal entries (journal.hpp) are written ahead of it: a change that cannot be journaled
// does not happen, and a change that fails after its entries were written takes them back.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrate/inventory.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "migrate/store.hpp"

namespace sparkmv::migrate {

struct ChangeRequest {
  InventoryFiles files;
  std::vector<std::string> jobs;  // named jobs, or
  std::optional<int> wave;        // the jobs of a rollout wave (0 = the pilot)
  PlanOptions plan;               // how waves are cut (only the weekly share matters for membership)
  std::string reason;
  bool force = false;  // promote: skip the comparison gate (journaled as forced)
  std::chrono::milliseconds lock_wait = default_lock_wait;
  // Tests: sees "lock", the steps of the replacement and of the journal (common/replace_file.hpp,
  // journal.hpp).
  FailPoint fail_point;
};

enum class ChangeStatus { changed, unchanged, refused };
std::string_view to_string(ChangeStatus status);

struct JobChange {
  std::string job;
  std::string from;
  std::string to;
  ChangeStatus status = ChangeStatus::unchanged;
  std::string detail;  // why refused, why unchanged, or the comparison that allowed it
  bool forced = false;
};

struct ChangeReport {
  std::string action;  // "promote" or "rollback"
  std::string inventory;
  std::optional<int> wave;
  std::vector<JobChange> jobs;
  bool written = false;  // jobs.yaml was replaced (and the journal appended)
  std::vector<std::string> warnings;

  bool refused() const;
};

// The comparison gate of one job: empty when it may move to 4.1, else why not (one line, with what to run).
std::string promotion_refusal(const std::vector<JournalEntry>& journal, const std::string& job);

// The jobs of wave `wave` (0 = pilot, 1.. = rollout waves) of plan_migration. The plan is cut from the
// inventory as it was before sparkmv moved any pin (jobs the journal shows promoted count as still on 3.5),
// so wave numbers stay the same while the waves are promoted one by one. InputError for a wave the plan
// does not have.
std::vector<std::string> wave_jobs(const JobInventory& inventory, const std::vector<JournalEntry>& journal,
                                   int wave, const PlanOptions& options);

// Moves pins 3.5 -> 4.1. All or nothing: when any job is refused, nothing is written.
ChangeReport promote(const ChangeRequest& request);
// Moves pins 4.1 -> 3.5 at once (no gate); InputError without a reason.
ChangeReport rollback(const ChangeRequest& request);

enum class Target { local, kube };

struct RetireRequest {
  InventoryFiles files;
  Target target = Target::local;
  std::string ns = "spark";
  bool execute = false;
  std::string helm;          // resolved helm binary (for --execute on kube)
  std::string kube_context;  // "" for the current one
  std::chrono::milliseconds lock_wait = default_lock_wait;
};

// Runs the final coexistence test (`sparkmv verify --local` or `verify --kube`) and returns its exit code.
using CoexistenceTest = std::function<int(Target target, const std::string& ns)>;

struct RetireReport {
  std::vector<std::string> on_legacy;  // jobs still pinned to 3.5: retirement refused
  bool verified = false;               // the coexistence test ran and passed
  int verify_exit = -1;                // its exit code; -1 when it did not run
  std::vector<std::string> removal;    // the commands (kube) or components (local) that remove 3.5
  std::vector<std::string> kept;       // what stays: the metastore database, the event logs
  bool executed = false;               // the removal ran (kube --execute)
  std::vector<std::string> notes;

  bool refused() const { return !on_legacy.empty() || !verified; }
};

// Holds the lock for the whole check so no rollback to 3.5 can slip in while 3.5 is being removed.
// EnvironmentError when helm uninstall fails.
RetireReport retire(const RetireRequest& request, const CoexistenceTest& coexistence_test);

}  // namespace sparkmv::migrate
