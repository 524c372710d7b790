#pragma once
// One event of a log as analyses see it: its type, and typed views read lazily from the JSON line, with
// strings pointing into the reader's buffers (no copies). A view is valid only during the callback it was
// handed to; keep what you need by copying it out.
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string_view>
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
  std::vector<std::string_view> tags;  // Properties "spark.job.tags": Connect sessions, spark.addTag
};
struct JobEnd {
  std::int64_t job_id = 0;
  std::int64_t time = 0;
  std::string_view result;  // "JobSucceeded" or "JobFailed"
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
};

// Each returns std::nullopt when the event is of another type or lacks a required field.
std::optional<LogStart> as_log_start(EventView& event);
std::optional<ApplicationStart> as_application_start(EventView& event);
std::optional<ApplicationEnd> as_application_end(EventView& event);
std::optional<JobStart> as_job_start(EventView& event);
std::optional<JobEnd> as_job_end(EventView& event);
std::optional<TaskEnd> as_task_end(EventView& event);

}  // namespace sparkmv::eventlog
