#include "eventlog/event.hpp"

#include <array>
#include <utility>

namespace sparkmv::eventlog {

namespace {

// Spark's names: core events as SparkListenerX, SQL events by full class name (JsonProtocol.scala).
constexpr std::array<std::pair<std::string_view, EventType>, 20> event_names{{
    {"SparkListenerLogStart", EventType::log_start},
    {"SparkListenerApplicationStart", EventType::application_start},
    {"SparkListenerApplicationEnd", EventType::application_end},
    {"SparkListenerEnvironmentUpdate", EventType::environment_update},
    {"SparkListenerResourceProfileAdded", EventType::resource_profile_added},
    {"SparkListenerExecutorAdded", EventType::executor_added},
    {"SparkListenerExecutorRemoved", EventType::executor_removed},
    {"SparkListenerBlockManagerAdded", EventType::block_manager_added},
    {"SparkListenerBlockManagerRemoved", EventType::block_manager_removed},
    {"SparkListenerJobStart", EventType::job_start},
    {"SparkListenerJobEnd", EventType::job_end},
    {"SparkListenerStageSubmitted", EventType::stage_submitted},
    {"SparkListenerStageCompleted", EventType::stage_completed},
    {"SparkListenerTaskStart", EventType::task_start},
    {"SparkListenerTaskGettingResult", EventType::task_getting_result},
    {"SparkListenerTaskEnd", EventType::task_end},
    {"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart", EventType::sql_execution_start},
    {"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd", EventType::sql_execution_end},
    {"org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate",
     EventType::sql_adaptive_execution_update},
    {"org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates", EventType::driver_accum_update},
}};

using simdjson::ondemand::object;

std::optional<std::string_view> string_of(object& o, std::string_view key) {
  std::string_view value;
  if (o.find_field_unordered(key).get_string().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

std::optional<std::int64_t> int_of(object& o, std::string_view key) {
  std::int64_t value = 0;
  if (o.find_field_unordered(key).get_int64().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

std::optional<object> object_of(object& o, std::string_view key) {
  object value;
  if (o.find_field_unordered(key).get_object().get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

}  // namespace

EventType event_type_of(std::string_view event_name) {
  for (const auto& [name, type] : event_names) {
    if (name == event_name) return type;
  }
  return EventType::other;
}

std::string_view event_type_name(EventType type) {
  for (const auto& [name, t] : event_names) {
    if (t == type) return name;
  }
  return "other";
}

std::optional<LogStart> as_log_start(EventView& event) {
  if (event.type() != EventType::log_start) return std::nullopt;
  const auto version = string_of(event.fields(), "Spark Version");
  if (!version) return std::nullopt;
  return LogStart{*version};
}

std::optional<ApplicationStart> as_application_start(EventView& event) {
  if (event.type() != EventType::application_start) return std::nullopt;
  ApplicationStart start;
  auto& f = event.fields();
  const auto name = string_of(f, "App Name");
  if (!name) return std::nullopt;
  start.name = *name;
  start.id = string_of(f, "App ID");
  start.time = int_of(f, "Timestamp").value_or(0);
  start.user = string_of(f, "User").value_or("");
  start.attempt_id = string_of(f, "App Attempt ID");
  return start;
}

std::optional<ApplicationEnd> as_application_end(EventView& event) {
  if (event.type() != EventType::application_end) return std::nullopt;
  ApplicationEnd end;
  end.time = int_of(event.fields(), "Timestamp").value_or(0);
  end.exit_code = int_of(event.fields(), "ExitCode");
  return end;
}

std::optional<JobStart> as_job_start(EventView& event) {
  if (event.type() != EventType::job_start) return std::nullopt;
  JobStart start;
  auto& f = event.fields();
  const auto id = int_of(f, "Job ID");
  if (!id) return std::nullopt;
  start.job_id = *id;
  start.time = int_of(f, "Submission Time").value_or(0);
  // JsonProtocol writes no tag field: tags travel in the job's properties as "spark.job.tags",
  // comma-separated.
  if (auto properties = object_of(f, "Properties")) {
    std::string_view joined = string_of(*properties, "spark.job.tags").value_or("");
    while (!joined.empty()) {
      const auto comma = joined.find(',');
      const auto tag = joined.substr(0, comma);
      if (!tag.empty()) start.tags.push_back(tag);
      joined.remove_prefix(comma == std::string_view::npos ? joined.size() : comma + 1);
    }
  }
  return start;
}

std::optional<JobEnd> as_job_end(EventView& event) {
  if (event.type() != EventType::job_end) return std::nullopt;
  JobEnd end;
  auto& f = event.fields();
  const auto id = int_of(f, "Job ID");
  if (!id) return std::nullopt;
  end.job_id = *id;
  end.time = int_of(f, "Completion Time").value_or(0);
  if (auto result = object_of(f, "Job Result")) end.result = string_of(*result, "Result").value_or("");
  return end;
}

std::optional<TaskEnd> as_task_end(EventView& event) {
  if (event.type() != EventType::task_end) return std::nullopt;
  TaskEnd end;
  auto& f = event.fields();
  const auto stage = int_of(f, "Stage ID");
  if (!stage) return std::nullopt;
  end.stage_id = *stage;
  end.stage_attempt = int_of(f, "Stage Attempt ID").value_or(0);
  if (auto info = object_of(f, "Task Info")) {
    end.task_id = int_of(*info, "Task ID").value_or(0);
    end.executor_id = string_of(*info, "Executor ID").value_or("");
    end.launch_time = int_of(*info, "Launch Time").value_or(0);
    end.finish_time = int_of(*info, "Finish Time").value_or(0);
    bool failed = false;
    if (info->find_field_unordered("Failed").get_bool().get(failed) == simdjson::SUCCESS) end.failed = failed;
  }
  if (auto metrics = object_of(f, "Task Metrics")) {
    end.executor_run_time = int_of(*metrics, "Executor Run Time").value_or(0);
  }
  return end;
}

}  // namespace sparkmv::eventlog
