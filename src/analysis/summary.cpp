#include "analysis/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <thread>

#include "analysis/summary_parts.hpp"
#include "common/errors.hpp"
#include "eventlog/layout.hpp"
#include "eventlog/reader.hpp"

namespace sparkmv::analysis {

namespace {

constexpr std::size_t max_description = 2000;

std::string first_line(std::string_view text) {
  const auto end = text.find('\n');
  return std::string(text.substr(0, end));
}

void keep_min(std::int64_t& slot, std::int64_t value) {
  if (value > 0 && (slot == 0 || value < slot)) slot = value;
}
void keep_max(std::int64_t& slot, std::int64_t value) {
  slot = std::max(slot, value);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool tag_matches(std::string_view job_tag, std::string_view tag) {
  if (tag.empty()) return false;
  if (job_tag == tag) return true;
  constexpr std::string_view marker = "_Tag_";
  return job_tag.size() > tag.size() + marker.size() && job_tag.ends_with(tag) &&
         job_tag.substr(job_tag.size() - tag.size() - marker.size(), marker.size()) == marker;
}

void Metrics::add(const eventlog::TaskEnd& task) {
  ++tasks;
  if (task.failed) ++failed_tasks;
  if (task.killed) ++killed_tasks;
  if (task.speculative) ++speculative_tasks;
  if (task.attempt > 0) ++retried_tasks;
  if (!task.has_metrics) return;
  const auto& m = task.metrics;
  executor_run_time_ms += task.executor_run_time;
  executor_cpu_time_ns += m.executor_cpu_time_ns;
  deserialize_time_ms += m.executor_deserialize_time;
  gc_time_ms += m.jvm_gc_time;
  result_size += m.result_size;
  input_bytes += m.input_bytes;
  input_records += m.input_records;
  output_bytes += m.output_bytes;
  output_records += m.output_records;
  shuffle_read_bytes += m.shuffle_remote_bytes_read + m.shuffle_local_bytes_read;
  shuffle_read_records += m.shuffle_records_read;
  shuffle_fetch_wait_ms += m.shuffle_fetch_wait_time;
  shuffle_write_bytes += m.shuffle_bytes_written;
  shuffle_write_records += m.shuffle_records_written;
  shuffle_write_time_ns += m.shuffle_write_time_ns;
  memory_spilled += m.memory_bytes_spilled;
  disk_spilled += m.disk_bytes_spilled;
  peak_execution_memory = std::max(peak_execution_memory, m.peak_execution_memory);
}

void Metrics::add(const Metrics& o) {
  tasks += o.tasks;
  failed_tasks += o.failed_tasks;
  killed_tasks += o.killed_tasks;
  speculative_tasks += o.speculative_tasks;
  retried_tasks += o.retried_tasks;
  executor_run_time_ms += o.executor_run_time_ms;
  executor_cpu_time_ns += o.executor_cpu_time_ns;
  deserialize_time_ms += o.deserialize_time_ms;
  gc_time_ms += o.gc_time_ms;
  result_size += o.result_size;
  input_bytes += o.input_bytes;
  input_records += o.input_records;
  output_bytes += o.output_bytes;
  output_records += o.output_records;
  shuffle_read_bytes += o.shuffle_read_bytes;
  shuffle_read_records += o.shuffle_read_records;
  shuffle_fetch_wait_ms += o.shuffle_fetch_wait_ms;
  shuffle_write_bytes += o.shuffle_write_bytes;
  shuffle_write_records += o.shuffle_write_records;
  shuffle_write_time_ns += o.shuffle_write_time_ns;
  memory_spilled += o.memory_spilled;
  disk_spilled += o.disk_spilled;
  peak_execution_memory = std::max(peak_execution_memory, o.peak_execution_memory);
}

const std::vector<std::string>& compared_settings() {
  static const std::vector<std::string> names{
      "spark.master",
      "spark.executor.instances",
      "spark.executor.cores",
      "spark.executor.memory",
      "spark.driver.memory",
      "spark.dynamicAllocation.enabled",
      "spark.default.parallelism",
      "spark.sql.shuffle.partitions",
      "spark.sql.adaptive.enabled",
      "spark.sql.adaptive.coalescePartitions.enabled",
      "spark.sql.autoBroadcastJoinThreshold",
      "spark.sql.files.maxPartitionBytes",
      "spark.sql.ansi.enabled",
      "spark.serializer",
      "spark.memory.fraction",
      "spark.memory.offHeap.enabled",
      "spark.speculation",
      "spark.shuffle.compress",
      "spark.io.compression.codec",
      "spark.eventLog.compress",
  };
  return names;
}

SummaryBuilder::SummaryBuilder(std::string tag) : tag_(std::move(tag)) {
  run_.tag = tag_;
}

bool SummaryBuilder::job_selected(const eventlog::JobStart& job) const {
  if (tag_.empty()) return true;
  return std::any_of(job.tags.begin(), job.tags.end(),
                     [&](std::string_view t) { return tag_matches(t, tag_); });
}

bool SummaryBuilder::stage_selected(std::int64_t stage_id) const {
  // A whole application keeps every stage, even one whose job start the log lost.
  return tag_.empty() || stage_job_.contains(stage_id);
}

StageSummary& SummaryBuilder::stage(std::int64_t id, std::int64_t attempt) {
  const StageKey key{id, attempt};
  if (last_stage_ != nullptr && key == last_stage_key_) return *last_stage_;
  auto [it, inserted] = stages_.try_emplace(key);
  if (inserted) {
    it->second.stage_id = id;
    it->second.attempt = attempt;
    const auto job = stage_job_.find(id);
    it->second.job_id = job == stage_job_.end() ? -1 : job->second;
  }
  last_stage_key_ = key;
  last_stage_ = &it->second;
  return it->second;
}

void SummaryBuilder::add(eventlog::EventView& event) {
  using eventlog::EventType;
  ++run_.events;
  switch (event.type()) {
    case EventType::task_end: {
      const auto task = eventlog::as_task_end(event);
      if (!task || !task->scanned) ++run_.task_end_fallbacks;
      if (!task || !stage_selected(task->stage_id)) return;
      stage(task->stage_id, task->stage_attempt).metrics.add(*task);
      return;
    }
    case EventType::log_start:
      if (const auto start = eventlog::as_log_start(event))
        run_.spark_version = std::string(start->spark_version);
      return;
    case EventType::application_start:
      if (const auto start = eventlog::as_application_start(event)) {
        run_.app_name = std::string(start->name);
        run_.app_id = std::string(start->id.value_or(""));
        run_.app_start = start->time;
      }
      return;
    case EventType::application_end:
      if (const auto end = eventlog::as_application_end(event)) run_.app_end = end->time;
      return;
    case EventType::environment_update:
      if (const auto env = eventlog::as_environment_update(event)) {
        const auto& wanted = compared_settings();
        for (const auto& [key, value] : env->spark_properties) {
          if (std::find(wanted.begin(), wanted.end(), key) != wanted.end())
            run_.settings[std::string(key)] = std::string(value);
        }
      }
      return;
    case EventType::executor_added:
      if (const auto added = eventlog::as_executor_added(event)) {
        auto& e = executors_[std::string(added->executor_id)];
        e.id = std::string(added->executor_id);
        e.host = std::string(added->host);
        e.cores = added->total_cores;
        e.added = added->time;
        ++run_.executors_added;
      }
      return;
    case EventType::executor_removed:
      if (const auto removed = eventlog::as_executor_removed(event)) {
        auto& e = executors_[std::string(removed->executor_id)];
        e.id = std::string(removed->executor_id);
        e.removed = removed->time;
        e.removed_reason = std::string(removed->reason);
        ++run_.executors_removed;
      }
      return;
    case EventType::job_start:
      if (const auto start = eventlog::as_job_start(event)) {
        if (!job_selected(*start)) return;
        auto& job = jobs_[start->job_id];
        job.job_id = start->job_id;
        job.submitted = start->time;
        job.sql_execution_id = start->sql_execution_id;
        job.stage_ids = start->stage_ids;
        for (const auto id : start->stage_ids) stage_job_[id] = start->job_id;
        if (start->sql_execution_id) {
          const auto sql = sql_.find(*start->sql_execution_id);
          if (sql != sql_.end()) sql->second.job_ids.push_back(start->job_id);
        }
      }
      return;
    case EventType::job_end:
      if (const auto end = eventlog::as_job_end(event)) {
        const auto job = jobs_.find(end->job_id);
        if (job == jobs_.end()) return;
        job->second.completed = end->time;
        job->second.result = std::string(end->result);
      }
      return;
    case EventType::stage_submitted:
    case EventType::stage_completed: {
      const bool completed = event.type() == EventType::stage_completed;
      const auto info = completed ? eventlog::as_stage_completed(event) : eventlog::as_stage_submitted(event);
      if (!info || !stage_selected(info->stage_id)) return;
      auto& s = stage(info->stage_id, info->attempt);
      if (s.name.empty()) s.name = std::string(info->name);
      s.num_tasks = info->num_tasks;
      if (info->submission_time) s.submitted = *info->submission_time;
      if (completed) {
        s.completed_seen = true;
        s.completed = info->completion_time.value_or(0);
        if (info->failure_reason) s.failure = first_line(*info->failure_reason);
      }
      return;
    }
    case EventType::sql_execution_start:
      if (const auto start = eventlog::as_sql_execution_start(event)) {
        auto& sql = sql_[start->execution_id];
        sql.execution_id = start->execution_id;
        sql.description = std::string(start->description.substr(0, max_description));
        sql.started = start->time;
        const bool tagged = std::any_of(start->job_tags.begin(), start->job_tags.end(),
                                        [&](std::string_view t) { return tag_matches(t, tag_); });
        sql_tagged_[start->execution_id] = tag_.empty() || tagged;
      }
      return;
    case EventType::sql_execution_end:
      if (const auto end = eventlog::as_sql_execution_end(event)) {
        const auto sql = sql_.find(end->execution_id);
        if (sql == sql_.end()) return;
        sql->second.ended = end->time;
        sql->second.error = first_line(end->error_message);
      }
      return;
    default:
      return;
  }
}

bool SummaryBuilder::needs_in_order(eventlog::EventType type) {
  using eventlog::EventType;
  switch (type) {
    case EventType::log_start:
    case EventType::application_start:
    case EventType::application_end:
    case EventType::environment_update:
    case EventType::executor_added:
    case EventType::executor_removed:
    case EventType::job_start:
    case EventType::job_end:
    case EventType::stage_submitted:
    case EventType::stage_completed:
    case EventType::sql_execution_start:
    case EventType::sql_execution_end:
      return true;
    default:
      return false;
  }
}

void SummaryBuilder::add_tasks(std::int64_t stage_id, std::int64_t attempt, const Metrics& tasks) {
  if (!stage_selected(stage_id)) return;
  stage(stage_id, attempt).metrics.add(tasks);
}

void SummaryBuilder::count_events(std::uint64_t events, std::uint64_t task_end_fallbacks) {
  run_.events += events;
  run_.task_end_fallbacks += task_end_fallbacks;
}

RunSummary SummaryBuilder::finish() {
  last_stage_ = nullptr;  // the stages move out below
  RunSummary run = std::move(run_);
  std::int64_t running_jobs = 0;
  for (auto& [id, job] : jobs_) {
    ++run.jobs;
    if (job.result == "JobFailed") ++run.failed_jobs;
    if (job.result.empty()) ++running_jobs;
    keep_min(run.first, job.submitted);
    keep_max(run.last, job.completed);
    run.job_list.push_back(std::move(job));
  }
  for (auto& [id, sql] : sql_) {
    if (!sql_tagged_[id] && sql.job_ids.empty()) continue;
    keep_min(run.first, sql.started);
    keep_max(run.last, sql.ended);
    run.sql_list.push_back(std::move(sql));
  }
  for (auto& [key, stage] : stages_) {
    ++run.stages;
    if (!stage.failure.empty()) ++run.failed_stages;
    if (stage.attempt > 0) ++run.stage_retries;
    keep_max(run.last, stage.completed);
    run.totals.add(stage.metrics);
    run.stage_list.push_back(std::move(stage));
  }
  for (auto& [id, executor] : executors_) run.executors.push_back(std::move(executor));
  run.in_progress = run.app_end == 0;
  if (run.in_progress)
    run.notes.push_back("the application had not ended when the log was read (in progress or killed)");
  if (running_jobs > 0)
    run.notes.push_back(fmt::format("{} job(s) without an end: still running or killed", running_jobs));
  if (run.jobs == 0 && !run.tag.empty()) run.notes.push_back("no job carries the tag");
  return run;
}

eventlog::LogRef find_log(eventlog::Storage& storage, const std::string& location,
                          const RunSelector& selector) {
  auto logs = eventlog::discover_logs(storage, location);
  if (!selector.app.empty()) {
    const auto wanted = lower(selector.app);
    std::erase_if(logs, [&](const eventlog::LogRef& log) {
      const auto id = lower(log.name_id);
      return id != wanted && !id.starts_with(wanted + "_");
    });
    if (logs.empty()) throw InputError(fmt::format("{}: no log of application {}", location, selector.app));
  }
  if (logs.empty()) throw InputError(fmt::format("{}: no Spark event log found", location));
  if (logs.size() > 1) {
    std::string ids;
    for (const auto& log : logs) ids += (ids.empty() ? "" : ", ") + log.name_id;
    throw InputError(
        fmt::format("{}: {} logs found ({}); choose one with --app ID", location, logs.size(), ids));
  }
  return std::move(logs.front());
}

namespace {

// One read of `log` into every builder: in order on this thread for one builder and one job, else in
// parts (summary_parts.hpp), which also serves several builders from one read.
eventlog::ReadSummary read_into(eventlog::Storage& storage, const eventlog::LogRef& log,
                                std::vector<SummaryBuilder>& builders, const eventlog::ReadOptions& options) {
  if (!log.error.empty()) throw InputError(fmt::format("{}: {}", log.path, log.error));
  if (builders.size() == 1 && eventlog::worker_count(options) == 1)
    return eventlog::read_events(storage, log, [&](eventlog::EventView& e) { builders.front().add(e); });
  PartedSummary parted(builders);
  return eventlog::read_in_parts(storage, log, parted, options);
}

RunSummary finish_run(SummaryBuilder& builder, const eventlog::LogRef& log,
                      const eventlog::ReadSummary& read) {
  auto run = builder.finish();
  // Spark writes SparkListenerLogStart first in every log: without it this is some other file (or the log
  // was cut before its first event), and a summary of nothing would read as a run that did nothing.
  if (run.spark_version.empty()) {
    throw InputError(fmt::format("{}: not a Spark event log (no SparkListenerLogStart event in {} line(s){})",
                                 log.path, read.events + read.malformed,
                                 read.malformed > 0 ? fmt::format(", {} malformed", read.malformed) : ""));
  }
  run.path = log.path;
  run.malformed = read.malformed;
  if (run.app_id.empty()) run.app_id = log.name_id;
  for (const auto& problem : log.problems) run.notes.push_back(problem);
  if (read.cut) run.notes.push_back("the log ends inside a line or frame: still being written, or cut off");
  if (read.malformed > 0) run.notes.push_back(fmt::format("{} malformed line(s) skipped", read.malformed));
  return run;
}

}  // namespace

std::vector<RunSummary> summarize_tags(eventlog::Storage& storage, const eventlog::LogRef& log,
                                       const std::vector<std::string>& tags,
                                       const eventlog::ReadOptions& options) {
  std::vector<SummaryBuilder> builders;
  builders.reserve(tags.size());
  for (const auto& tag : tags) builders.emplace_back(tag);
  const auto read = read_into(storage, log, builders, options);
  std::vector<RunSummary> runs;
  runs.reserve(builders.size());
  for (auto& builder : builders) runs.push_back(finish_run(builder, log, read));
  return runs;
}

RunSummary summarize(eventlog::Storage& storage, const std::string& location, const RunSelector& selector,
                     const eventlog::ReadOptions& options) {
  const auto log = find_log(storage, location, selector);
  auto run = std::move(summarize_tags(storage, log, {selector.tag}, options).front());
  if (!selector.tag.empty() && run.jobs == 0 && run.sql_list.empty()) {
    throw InputError(fmt::format("{}: no job carries tag {}", location, selector.tag));
  }
  return run;
}

std::vector<LogSummary> summarize_each(eventlog::Storage& storage, std::vector<eventlog::LogRef> logs,
                                       const std::string& tag, unsigned jobs,
                                       const std::function<void(std::size_t, std::size_t)>& on_done) {
  std::vector<LogSummary> out(logs.size());
  for (std::size_t i = 0; i < logs.size(); ++i) out[i].log = std::move(logs[i]);
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress;
  const auto work = [&] {
    // One thread per log: logs are many, and each is read start to end on its own.
    const eventlog::ReadOptions one_thread{1, 0};
    for (std::size_t i = next++; i < out.size(); i = next++) {
      auto& row = out[i];
      try {
        auto run = std::move(summarize_tags(storage, row.log, {tag}, one_thread).front());
        if (tag.empty() || run.jobs > 0 || !run.sql_list.empty()) row.run = std::move(run);
      } catch (const InputError& e) {
        row.error = e.what();
      }
      const std::lock_guard lock(progress);
      ++done;
      if (on_done) on_done(done, out.size());
    }
  };
  const auto threads = static_cast<unsigned>(
      std::min<std::size_t>(eventlog::worker_count({jobs, 0}), std::max<std::size_t>(out.size(), 1)));
  {
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
  }
  return out;
}

}  // namespace sparkmv::analysis
