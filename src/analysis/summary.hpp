#pragma once
// `events summary`: one run's totals and breakdowns, computed in one streaming pass over its log. A run is a
// batch application, or, inside a long-running (Spark Connect) application, the jobs carrying a tag. Memory
// grows with stages, jobs, SQL executions and executors, never with tasks: each task end is folded into its
// stage's totals and dropped.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eventlog/event.hpp"
#include "eventlog/layout.hpp"
#include "eventlog/parallel_reader.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::analysis {

// Which run of a location: `app` picks one log among several (its application id), `tag` the jobs carrying a
// tag (a client's spark.addTag("t") arrives as "..._Tag_t"; a plain "t" in spark.job.tags matches too).
struct RunSelector {
  std::string app;
  std::string tag;
};

// True when a job tag as written in spark.job.tags selects `tag`.
bool tag_matches(std::string_view job_tag, std::string_view tag);

// Sums over tasks; peak_execution_memory is the largest of any one task.
struct Metrics {
  std::int64_t tasks = 0;
  std::int64_t failed_tasks = 0;
  std::int64_t killed_tasks = 0;
  std::int64_t speculative_tasks = 0;
  std::int64_t retried_tasks = 0;  // task attempts after the first
  std::int64_t executor_run_time_ms = 0;
  std::int64_t executor_cpu_time_ns = 0;
  std::int64_t deserialize_time_ms = 0;
  std::int64_t gc_time_ms = 0;
  std::int64_t result_size = 0;
  std::int64_t input_bytes = 0;
  std::int64_t input_records = 0;
  std::int64_t output_bytes = 0;
  std::int64_t output_records = 0;
  std::int64_t shuffle_read_bytes = 0;
  std::int64_t shuffle_read_records = 0;
  std::int64_t shuffle_fetch_wait_ms = 0;
  std::int64_t shuffle_write_bytes = 0;
  std::int64_t shuffle_write_records = 0;
  std::int64_t shuffle_write_time_ns = 0;
  std::int64_t memory_spilled = 0;
  std::int64_t disk_spilled = 0;
  std::int64_t peak_execution_memory = 0;

  void add(const eventlog::TaskEnd& task);
  void add(const Metrics& other);
};

struct StageSummary {
  std::int64_t stage_id = 0;
  std::int64_t attempt = 0;
  std::int64_t job_id = -1;
  std::string name;
  std::int64_t num_tasks = 0;
  std::int64_t submitted = 0;  // ms since the epoch; 0 when unknown
  std::int64_t completed = 0;
  bool completed_seen = false;
  std::string failure;  // first line of the failure reason; empty when it succeeded
  Metrics metrics;
  std::int64_t duration_ms() const {
    return completed > submitted && submitted > 0 ? completed - submitted : 0;
  }
};

struct JobSummary {
  std::int64_t job_id = 0;
  std::int64_t submitted = 0;
  std::int64_t completed = 0;
  std::string result;  // "JobSucceeded", "JobFailed", empty while running
  std::optional<std::int64_t> sql_execution_id;
  std::vector<std::int64_t> stage_ids;
  std::int64_t duration_ms() const { return completed > submitted ? completed - submitted : 0; }
};

struct SqlSummary {
  std::int64_t execution_id = 0;
  std::string description;  // as written (Connect: the session and plan)
  std::int64_t started = 0;
  std::int64_t ended = 0;
  std::string error;
  std::vector<std::int64_t> job_ids;
  std::int64_t duration_ms() const { return ended > started ? ended - started : 0; }
};

struct ExecutorSummary {
  std::string id;
  std::string host;
  std::int64_t cores = 0;
  std::int64_t added = 0;
  std::int64_t removed = 0;  // 0 while it lives
  std::string removed_reason;
};

struct RunSummary {
  std::string path;
  std::string app_id;
  std::string app_name;
  std::string spark_version;
  std::string tag;  // empty: the whole application
  bool in_progress = false;
  std::int64_t app_start = 0;
  std::int64_t app_end = 0;
  std::int64_t first = 0;  // first job or SQL execution of the run began
  std::int64_t last = 0;   // last one ended
  std::int64_t wall_ms() const { return last > first ? last - first : 0; }
  std::int64_t app_duration_ms() const {
    return app_end > app_start && app_start > 0 ? app_end - app_start : 0;
  }

  std::int64_t jobs = 0;
  std::int64_t failed_jobs = 0;
  std::int64_t stages = 0;         // stage attempts that ran
  std::int64_t failed_stages = 0;  // stage attempts that failed
  std::int64_t stage_retries = 0;  // stage attempts after the first
  Metrics totals;
  std::vector<StageSummary> stage_list;  // by stage id, then attempt
  std::vector<JobSummary> job_list;      // by job id
  std::vector<SqlSummary> sql_list;      // by execution id; only those with a job of the run (or tagged)
  std::vector<ExecutorSummary> executors;
  std::int64_t executors_added = 0;
  std::int64_t executors_removed = 0;
  std::map<std::string, std::string> settings;  // the settings that matter for comparisons
  std::uint64_t events = 0;
  std::uint64_t malformed = 0;
  std::uint64_t task_end_fallbacks = 0;  // task ends the strict scanners left to the general parser
  std::vector<std::string> notes;
};

// The spark.* settings that change performance and are worth showing beside a comparison.
const std::vector<std::string>& compared_settings();

// Folds events into a summary; feed it every event of one application in order, then call finish().
class SummaryBuilder {
 public:
  explicit SummaryBuilder(std::string tag = "");
  // Moves keep the stages' map nodes, which the last-stage cache points into; a copy would not.
  SummaryBuilder(const SummaryBuilder&) = delete;
  SummaryBuilder& operator=(const SummaryBuilder&) = delete;
  SummaryBuilder(SummaryBuilder&&) = default;
  SummaryBuilder& operator=(SummaryBuilder&&) = default;
  void add(eventlog::EventView& event);
  RunSummary finish();

  // For readers that fold task ends before they reach the builder (the parallel reader's parts): True for
  // the events add() must see in log order, every one it reads except task ends.
  static bool needs_in_order(eventlog::EventType type);
  // What add() does with task ends of one stage attempt that all came between the same two in-order
  // events, summed into `tasks`.
  void add_tasks(std::int64_t stage_id, std::int64_t attempt, const Metrics& tasks);
  // Events add() did not see one by one (folded task ends, events it ignores), and how many of those task
  // ends the strict scanners left to the general parser.
  void count_events(std::uint64_t events, std::uint64_t task_end_fallbacks);

 private:
  struct StageKey {
    std::int64_t id;
    std::int64_t attempt;
    auto operator<=>(const StageKey&) const = default;
  };
  bool job_selected(const eventlog::JobStart& job) const;
  bool stage_selected(std::int64_t stage_id) const;
  StageSummary& stage(std::int64_t id, std::int64_t attempt);

  std::string tag_;
  RunSummary run_;
  std::map<StageKey, StageSummary> stages_;
  // The stage the previous task end went to: tasks of one stage arrive in long runs, so most task ends skip
  // the map lookup. Map nodes never move, so the pointer stays valid until finish().
  StageKey last_stage_key_{-1, -1};
  StageSummary* last_stage_ = nullptr;
  std::map<std::int64_t, std::int64_t> stage_job_;  // selected stage id -> its job
  std::map<std::int64_t, JobSummary> jobs_;
  std::map<std::int64_t, SqlSummary> sql_;
  std::map<std::int64_t, bool> sql_tagged_;
  std::map<std::string, ExecutorSummary> executors_;
};

// The log `selector.app` picks at `location` (a log file, a rolling directory, or a directory holding
// several logs). Throws InputError when the location holds no log, or several and no --app.
eventlog::LogRef find_log(eventlog::Storage& storage, const std::string& location,
                          const RunSelector& selector);

// Summarises the run `selector` picks at `location` (see find_log), reading the log with `options.jobs`
// threads (all cores by default); the result does not depend on them. Throws InputError when the log
// cannot be read, is no Spark event log, or no job carries the tag.
RunSummary summarize(eventlog::Storage& storage, const std::string& location, const RunSelector& selector,
                     const eventlog::ReadOptions& options = {});

// Summaries of one log, one per tag of `tags` (an empty tag: the whole application), from one read of it.
// A tag no job carries gets a summary with no jobs. Throws InputError as summarize() does for a log that
// cannot be read.
std::vector<RunSummary> summarize_tags(eventlog::Storage& storage, const eventlog::LogRef& log,
                                       const std::vector<std::string>& tags,
                                       const eventlog::ReadOptions& options = {});

// One log of a directory summarised on its own: its run, or why it could not be read.
struct LogSummary {
  eventlog::LogRef log;
  std::optional<RunSummary> run;  // empty when the log failed, or carries no job with the tag
  std::string error;              // one line naming the file and line or byte offset
};

// Every log of `logs` summarised for `tag` (empty: whole applications), `jobs` logs at a time (0: all
// cores), each read by one thread. `on_done(done, total)` is called after each log, from the thread that
// read it, one call at a time. Results are in the order of `logs`; a log that fails does not stop the rest.
std::vector<LogSummary> summarize_each(eventlog::Storage& storage, std::vector<eventlog::LogRef> logs,
                                       const std::string& tag, unsigned jobs,
                                       const std::function<void(std::size_t, std::size_t)>& on_done = {});

}  // namespace sparkmv::analysis
