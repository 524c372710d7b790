#pragma once
// Fast paths for task ends, nearly half the events of a log and most of its bytes. Spark's JsonProtocol
// writes a task end in compact JSON, in a fixed order: a few scalars, "Task Info" (its scalars, then a large
// "Accumulables" array), "Task Executor Metrics", and "Task Metrics" last. On-demand parsing would walk every
// token of the arrays in between; instead the scalars are read from the front of the line and "Task Metrics"
// from its end, each by a small, strict scanner. Whatever a scanner does not expect (another field order,
// whitespace, a number that is not an int64, an escaped string) makes it give up, and the caller reads that
// part with the general on-demand parser: being strict here never changes a result.
#include <cstdint>
#include <span>
#include <string_view>

#include "eventlog/event.hpp"

namespace sparkmv::eventlog {

// Where one "Task Metrics" field goes; shared by the fast path and the general parser so both read the same
// keys into the same places.
struct MetricField {
  std::string_view key;
  std::int64_t TaskMetrics::*slot;
};
// The integer fields of "Task Metrics" itself, except "Executor Run Time" (TaskEnd::executor_run_time).
std::span<const MetricField> task_metrics_fields();
// The groups nested in "Task Metrics": "Shuffle Read Metrics" and so on, with their integer fields.
struct MetricGroup {
  std::string_view key;
  std::span<const MetricField> fields;
};
std::span<const MetricGroup> task_metrics_groups();
inline constexpr std::string_view executor_run_time_key = "Executor Run Time";

// Reads "Stage ID", "Stage Attempt ID", the reason of "Task End Reason" and the scalars of "Task Info" into
// `end` when `line` holds them in JsonProtocol's order, once each, before "Task Info"'s "Accumulables".
// Returns false otherwise; `end` may then be partly written, and the caller must read them in full.
bool read_task_end_head(std::string_view line, TaskEnd& end);

// Reads "Task Metrics" into `end` (executor_run_time, metrics, has_metrics) when `line` is a JSON object
// whose last field is a compactly written "Task Metrics" object of int64 fields and metric groups. Returns
// false, leaving `end` unchanged, for any other layout: the caller must then parse the line in full. (A line
// with "Task Metrics" twice may be read differently: JSON leaves duplicate keys undefined.)
bool read_trailing_task_metrics(std::string_view line, TaskEnd& end);

}  // namespace sparkmv::eventlog
