// `sparkmv events summary` and `sparkmv events compare`: one run's metrics, and two runs of a job side by
// side with a verdict and an optional HTML report.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "analysis/compare.hpp"
#include "analysis/html_report.hpp"
#include "analysis/json_output.hpp"
#include "analysis/summary.hpp"
#include "cli/command.hpp"
#include "cli/s3_options.hpp"
#include "cli/text_output.hpp"
#include "common/replace_file.hpp"
#include "eventlog/s3/s3_storage.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::cli {

namespace {

struct SummaryOptions {
  std::string location;
  analysis::RunSelector selector;
  unsigned jobs = 0;
  OutputFormat format = OutputFormat::table;
  eventlog::s3::S3Settings s3;
};

struct CompareCliOptions {
  std::string base;
  std::string candidate;
  std::string tag;
  std::string app;
  std::string base_tag;
  std::string candidate_tag;
  std::string base_app;
  std::string candidate_app;
  double wall_threshold_pct = 25;
  double cpu_threshold_pct = 25;
  double min_duration_s = 1;
  double min_aligned_pct = 50;
  double resource_tolerance_pct = 25;
  bool compare_anyway = false;
  unsigned jobs = 0;
  eventlog::s3::S3Settings s3;
  std::string html;
  OutputFormat format = OutputFormat::table;
};

std::string human_ms(std::int64_t ms) {
  if (ms >= 60'000)
    return fmt::format("{}m{:04.1f}s", ms / 60'000, static_cast<double>(ms % 60'000) / 1000.0);
  if (ms >= 1000) return fmt::format("{:.2f}s", static_cast<double>(ms) / 1000.0);
  return fmt::format("{}ms", ms);
}

std::string one_line(std::string_view text, std::size_t width = 60) {
  std::string line(text.substr(0, text.find('\n')));
  return line.size() > width ? line.substr(0, width - 3) + "..." : line;
}

std::filesystem::path resolved(const std::filesystem::path& path) {
  std::error_code error;
  auto out = std::filesystem::weakly_canonical(path, error);
  return error ? path : out;
}

// The report goes to a temporary file beside `path`, renamed over it: never a partial file, never written
// through a link, never over an input given on the command line or one of the log files read (a rolling log
// is a directory: nothing is written inside it either).
void write_report(const std::string& path, const std::string& html, const std::vector<std::string>& inputs,
                  const std::vector<std::string>& logs) {
  const auto target = resolved(path);
  const auto refuse = [&](const std::string& input) {
    return InputError(
        fmt::format("--html {}: would overwrite the input {}; choose another file", path, input));
  };
  for (const auto& input : inputs) {
    if (resolved(input) == target) throw refuse(input);
  }
  for (const auto& log : logs) {
    const auto dir = resolved(log);
    if (std::mismatch(dir.begin(), dir.end(), target.begin(), target.end()).first == dir.end())
      throw refuse(log);
  }
  std::error_code error;
  if (std::filesystem::is_directory(std::filesystem::symlink_status(path, error)))
    throw InputError(fmt::format("--html {}: is a directory; give a file name", path));
  replace_file(path, html);
}

std::string render_summary(const analysis::RunSummary& r) {
  const auto& t = r.totals;
  std::string out;
  out += fmt::format("application  {} ({}), Spark {}\n", r.app_id, r.app_name,
                     r.spark_version.empty() ? "?" : r.spark_version);
  out += fmt::format("run          {}\n", r.tag.empty() ? "whole application" : "jobs tagged " + r.tag);
  out += fmt::format("log          {}\n", r.path);
  out += fmt::format(
      "wall time    {} (first job or SQL execution to last){}\n", human_ms(r.wall_ms()),
      r.app_duration_ms() > 0 ? fmt::format("; application {}", human_ms(r.app_duration_ms())) : "");
  out += fmt::format("jobs         {} ({} failed)   stages {} ({} failed, {} retries)   SQL executions {}\n",
                     r.jobs, r.failed_jobs, r.stages, r.failed_stages, r.stage_retries, r.sql_list.size());
  out += fmt::format("tasks        {} ({} failed, {} killed, {} retried, {} speculative)\n", t.tasks,
                     t.failed_tasks, t.killed_tasks, t.retried_tasks, t.speculative_tasks);
  out += fmt::format("executors    {} added, {} removed\n", r.executors_added, r.executors_removed);
  out += fmt::format("executor     run {}   CPU {}   GC {}   deserialize {}\n",
                     human_ms(t.executor_run_time_ms), human_ms(t.executor_cpu_time_ns / 1'000'000),
                     human_ms(t.gc_time_ms), human_ms(t.deserialize_time_ms));
  out += fmt::format("input        {} ({} records)   output {} ({} records)\n", human_bytes(t.input_bytes),
                     t.input_records, human_bytes(t.output_bytes), t.output_records);
  out += fmt::format("shuffle      read {} ({} records, fetch wait {})   write {} ({} records)\n",
                     human_bytes(t.shuffle_read_bytes), t.shuffle_read_records,
                     human_ms(t.shuffle_fetch_wait_ms), human_bytes(t.shuffle_write_bytes),
                     t.shuffle_write_records);
  out += fmt::format("spill        memory {}   disk {}   peak execution memory {}\n",
                     human_bytes(t.memory_spilled), human_bytes(t.disk_spilled),
                     human_bytes(t.peak_execution_memory));
  if (!r.settings.empty()) {
    out += "settings\n";
    for (const auto& [k, v] : r.settings) out += fmt::format("  {} = {}\n", k, v);
  }
  if (!r.sql_list.empty()) {
    out += fmt::format("\n{:<6} {:>10} {:>5}  {}\n", "SQL", "DURATION", "JOBS", "DESCRIPTION");
    for (const auto& q : r.sql_list)
      out += fmt::format("{:<6} {:>10} {:>5}  {}{}\n", q.execution_id, human_ms(q.duration_ms()),
                         q.job_ids.size(), one_line(q.description), q.error.empty() ? "" : "  [failed]");
  }
  if (!r.stage_list.empty()) {
    out += fmt::format("\n{:<9} {:>5} {:>10} {:>6} {:>10} {:>10} {:>10} {:>10}  {}\n", "STAGE", "JOB",
                       "DURATION", "TASKS", "CPU", "SHUF READ", "SHUF WRITE", "SPILL", "NAME");
    for (const auto& s : r.stage_list)
      out +=
          fmt::format("{:<9} {:>5} {:>10} {:>6} {:>10} {:>10} {:>10} {:>10}  {}{}\n",
                      fmt::format("{}.{}", s.stage_id, s.attempt), s.job_id, human_ms(s.duration_ms()),
                      s.metrics.tasks, human_ms(s.metrics.executor_cpu_time_ns / 1'000'000),
                      human_bytes(s.metrics.shuffle_read_bytes), human_bytes(s.metrics.shuffle_write_bytes),
                      human_bytes(s.metrics.memory_spilled + s.metrics.disk_spilled), one_line(s.name, 50),
                      s.failure.empty() ? "" : "  [failed: " + one_line(s.failure, 50) + "]");
  }
  for (const auto& note : r.notes) out += fmt::format("note: {}\n", note);
  return out;
}

std::string render_comparison(const analysis::Comparison& c, bool colour) {
  std::string out;
  const auto who = [](const analysis::RunSummary& r) {
    return fmt::format("Spark {} {}{}", r.spark_version, r.app_id, r.tag.empty() ? "" : " tag " + r.tag);
  };
  out += fmt::format("base       {}\ncandidate  {}\n", who(c.base), who(c.candidate));
  const auto items = [&](const char* title, const std::vector<analysis::Delta>& deltas) {
    if (deltas.empty()) return;
    out += fmt::format("\n{:<8} {:<8} {:>10} {:>10} {:>8}  {}\n", title, "IDS", "BASE", "CANDIDATE", "CHANGE",
                       "NAME");
    for (const auto& d : deltas) {
      const double change =
          d.base_ms > 0 ? static_cast<double>(d.candidate_ms - d.base_ms) / static_cast<double>(d.base_ms)
                        : 0.0;
      out += fmt::format("{:<8} {:<8} {:>10} {:>10} {:>8}  {}{}\n", d.kind,
                         fmt::format("{}/{}", d.base_id, d.candidate_id), human_ms(d.base_ms),
                         human_ms(d.candidate_ms), fmt::format("{:+.0f}%", change * 100),
                         one_line(d.label, 50), d.flag.empty() ? "" : "  [" + d.flag + "]");
    }
  };
  items("SQL", c.sql);
  items("JOB", c.jobs);
  items("STAGE", c.stages);
  if (!c.unaligned.empty()) {
    out += fmt::format("\nnot aligned ({}):\n", c.unaligned.size());
    for (const auto& u : c.unaligned)
      out += fmt::format("  {} {} {}: {} ({})\n", u.side, u.kind, u.id, one_line(u.label, 70),
                         human_ms(u.duration_ms));
  }
  out += fmt::format("\n{:<24} {:>12} {:>12} {:>8}\n", "TOTAL", "BASE", "CANDIDATE", "CHANGE");
  for (const auto& t : c.totals) {
    const auto show = [&](std::int64_t v) {
      return t.unit == "ms" ? human_ms(v) : t.unit == "bytes" ? human_bytes(v) : fmt::format("{}", v);
    };
    out += fmt::format("{:<24} {:>12} {:>12} {:>8}\n", t.name, show(t.base), show(t.candidate),
                       t.base == 0 ? std::string("-") : fmt::format("{:+.1f}%", t.change() * 100));
  }
  for (const auto& [name, values] : c.setting_changes)
    out += fmt::format("setting {}: {} -> {}\n", name, values.first, values.second);
  const auto resources = [](const analysis::RunResources& r) {
    return fmt::format("{} ({}), {} executor(s), {} core(s), {} MiB each", r.master_kind,
                       r.master.empty() ? "master not in the log" : r.master, r.executors, r.cores,
                       r.memory_mb);
  };
  out += fmt::format("resources  base {}\n           candidate {}\n", resources(c.base_resources),
                     resources(c.candidate_resources));
  std::string verdict(analysis::verdict_name(c.verdict));
  const bool undecided =
      c.verdict == analysis::Verdict::inconclusive || c.verdict == analysis::Verdict::not_comparable;
  const char* code = c.verdict == analysis::Verdict::regression ? "1;31" : undecided ? "1;33" : "1;32";
  out += fmt::format("\nverdict: {}\n", colour ? fmt::format("\x1b[{}m{}\x1b[0m", code, verdict) : verdict);
  for (const auto& reason : c.reasons) out += fmt::format("  - {}\n", reason);
  return out;
}

std::string run_state(const analysis::RunSummary& r) {
  if (r.failed_jobs > 0) return fmt::format("{} job(s) failed", r.failed_jobs);
  return r.in_progress ? "in progress" : "ok";
}

std::string render_summaries(const std::vector<analysis::LogSummary>& rows, const std::string& tag) {
  std::string out =
      fmt::format("{:<28} {:<7} {:>10} {:>5} {:>6} {:>8} {:>10} {:>10} {:>10}  {}\n", "APPLICATION", "SPARK",
                  "WALL", "JOBS", "STAGES", "TASKS", "CPU", "SHUF READ", "SHUF WRITE", "STATE");
  std::size_t untagged = 0;
  for (const auto& row : rows) {
    if (!row.error.empty()) {
      out += fmt::format("{:<28} {}\n", row.log.name_id, "error: " + row.error);
    } else if (!row.run) {
      ++untagged;
    } else {
      const auto& r = *row.run;
      out += fmt::format("{:<28} {:<7} {:>10} {:>5} {:>6} {:>8} {:>10} {:>10} {:>10}  {}\n", r.app_id,
                         r.spark_version, human_ms(r.wall_ms()), r.jobs, r.stages, r.totals.tasks,
                         human_ms(r.totals.executor_cpu_time_ns / 1'000'000),
                         human_bytes(r.totals.shuffle_read_bytes), human_bytes(r.totals.shuffle_write_bytes),
                         run_state(r));
    }
  }
  if (untagged > 0) out += fmt::format("{} log(s) without a job tagged {}\n", untagged, tag);
  return out;
}

nlohmann::json summaries_json(const std::vector<analysis::LogSummary>& rows, std::size_t failed) {
  nlohmann::json logs = nlohmann::json::array();
  for (const auto& row : rows) {
    logs.push_back({{"path", row.log.path},
                    {"name_id", row.log.name_id},
                    {"summary", row.run ? analysis::to_json(*row.run) : nlohmann::json()},
                    {"error", row.error.empty() ? nlohmann::json() : nlohmann::json(row.error)}});
  }
  return {{"logs", logs}, {"failed", failed}};
}

// Many logs at once: one row per application (with --tag, per application whose jobs carry it), logs read
// in parallel, a progress line while a terminal watches. Exit 1 when any log could not be read.
ExitCode run_many_summaries(eventlog::Storage& storage, std::vector<eventlog::LogRef> logs,
                            const SummaryOptions& options) {
  const bool progress = ::isatty(STDERR_FILENO) == 1;
  const auto on_done = [&](std::size_t done, std::size_t total) {
    if (progress) std::cerr << fmt::format("\rsummarised {} of {} logs", done, total) << std::flush;
  };
  const auto rows =
      analysis::summarize_each(storage, std::move(logs), options.selector.tag, options.jobs, on_done);
  if (progress) std::cerr << "\r\x1b[K" << std::flush;
  const auto failed = static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const auto& r) { return !r.error.empty(); }));
  if (options.format == OutputFormat::json) {
    std::cout << json_text(summaries_json(rows, failed)) << '\n';
  } else {
    std::cout << terminal_text(render_summaries(rows, options.selector.tag), false);
  }
  return failed > 0 ? ExitCode::findings : ExitCode::ok;
}

ExitCode run_summary(const SummaryOptions& options) {
  eventlog::s3::check_locations({options.location}, options.s3);
  auto storage = eventlog::s3::storage_for(options.s3);
  if (options.selector.app.empty()) {
    auto logs = eventlog::discover_logs(*storage, options.location);
    if (logs.size() > 1) return run_many_summaries(*storage, std::move(logs), options);
  }
  const auto run = analysis::summarize(*storage, options.location, options.selector, {options.jobs});
  if (options.format == OutputFormat::json) {
    std::cout << json_text(analysis::to_json(run)) << '\n';
  } else {
    std::cout << terminal_text(render_summary(run), false);
  }
  return ExitCode::ok;
}

ExitCode run_compare(const CompareCliOptions& o) {
  eventlog::s3::check_locations({o.base, o.candidate}, o.s3);
  const auto fraction = [](double pct, const char* name) {
    if (!(pct >= 0 && pct <= 1000))
      throw InputError(fmt::format("{}: {} is not a percentage from 0 to 1000", name, pct));
    return pct / 100.0;
  };
  analysis::CompareOptions options;
  options.wall_threshold = fraction(o.wall_threshold_pct, "--wall-threshold");
  options.cpu_threshold = fraction(o.cpu_threshold_pct, "--cpu-threshold");
  options.min_aligned = fraction(o.min_aligned_pct, "--min-aligned");
  if (o.min_aligned_pct > 100) throw InputError("--min-aligned: at most 100");
  if (!(o.min_duration_s >= 0)) throw InputError("--min-duration: must be zero or more seconds");
  options.resource_tolerance = fraction(o.resource_tolerance_pct, "--resource-tolerance");
  options.compare_anyway = o.compare_anyway;
  options.min_duration_ms = static_cast<std::int64_t>(o.min_duration_s * 1000.0);
  auto storage = eventlog::s3::storage_for(o.s3);
  const analysis::RunSelector base{o.base_app.empty() ? o.app : o.base_app,
                                   o.base_tag.empty() ? o.tag : o.base_tag};
  const analysis::RunSelector candidate{o.candidate_app.empty() ? o.app : o.candidate_app,
                                        o.candidate_tag.empty() ? o.tag : o.candidate_tag};
  const eventlog::ReadOptions reading{o.jobs};
  auto comparison =
      analysis::compare_runs(analysis::summarize(*storage, o.base, base, reading),
                             analysis::summarize(*storage, o.candidate, candidate, reading), options);
  if (!o.html.empty())
    write_report(o.html, analysis::render_html(comparison), {o.base, o.candidate},
                 {comparison.base.path, comparison.candidate.path});
  if (o.format == OutputFormat::json) {
    std::cout << json_text(analysis::to_json(comparison)) << '\n';
  } else {
    std::cout << terminal_text(render_comparison(comparison, use_colour()), use_colour());
  }
  return comparison.verdict == analysis::Verdict::regression ? ExitCode::findings : ExitCode::ok;
}

}  // namespace

void add_events_analysis_commands(CLI::App& events, CommandAction& action) {
  auto summary_options = std::make_shared<SummaryOptions>();
  auto* summary = events.add_subcommand(
      "summary",
      "Metrics of one run (of each log, one row each, when LOG is a directory of several; exit 1 when any "
      "of them cannot be read): wall time; jobs, stages, tasks, failures, retries; executor run, CPU and GC "
      "time; "
      "I/O, shuffle, spill and peak memory; per-stage and per-SQL breakdown; executors; settings");
  summary
      ->add_option("log", summary_options->location,
                   "A log file, a rolling log directory, or a directory of logs; local, or s3:// and s3a:// "
                   "URLs (docs/reference/events-s3.md)")
      ->required();
  summary->add_option("--app", summary_options->selector.app,
                      "Application id, to summarise one of several logs (default: one row per log)");
  summary->add_option(
      "-j,--jobs", summary_options->jobs,
      "Threads reading a log, or logs read at once in a directory of logs (default: all cores)");
  summary->add_option("--tag", summary_options->selector.tag,
                      "Only jobs carrying this tag (spark.addTag over Spark Connect, or spark.job.tags)");
  add_s3_options(*summary, summary_options->s3);
  add_output_option(*summary, summary_options->format);
  summary->callback(
      [&action, summary_options] { action = [summary_options] { return run_summary(*summary_options); }; });

  auto o = std::make_shared<CompareCliOptions>();
  auto* compare = events.add_subcommand("compare",
                                        "Compare two runs of a job (BASE, then CANDIDATE): aligned SQL "
                                        "executions, jobs and stages, total deltas, "
                                        "and a verdict (exit 1 on regression)");
  compare->add_option("base", o->base, "The base run's log")->required();
  compare->add_option("candidate", o->candidate, "The candidate run's log")->required();
  compare->add_option("--tag", o->tag, "Only jobs carrying this tag, in both runs");
  compare->add_option("--base-tag", o->base_tag, "Tag of the base run (overrides --tag)");
  compare->add_option("--candidate-tag", o->candidate_tag, "Tag of the candidate run (overrides --tag)");
  compare->add_option("--app", o->app, "Application id, when a location holds several logs");
  compare->add_option("--base-app", o->base_app, "Application id of the base run (overrides --app)");
  compare->add_option("--candidate-app", o->candidate_app,
                      "Application id of the candidate run (overrides --app)");
  compare->add_option("--wall-threshold", o->wall_threshold_pct,
                      "Percent wall time may grow before it is a regression (default 25)");
  compare->add_option("--cpu-threshold", o->cpu_threshold_pct,
                      "Percent executor CPU time may grow before it is a regression (default 25)");
  compare->add_option("--min-duration", o->min_duration_s,
                      "Seconds: a metric is judged only when one of its two values reaches this (default 1)");
  compare->add_option("--min-aligned", o->min_aligned_pct,
                      "Percent of stages on each side that must align, else inconclusive (default 50)");
  compare->add_option(
      "--resource-tolerance", o->resource_tolerance_pct,
      "Percent executor count, cores, memory per executor or input may differ before the runs "
      "are not comparable (default 25)");
  compare->add_flag("--compare-anyway", o->compare_anyway,
                    "Judge runs whose resources differ (the output records it)");
  compare->add_option("--html", o->html, "Also write a self-contained HTML report to this file");
  compare->add_option("-j,--jobs", o->jobs, "Threads reading each log (default: all cores)");
  add_s3_options(*compare, o->s3);
  add_output_option(*compare, o->format);
  compare->callback([&action, o] { action = [o] { return run_compare(*o); }; });
}

}  // namespace sparkmv::cli
