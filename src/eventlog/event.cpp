#include "eventlog/event.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "eventlog/task_end_scan.hpp"

namespace sparkmv::eventlog {

namespace {

// Spark's names: core events as SparkListenerX, SQL events by full class name (JsonProtocol.scala). Task
// events first: they are nearly every line of a log, and event_type_of() tries the names in this order.
constexpr std::array<std::pair<std::string_view, EventType>, 20> event_names{{
    {"SparkListenerTaskEnd", EventType::task_end},
    {"SparkListenerTaskStart", EventType::task_start},
    {"SparkListenerTaskGettingResult", EventType::task_getting_result},
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
    {"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart", EventType::sql_execution_start},
    {"org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd", EventType::sql_execution_end},
    {"org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate",
     EventType::sql_adaptive_execution_update},
    {"org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates", EventType::driver_accum_update},
}};

using simdjson::ondemand::object;

// simdjson 3.0.1's on-demand iterator gives up for good on a line whose structure is broken (an unbalanced
// object, a missing colon or comma) and dereferences a null parser on the next lookup. So every lookup's
// result goes through ok(), which turns such an error into BrokenEvent, and every typed view catches it
// (unless_broken) and answers std::nullopt, as for any event that lacks what it needs.
struct BrokenEvent {};

// True when a lookup succeeded; false when the field is absent or of another type.
bool ok(simdjson::error_code error) {
  if (error == simdjson::TAPE_ERROR || error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT) throw BrokenEvent{};
  return error == simdjson::SUCCESS;
}

template <typename Read>
auto unless_broken(Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const BrokenEvent&) {
    return std::nullopt;
  }
}

std::optional<std::string_view> string_of(object& o, std::string_view key) {
  std::string_view value;
  if (!ok(o.find_field_unordered(key).get_string().get(value))) return std::nullopt;
  return value;
}

std::optional<std::int64_t> int_of(object& o, std::string_view key) {
  std::int64_t value = 0;
  if (!ok(o.find_field_unordered(key).get_int64().get(value))) return std::nullopt;
  return value;
}

std::optional<object> object_of(object& o, std::string_view key) {
  object value;
  if (!ok(o.find_field_unordered(key).get_object().get(value))) return std::nullopt;
  return value;
}

std::optional<bool> bool_of(object& o, std::string_view key) {
  bool value = false;
  if (!ok(o.find_field_unordered(key).get_bool().get(value))) return std::nullopt;
  return value;
}

std::int64_t int_value(simdjson::ondemand::value v) {
  std::int64_t value = 0;
  return ok(v.get_int64().get(value)) ? value : 0;
}

// One pass over a metric group: keys are compared in place, whatever their order.
void read_metric_fields(object& o, std::span<const MetricField> fields, TaskMetrics& m) {
  for (auto field : o) {
    simdjson::ondemand::raw_json_string key;
    if (!ok(field.key().get(key))) return;
    for (const auto& wanted : fields) {
      if (key.unsafe_is_equal(wanted.key)) {
        m.*(wanted.slot) = int_value(field.value());
        break;
      }
    }
  }
}

// The general reader of "Task Metrics", for lines the fast path (read_trailing_task_metrics) leaves alone.
void read_task_metrics(object& metrics, TaskEnd& end) {
  TaskMetrics& m = end.metrics;
  const auto groups = task_metrics_groups();
  for (auto field : metrics) {
    simdjson::ondemand::raw_json_string key;
    if (!ok(field.key().get(key))) return;
    if (key.unsafe_is_equal(executor_run_time_key)) {
      end.executor_run_time = int_value(field.value());
      continue;
    }
    const auto group = std::find_if(groups.begin(), groups.end(),
                                    [&](const MetricGroup& g) { return key.unsafe_is_equal(g.key); });
    if (group != groups.end()) {
      object inner;
      if (ok(field.value().get_object().get(inner))) read_metric_fields(inner, group->fields, m);
      continue;
    }
    for (const auto& wanted : task_metrics_fields()) {
      if (key.unsafe_is_equal(wanted.key)) {
        m.*(wanted.slot) = int_value(field.value());
        break;
      }
    }
  }
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
  return unless_broken([&]() -> std::optional<LogStart> {
    if (event.type() != EventType::log_start) return std::nullopt;
    const auto version = string_of(event.fields(), "Spark Version");
    if (!version) return std::nullopt;
    return LogStart{*version};
  });
}

std::optional<ApplicationStart> as_application_start(EventView& event) {
  return unless_broken([&]() -> std::optional<ApplicationStart> {
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
  });
}

std::optional<ApplicationEnd> as_application_end(EventView& event) {
  return unless_broken([&]() -> std::optional<ApplicationEnd> {
    if (event.type() != EventType::application_end) return std::nullopt;
    ApplicationEnd end;
    end.time = int_of(event.fields(), "Timestamp").value_or(0);
    end.exit_code = int_of(event.fields(), "ExitCode");
    return end;
  });
}

std::optional<JobStart> as_job_start(EventView& event) {
  return unless_broken([&]() -> std::optional<JobStart> {
    if (event.type() != EventType::job_start) return std::nullopt;
    JobStart start;
    auto& f = event.fields();
    const auto id = int_of(f, "Job ID");
    if (!id) return std::nullopt;
    start.job_id = *id;
    start.time = int_of(f, "Submission Time").value_or(0);
    simdjson::ondemand::array stage_ids;
    if (ok(f.find_field_unordered("Stage IDs").get_array().get(stage_ids))) {
      for (auto stage : stage_ids) {
        std::int64_t value = 0;
        if (ok(stage.get_int64().get(value))) start.stage_ids.push_back(value);
      }
    }
    // JsonProtocol writes no tag field: tags travel in the job's properties as "spark.job.tags",
    // comma-separated.
    if (auto properties = object_of(f, "Properties")) {
      // One pass: properties are written in no fixed order.
      std::string_view joined;
      for (auto field : *properties) {
        simdjson::ondemand::raw_json_string key;
        if (!ok(field.key().get(key))) break;
        std::string_view value;
        if (key.unsafe_is_equal("spark.job.tags")) {
          if (ok(field.value().get_string().get(value))) joined = value;
        } else if (key.unsafe_is_equal("spark.sql.execution.id")) {
          if (ok(field.value().get_string().get(value))) {
            std::int64_t execution = 0;
            bool digits = !value.empty();
            for (const char c : value) {
              if (c < '0' || c > '9')
                digits = false;
              else
                execution = execution * 10 + (c - '0');
            }
            if (digits) start.sql_execution_id = execution;
          }
        }
      }
      while (!joined.empty()) {
        const auto comma = joined.find(',');
        const auto tag = joined.substr(0, comma);
        if (!tag.empty()) start.tags.push_back(tag);
        joined.remove_prefix(comma == std::string_view::npos ? joined.size() : comma + 1);
      }
    }
    return start;
  });
}

std::optional<JobEnd> as_job_end(EventView& event) {
  return unless_broken([&]() -> std::optional<JobEnd> {
    if (event.type() != EventType::job_end) return std::nullopt;
    JobEnd end;
    auto& f = event.fields();
    const auto id = int_of(f, "Job ID");
    if (!id) return std::nullopt;
    end.job_id = *id;
    end.time = int_of(f, "Completion Time").value_or(0);
    if (auto result = object_of(f, "Job Result")) end.result = string_of(*result, "Result").value_or("");
    return end;
  });
}

namespace {

// The general readers of a task end's parts, for lines the fast paths (task_end_scan.hpp) leave alone.
bool read_head_in_full(object& f, TaskEnd& end) {
  const auto stage = int_of(f, "Stage ID");
  if (!stage) return false;
  end.stage_id = *stage;
  end.stage_attempt = int_of(f, "Stage Attempt ID").value_or(0);
  // Fields are read in the order JsonProtocol writes them, so each lookup moves forward only.
  if (auto reason = object_of(f, "Task End Reason"))
    end.end_reason = string_of(*reason, "Reason").value_or("");
  if (auto info = object_of(f, "Task Info")) {
    end.task_id = int_of(*info, "Task ID").value_or(0);
    end.attempt = int_of(*info, "Attempt").value_or(0);
    end.launch_time = int_of(*info, "Launch Time").value_or(0);
    end.executor_id = string_of(*info, "Executor ID").value_or("");
    end.speculative = bool_of(*info, "Speculative").value_or(false);
    end.finish_time = int_of(*info, "Finish Time").value_or(0);
    end.failed = bool_of(*info, "Failed").value_or(false);
    end.killed = bool_of(*info, "Killed").value_or(false);
  }
  return true;
}

void read_metrics_in_full(object& f, TaskEnd& end) {
  if (auto metrics = object_of(f, "Task Metrics")) {
    end.has_metrics = true;
    read_task_metrics(*metrics, end);
  }
}

}  // namespace

std::optional<TaskEnd> as_task_end(EventView& event) {
  return unless_broken([&]() -> std::optional<TaskEnd> {
    if (event.type() != EventType::task_end) return std::nullopt;
    TaskEnd end;
    // The scalars come first and "Task Metrics" last, with thousands of bytes of accumulables between them
    // that no analysis reads: the fast paths read both ends of the line and skip the middle.
    bool scanned = true;
    if (!read_task_end_head(event.json(), end)) {
      scanned = false;
      end = TaskEnd{};  // the fast path may have filled some fields before giving up
      if (!read_head_in_full(event.fields(), end)) return std::nullopt;
    }
    if (!read_trailing_task_metrics(event.json(), end)) {
      scanned = false;
      read_metrics_in_full(event.fields(), end);
    }
    end.scanned = scanned;
    return end;
  });
}

namespace {

std::optional<StageInfo> stage_info_of(EventView& event) {
  auto info = object_of(event.fields(), "Stage Info");
  if (!info) return std::nullopt;
  StageInfo stage;
  const auto id = int_of(*info, "Stage ID");
  if (!id) return std::nullopt;
  stage.stage_id = *id;
  stage.attempt = int_of(*info, "Stage Attempt ID").value_or(0);
  stage.name = string_of(*info, "Stage Name").value_or("");
  stage.num_tasks = int_of(*info, "Number of Tasks").value_or(0);
  stage.submission_time = int_of(*info, "Submission Time");
  stage.completion_time = int_of(*info, "Completion Time");
  stage.failure_reason = string_of(*info, "Failure Reason");
  return stage;
}

}  // namespace

std::optional<StageInfo> as_stage_submitted(EventView& event) {
  return unless_broken([&]() -> std::optional<StageInfo> {
    if (event.type() != EventType::stage_submitted) return std::nullopt;
    return stage_info_of(event);
  });
}

std::optional<StageInfo> as_stage_completed(EventView& event) {
  return unless_broken([&]() -> std::optional<StageInfo> {
    if (event.type() != EventType::stage_completed) return std::nullopt;
    return stage_info_of(event);
  });
}

std::optional<ExecutorAdded> as_executor_added(EventView& event) {
  return unless_broken([&]() -> std::optional<ExecutorAdded> {
    if (event.type() != EventType::executor_added) return std::nullopt;
    auto& f = event.fields();
    ExecutorAdded added;
    added.time = int_of(f, "Timestamp").value_or(0);
    const auto id = string_of(f, "Executor ID");
    if (!id) return std::nullopt;
    added.executor_id = *id;
    if (auto info = object_of(f, "Executor Info")) {
      added.host = string_of(*info, "Host").value_or("");
      added.total_cores = int_of(*info, "Total Cores").value_or(0);
    }
    return added;
  });
}

std::optional<ExecutorRemoved> as_executor_removed(EventView& event) {
  return unless_broken([&]() -> std::optional<ExecutorRemoved> {
    if (event.type() != EventType::executor_removed) return std::nullopt;
    auto& f = event.fields();
    ExecutorRemoved removed;
    removed.time = int_of(f, "Timestamp").value_or(0);
    const auto id = string_of(f, "Executor ID");
    if (!id) return std::nullopt;
    removed.executor_id = *id;
    removed.reason = string_of(f, "Removed Reason").value_or("");
    return removed;
  });
}

std::optional<SqlExecutionStart> as_sql_execution_start(EventView& event) {
  return unless_broken([&]() -> std::optional<SqlExecutionStart> {
    if (event.type() != EventType::sql_execution_start) return std::nullopt;
    auto& f = event.fields();
    SqlExecutionStart start;
    const auto id = int_of(f, "executionId");
    if (!id) return std::nullopt;
    start.execution_id = *id;
    start.root_execution_id = int_of(f, "rootExecutionId");
    start.description = string_of(f, "description").value_or("");
    start.time = int_of(f, "time").value_or(0);
    simdjson::ondemand::array tags;
    if (ok(f.find_field_unordered("jobTags").get_array().get(tags))) {
      for (auto tag : tags) {
        std::string_view value;
        if (ok(tag.get_string().get(value))) start.job_tags.push_back(value);
      }
    }
    return start;
  });
}

std::optional<SqlExecutionEnd> as_sql_execution_end(EventView& event) {
  return unless_broken([&]() -> std::optional<SqlExecutionEnd> {
    if (event.type() != EventType::sql_execution_end) return std::nullopt;
    auto& f = event.fields();
    SqlExecutionEnd end;
    const auto id = int_of(f, "executionId");
    if (!id) return std::nullopt;
    end.execution_id = *id;
    end.time = int_of(f, "time").value_or(0);
    end.error_message = string_of(f, "errorMessage").value_or("");
    return end;
  });
}

std::optional<EnvironmentUpdate> as_environment_update(EventView& event) {
  return unless_broken([&]() -> std::optional<EnvironmentUpdate> {
    if (event.type() != EventType::environment_update) return std::nullopt;
    EnvironmentUpdate update;
    auto properties = object_of(event.fields(), "Spark Properties");
    if (!properties) return update;
    for (auto field : *properties) {
      std::string_view key;
      std::string_view value;
      if (!ok(field.unescaped_key().get(key))) continue;
      if (!ok(field.value().get_string().get(value))) continue;
      update.spark_properties.emplace_back(key, value);
    }
    return update;
  });
}

}  // namespace sparkmv::eventlog
