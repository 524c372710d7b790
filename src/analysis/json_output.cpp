#include "analysis/json_output.hpp"

namespace sparkmv::analysis {

namespace {

nlohmann::json optional_id(std::optional<std::int64_t> id) {
  return id ? nlohmann::json(*id) : nlohmann::json();
}

nlohmann::json to_json(const Delta& d) {
  nlohmann::json j{{"kind", d.kind},       {"label", d.label},
                   {"base_id", d.base_id}, {"candidate_id", d.candidate_id},
                   {"base_ms", d.base_ms}, {"candidate_ms", d.candidate_ms},
                   {"flag", d.flag}};
  if (d.kind == "stage") {
    j["base_cpu_ms"] = d.base_cpu_ms;
    j["candidate_cpu_ms"] = d.candidate_cpu_ms;
  }
  return j;
}

}  // namespace

nlohmann::json to_json(const Metrics& m) {
  return {{"tasks", m.tasks},
          {"failed_tasks", m.failed_tasks},
          {"killed_tasks", m.killed_tasks},
          {"speculative_tasks", m.speculative_tasks},
          {"retried_tasks", m.retried_tasks},
          {"executor_run_time_ms", m.executor_run_time_ms},
          {"executor_cpu_time_ms", m.executor_cpu_time_ns / 1'000'000},
          {"executor_cpu_time_ns", m.executor_cpu_time_ns},
          {"deserialize_time_ms", m.deserialize_time_ms},
          {"gc_time_ms", m.gc_time_ms},
          {"result_size_bytes", m.result_size},
          {"input_bytes", m.input_bytes},
          {"input_records", m.input_records},
          {"output_bytes", m.output_bytes},
          {"output_records", m.output_records},
          {"shuffle_read_bytes", m.shuffle_read_bytes},
          {"shuffle_read_records", m.shuffle_read_records},
          {"shuffle_fetch_wait_ms", m.shuffle_fetch_wait_ms},
          {"shuffle_write_bytes", m.shuffle_write_bytes},
          {"shuffle_write_records", m.shuffle_write_records},
          {"shuffle_write_time_ns", m.shuffle_write_time_ns},
          {"memory_spilled_bytes", m.memory_spilled},
          {"disk_spilled_bytes", m.disk_spilled},
          {"peak_execution_memory_bytes", m.peak_execution_memory}};
}

nlohmann::json to_json(const RunSummary& run) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& s : run.stage_list) {
    stages.push_back({{"stage_id", s.stage_id},
                      {"attempt", s.attempt},
                      {"job_id", s.job_id},
                      {"name", s.name},
                      {"num_tasks", s.num_tasks},
                      {"submitted", s.submitted},
                      {"completed", s.completed},
                      {"duration_ms", s.duration_ms()},
                      {"failure", s.failure},
                      {"metrics", to_json(s.metrics)}});
  }
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& job : run.job_list) {
    jobs.push_back({{"job_id", job.job_id},
                    {"submitted", job.submitted},
                    {"completed", job.completed},
                    {"duration_ms", job.duration_ms()},
                    {"result", job.result},
                    {"sql_execution_id", optional_id(job.sql_execution_id)},
                    {"stage_ids", job.stage_ids}});
  }
  nlohmann::json sql = nlohmann::json::array();
  for (const auto& q : run.sql_list) {
    sql.push_back({{"execution_id", q.execution_id},
                   {"description", q.description},
                   {"started", q.started},
                   {"ended", q.ended},
                   {"duration_ms", q.duration_ms()},
                   {"error", q.error},
                   {"job_ids", q.job_ids}});
  }
  nlohmann::json executors = nlohmann::json::array();
  for (const auto& e : run.executors) {
    executors.push_back({{"id", e.id},
                         {"host", e.host},
                         {"cores", e.cores},
                         {"added", e.added},
                         {"removed", e.removed},
                         {"removed_reason", e.removed_reason}});
  }
  return {{"path", run.path},
          {"app_id", run.app_id},
          {"app_name", run.app_name},
          {"spark_version", run.spark_version},
          {"tag", run.tag},
          {"in_progress", run.in_progress},
          {"wall_time_ms", run.wall_ms()},
          {"app_duration_ms", run.app_duration_ms()},
          {"jobs", run.jobs},
          {"failed_jobs", run.failed_jobs},
          {"stages", run.stages},
          {"failed_stages", run.failed_stages},
          {"stage_retries", run.stage_retries},
          {"totals", to_json(run.totals)},
          {"executors_added", run.executors_added},
          {"executors_removed", run.executors_removed},
          {"settings", run.settings},
          {"stage_list", stages},
          {"job_list", jobs},
          {"sql_list", sql},
          {"executor_list", executors},
          {"events", run.events},
          {"malformed", run.malformed},
          {"task_end_fallbacks", run.task_end_fallbacks},
          {"notes", run.notes}};
}

nlohmann::json to_json(const Comparison& c) {
  const auto run_brief = [](const RunSummary& r) {
    return nlohmann::json{{"path", r.path},         {"app_id", r.app_id},
                          {"app_name", r.app_name}, {"spark_version", r.spark_version},
                          {"tag", r.tag},           {"wall_time_ms", r.wall_ms()},
                          {"jobs", r.jobs},         {"stages", r.stages},
                          {"tasks", r.totals.tasks}};
  };
  nlohmann::json items = nlohmann::json::object();
  for (const auto* list : {&c.sql, &c.jobs, &c.stages}) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& d : *list) a.push_back(to_json(d));
    if (!list->empty()) items[list->front().kind] = a;
  }
  for (const char* kind : {"sql", "job", "stage"})
    if (!items.contains(kind)) items[kind] = nlohmann::json::array();
  nlohmann::json unaligned = nlohmann::json::array();
  for (const auto& u : c.unaligned)
    unaligned.push_back({{"kind", u.kind},
                         {"side", u.side},
                         {"id", u.id},
                         {"label", u.label},
                         {"duration_ms", u.duration_ms}});
  nlohmann::json totals = nlohmann::json::array();
  for (const auto& t : c.totals)
    totals.push_back({{"name", t.name},
                      {"unit", t.unit},
                      {"base", t.base},
                      {"candidate", t.candidate},
                      {"change", t.change()}});
  nlohmann::json judgements = nlohmann::json::array();
  for (const auto& j : c.judgements)
    judgements.push_back({{"metric", j.metric},
                          {"base_ms", j.base_ms},
                          {"candidate_ms", j.candidate_ms},
                          {"threshold", j.threshold},
                          {"judged", j.judged},
                          {"outcome", j.outcome}});
  nlohmann::json settings = nlohmann::json::array();
  for (const auto& [name, values] : c.setting_changes)
    settings.push_back({{"name", name}, {"base", values.first}, {"candidate", values.second}});
  const auto resources = [](const RunResources& r) {
    return nlohmann::json{{"master", r.master},       {"master_kind", r.master_kind},
                          {"executors", r.executors}, {"cores", r.cores},
                          {"memory_mb", r.memory_mb}, {"input_bytes", r.input_bytes}};
  };
  nlohmann::json differences = nlohmann::json::array();
  for (const auto& d : c.resource_differences)
    differences.push_back({{"name", d.name}, {"base", d.base}, {"candidate", d.candidate}});
  return {
      {"base", run_brief(c.base)},
      {"candidate", run_brief(c.candidate)},
      {"verdict", verdict_name(c.verdict)},
      {"reasons", c.reasons},
      {"resources", {{"base", resources(c.base_resources)}, {"candidate", resources(c.candidate_resources)}}},
      {"resource_differences", differences},
      {"caveats", c.caveats},
      {"judgements", judgements},
      {"options",
       {{"wall_threshold", c.options.wall_threshold},
        {"cpu_threshold", c.options.cpu_threshold},
        {"min_duration_ms", c.options.min_duration_ms},
        {"min_aligned", c.options.min_aligned},
        {"min_item_ms", c.options.min_item_ms},
        {"resource_tolerance", c.options.resource_tolerance},
        {"compare_anyway", c.options.compare_anyway}}},
      {"aligned", {{"base", c.base_aligned}, {"candidate", c.candidate_aligned}}},
      {"items", items},
      {"unaligned", unaligned},
      {"totals", totals},
      {"setting_changes", settings}};
}

}  // namespace sparkmv::analysis
