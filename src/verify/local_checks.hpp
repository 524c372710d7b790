#pragma once
// The checks of `verify --local`, as pure functions from what was observed on the stack (probe job runs,
// metastore rows, History Server listings, event-log scans) to Check values. The orchestration that gathers
// the observations is in local_verify.cpp; these are unit-tested without a stack.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eventlog/scan.hpp"
#include "verify/check.hpp"
#include "verify/probe_job.hpp"
#include "verify/probes.hpp"

namespace sparkmv::verify {

// One Spark version of the stack as its generated configuration has it.
struct StackSide {
  std::string prefix;          // "3.5"
  std::string version;         // "3.5.7"
  std::string role;            // "spark35": names the `--set` keys of the fix hints
  std::string database;        // the metastore database its configuration names
  std::string event_dir;       // absolute path its apps write to and its History Server reads
  std::string warehouse_dir;   // absolute path
  std::string probe_database;  // the Spark database its probe jobs write, e.g. "sparkmv_verify_35"
};

// One run of the probe job.
struct ProbeRun {
  std::string side;  // prefix of the version it ran on
  std::string how;   // "spark-submit to spark://127.0.0.1:7077", "Spark Connect sc://..."
  int exit_code = -1;
  bool timed_out = false;
  double seconds = 0;
  std::string log;
  std::string output_tail;  // last lines, for the evidence of a failure
  std::optional<ProbeRecord> record;
  std::string record_error;  // the record line was there but unreadable

  bool succeeded() const { return exit_code == 0 && !timed_out && record.has_value(); }
};

// True when two absolute directories are the same or one holds the other.
bool same_or_nested(const std::string& a, const std::string& b);
// True when `path` is `dir` or lies below it ("file:" prefixes ignored).
bool lies_under(const std::string& path, const std::string& dir);

// Every probe run exited 0 with its record and on the Spark version of its side.
Check jobs_check(const std::vector<StackSide>& sides, const std::vector<ProbeRun>& runs);

// `list` runs: each side's catalog shows its own probe database and none of the other side's.
Check catalog_check(const std::vector<StackSide>& sides, const std::vector<ProbeRun>& list_runs);

// The Spark databases each PostgreSQL metastore database holds (Hive's DBS table), by PostgreSQL database:
// each holds its own side's probe database and not the other's; the two sides name different databases.
Check metastore_database_check(const std::vector<StackSide>& sides,
                               const std::map<std::string, std::vector<std::string>>& spark_databases);

struct RoleAttempt {
  std::string role;
  std::string database;                // the other side's database
  std::optional<std::string> refused;  // the server's error; nothing when the login succeeded
};
// Each side's role is refused by the other side's database.
Check role_check(const std::vector<RoleAttempt>& attempts);

// `write` runs: each table lies under its own side's warehouse and not the other's; the warehouses are
// neither the same nor nested.
Check warehouse_check(const std::vector<StackSide>& sides, const std::vector<ProbeRun>& write_runs);

// One History Server's listing: every application is of its own version line, and the applications the
// probes ran on this side are there. `error` when the listing could not be fetched.
Check history_check(const StackSide& side, const std::vector<HistoryApplication>& listed,
                    const std::vector<std::string>& expected_app_ids, const std::string& error);

// The event-log scan of both sides' directories: nothing misplaced or unreadable; the two directories are
// neither the same nor nested.
Check event_log_check(const std::vector<StackSide>& sides, const eventlog::ScanResult& scan);

// The `--set` to write in a fix hint: "sparkmv down; sparkmv up --set spark41.warehouse=" (restores the
// built-in default of that side).
std::string restore_default_hint(const std::string& key);

}  // namespace sparkmv::verify
