#pragma once
// One event of a log as analyses see it: its type, and typed views read lazily from the JSON line, with
// strings pointing into the reader's buffers (no copies). A view is valid only during the callback it was
// handed to; keep what you need by copying it out.
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace sparkmv::eventlog {

enum class EventType : std::uint8_t {
  other,  // unknown or not yet needed: skip it
  log_start,
  application_start,
  application_end,
  environment_update,
  resource_profile_added,
  executor_added,
  executor_removed,
  block_manager_added,
  block_manager_removed,
  job_start,
  job_end,
  stage_submitted,
  stage_completed,
  task_start,
  task_getting_result,
  task_end,
  sql_execution_start,
  sql_execution_end,
  sql_adaptive_execution_update,
  driver_accum_update,
};

// The type named by an "Event" value; EventType::other for anything unknown.
EventType event_type_of(std::string_view event_name);
std::string_view event_type_name(EventType type);

class EventView {
 public:
  EventView(EventType type, std::string_view name, std::uint64_t line, std::string_view json,
            simdjson::ondemand::object& fields)
      : type_(type), name_(name), line_(line), json_(json), fields_(fields) {}

  EventType type() const { return type_; }
  std::string_view name() const { return name_; }  // the "Event" value as written
  std::uint64_t line() const { return line_; }     // 1-based line in its file
  std::string_view json() const { return json_; }  // the raw line
  // The top-level object, for fields no typed view covers; on-demand, so read fields once each.
  simdjson::ondemand::object& fields() { return fields_; }

 private:
  EventType type_;
  std::string_view name_;
  std::uint64_t line_;
  std::string_view json_;
  simdjson::ondemand::object& fields_;
};

struct LogStart {
  std::string_view spark_version;
};
struct ApplicationStart {
  std::string_view name;
  std::optional<std::string_view> id;
  std::optional<std::string_view> attempt_id;
  std::int64_t time = 0;
  std::string_view user;
};
struct ApplicationEnd {
  std::int64_t time = 0;
  std::optional<std::int64_t> exit_code;  // 4.x only
};
struct JobStart {
  std::int64_t job_id = 0;
  std::int64_t time = 0;
  std::vector<std::string_view> tags;   // Properties "spark.job.tags": Connect sessions, spark.addTag
  std::vector<std::int64_t> stage_ids;  // every stage of the job, including those that will be skipped
  std::optional<std::int64_t> sql_execution_id;  // Properties "spark.sql.execution.id"
};
struct JobEnd {
  std::int64_t job_id = 0;
  std::int64_t time = 0;
  std::string_view result;  // "JobSucceeded" or "JobFailed"
};
// "Task Metrics" of a finished task (JsonProtocol.taskMetricsToJson); absent fields read as 0. Times in ms
// unless named _ns.
struct TaskMetrics {
  std::int64_t executor_deserialize_time = 0;
  std::int64_t executor_deserialize_cpu_time_ns = 0;
  std::int64_t executor_cpu_time_ns = 0;
  std::int64_t peak_execution_memory = 0;
  std::int64_t result_size = 0;
  std::int64_t jvm_gc_time = 0;
  std::int64_t result_serialization_time = 0;
  std::int64_t memory_bytes_spilled = 0;
  std::int64_t disk_bytes_spilled = 0;
  std::int64_t shuffle_remote_bytes_read = 0;
  std::int64_t shuffle_local_bytes_read = 0;
  std::int64_t shuffle_records_read = 0;
  std::int64_t shuffle_fetch_wait_time = 0;
  std::int64_t shuffle_bytes_written = 0;
  std::int64_t shuffle_records_written = 0;
  std::int64_t shuffle_write_time_ns = 0;
  std::int64_t input_bytes = 0;
  std::int64_t input_records = 0;
  std::int64_t output_bytes = 0;
  std::int64_t output_records = 0;
};
struct TaskEnd {
  std::int64_t stage_id = 0;
  std::int64_t stage_attempt = 0;
  std::int64_t task_id = 0;
  std::string_view executor_id;
  std::int64_t launch_time = 0;
  std::int64_t finish_time = 0;
  bool failed = false;
  std::int64_t executor_run_time = 0;  // ms, from "Task Metrics"
  std::string_view end_reason;         // "Task End Reason" / "Reason": "Success", "ExceptionFailure", ...
  std::int64_t attempt = 0;            // "Task Info" / "Attempt": > 0 for a retried task
  bool speculative = false;
  bool killed = false;
  bool has_metrics = false;  // failed tasks may carry none
  bool scanned = false;      // read by the strict scanners alone, without the general parser
  TaskMetrics metrics;
};
// "Stage Info" of StageSubmitted / StageCompleted.
struct StageInfo {
  std::int64_t stage_id = 0;
  std::int64_t attempt = 0;
  std::string_view name;
  std::int64_t num_tasks = 0;
  std::optional<std::int64_t> submission_time;
  std::optional<std::int64_t> completion_time;  // StageCompleted only
  std::optional<std::string_view> failure_reason;
};
struct ExecutorAdded {
  std::int64_t time = 0;
  std::string_view executor_id;
  std::string_view host;
  std::int64_t total_cores = 0;
};
struct ExecutorRemoved {
  std::int64_t time = 0;
  std::string_view executor_id;
  std::string_view reason;
};
// org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart (camelCase keys).
struct SqlExecutionStart {
  std::int64_t execution_id = 0;
  std::optional<std::int64_t> root_execution_id;
  std::string_view description;
  std::int64_t time = 0;
  std::vector<std::string_view> job_tags;  // 4.x "jobTags"
};
struct SqlExecutionEnd {
  std::int64_t execution_id = 0;
  std::int64_t time = 0;
  std::string_view error_message;  // empty on success (3.5 writes "", absent in older logs)
};
// "Spark Properties" of EnvironmentUpdate, as (key, value) pairs in log order.
struct EnvironmentUpdate {
  std::vector<std::pair<std::string_view, std::string_view>> spark_properties;
};

// Each returns std::nullopt when the event is of another type or lacks a required field.
std::optional<LogStart> as_log_start(EventView& event);
std::optional<ApplicationStart> as_application_start(EventView& event);
std::optional<ApplicationEnd> as_application_end(EventView& event);
std::optional<JobStart> as_job_start(EventView& event);
std::optional<JobEnd> as_job_end(EventView& event);
std::optional<TaskEnd> as_task_end(EventView& event);
std::optional<StageInfo> as_stage_submitted(EventView& event);
std::optional<StageInfo> as_stage_completed(EventView& event);
std::optional<ExecutorAdded> as_executor_added(EventView& event);
std::optional<ExecutorRemoved> as_executor_removed(EventView& event);
std::optional<SqlExecutionStart> as_sql_execution_start(EventView& event);
std::optional<SqlExecutionEnd> as_sql_execution_end(EventView& event);
std::optional<EnvironmentUpdate> as_environment_update(EventView& event);

}  // namespace sparkmv::eventlog
