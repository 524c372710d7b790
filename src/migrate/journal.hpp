#pragma once
// The migration journal beside jobs.yaml (`<jobs>.journal`): one JSON object per line, appended, never
// rewritten. It records every pin change (promote, rollback), every comparison of a job's 3.5 and 4.1 runs
// (trial, compare) and the retirement of 3.5. docs/reference/migrate.md gives the format.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/store.hpp"

namespace sparkmv::migrate {

struct JournalEntry {
  std::string time;    // UTC, ISO-8601: "2026-11-24T03:09:28Z"
  std::string user;    // who ran the command
  std::string action;  // promote | rollback | trial | compare | retire
  std::string job;     // empty for retire
  std::string from;    // pin changes: "3.5" / "4.1"
  std::string to;
  std::string reason;
  bool forced = false;  // promote --force: the comparison gate was overridden
  // Comparisons (trial, compare): the verdict of `events compare` ("no regression", "improvement",
  // "regression", "inconclusive") and its figures (free-form JSON from the comparison).
  std::string verdict;
  nlohmann::json figures = nlohmann::json::object();
  // Pin changes: SHA-256 of jobs.yaml before and after. The entry is written ahead of the change, so a run
  // killed in between leaves an entry whose change never landed; the next change finds jobs.yaml still at
  // `inventory_before` and records an `abort` for it.
  std::string inventory_before;
  std::string inventory_after;
  int line = 0;  // 1-based line in the journal, when read back
};

nlohmann::json to_json(const JournalEntry& entry);

// An entry stamped with the current UTC time and user (getpwuid(geteuid()), else $USER, else the uid).
JournalEntry new_entry(std::string action, std::string job);
std::string utc_now_iso8601();
std::string current_user();

// Appends the entries as lines with one write(2) on an O_APPEND descriptor, then fsyncs. A fragment left by
// an earlier crash mid-append (a last line without its newline) is cut off first, so it never glues onto a
// new entry. The caller holds the InventoryLock. Returns the journal's size before the entries, for
// undo_append. `fail_point` sees "journal write" and "journal sync".
std::uintmax_t append_journal(const std::filesystem::path& journal, const std::vector<JournalEntry>& entries,
                              const FailPoint& fail_point = {});

// Takes back what append_journal wrote (the change it announced did not happen): cuts the journal to `size`.
void undo_append(const std::filesystem::path& journal, std::uintmax_t size, const FailPoint& fail_point = {});

struct JournalContents {
  std::vector<JournalEntry> entries;  // in file order
  std::vector<std::string> warnings;  // e.g. an incomplete last line, skipped
};

// A missing journal is an empty one. A malformed line is an InputError naming the file and line, except an
// incomplete last line (no newline: a run died while appending it), which is skipped with a warning.
JournalContents read_journal(const std::filesystem::path& journal);

bool is_comparison(const JournalEntry& entry);  // action trial or compare

// The newest batch of pin-change entries (one run's promote or rollback) that no `abort` follows: the one
// whose change may have been interrupted. Empty when there is none.
std::vector<JournalEntry> last_pin_batch(const std::vector<JournalEntry>& entries);

// The newest comparison of `job` that still counts: one recorded after the job's last rollback (a job that
// went back to 3.5 needs a fresh comparison before it moves again).
std::optional<JournalEntry> latest_comparison(const std::vector<JournalEntry>& entries, std::string_view job);

// Every entry about `job`, oldest first.
std::vector<JournalEntry> job_history(const std::vector<JournalEntry>& entries, std::string_view job);

// Whether a comparison lets the job move to 4.1: only the verdicts "no regression" and "improvement" do;
// "regression", "inconclusive" and anything unknown do not.
bool comparison_allows_promotion(const JournalEntry& comparison);

// What `migrate trial` (or `events compare` of a job's two runs) records for `promote` to find.
struct Comparison {
  std::string job;
  std::string action = "trial";  // trial | compare
  std::string verdict;           // as in JournalEntry::verdict
  nlohmann::json figures = nlohmann::json::object();
  std::string reason;  // free text, e.g. the run ids or report path
};

// Takes the inventory's lock (do not call while holding it) and appends one entry. InputError for an unknown
// action or an empty job or verdict.
void record_comparison(const InventoryFiles& files, const Comparison& comparison,
                       std::chrono::milliseconds lock_wait = default_lock_wait);

}  // namespace sparkmv::migrate
