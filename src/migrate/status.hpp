#pragma once
// `migrate status`: for every job its pin, its last production run and last trial as the event logs of both
// versions show them (found by run tag), alerts, and the migration's progress per stage.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "migrate/inventory.hpp"
#include "migrate/journal.hpp"
#include "migrate/runs.hpp"

namespace sparkmv::migrate {

struct JobStatus {
  std::string job;
  std::string pin;
  std::string kind;
  std::string stage;  // "pilot", "wave 2", or "" when not in the plan (already on 4.1 before it)
  std::optional<TaggedRun> last_run;    // tagged run_tag(job), newest, either version
  std::optional<TaggedRun> last_trial;  // tagged trial_tag(job)
  std::string last_verdict;             // of the newest journaled comparison
  std::vector<std::string> alerts;
};

struct StageProgress {
  std::string stage;
  int jobs = 0;
  int on_target = 0;  // pinned to 4.1 now
};

struct StatusReport {
  std::string inventory;
  std::vector<JobStatus> jobs;
  std::vector<StageProgress> stages;
  int on_target = 0;
  int alerts = 0;
  std::vector<std::string> warnings;
};

// Pure: from the inventory, its journal and the runs found per job (by tag).
struct RunsOfJob {
  std::vector<TaggedRun> runs;
  std::vector<TaggedRun> trials;
};
StatusReport build_status(const JobInventory& inventory, const std::vector<JournalEntry>& journal,
                          const std::map<std::string, RunsOfJob>& runs);

// Reads the event-log directories (local, or s3:// / s3a:// through `storage`) for every job's tags.
StatusReport migration_status(eventlog::Storage& storage, const JobInventory& inventory,
                              const std::vector<JournalEntry>& journal,
                              const std::vector<EventDirectory>& dirs);

nlohmann::json to_json(const StatusReport& report);
std::string render_table(const StatusReport& report);

}  // namespace sparkmv::migrate
