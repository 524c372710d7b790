// `sparkmv events scan`: the Spark version of every event log, and the logs lying under the wrong
// version's prefix.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/s3_options.hpp"
#include "cli/text_output.hpp"
#include "eventlog/s3/s3_storage.hpp"
#include "eventlog/scan.hpp"

namespace sparkmv::cli {

// events_analysis_command.cpp: `events summary` and `events compare`.
void add_events_analysis_commands(CLI::App& events, CommandAction& action);

namespace {

struct ScanOptions {
  std::vector<std::string> locations;
  std::vector<std::string> expect;
  unsigned threads = 0;
  OutputFormat format = OutputFormat::table;
  eventlog::s3::S3Settings s3;
};

constexpr const char* misplaced_rule = "EVT001";
constexpr const char* unreadable_rule = "EVT002";

std::string verdict_of(const eventlog::ScanEntry& e) {
  if (e.status == eventlog::LogStatus::unreadable) return "UNREADABLE";
  if (e.misplaced) return "MISPLACED";
  return "ok";
}

std::string fix_of(const eventlog::ScanEntry& e) {
  if (e.status == eventlog::LogStatus::unreadable)
    return "check the file: it is not a readable Spark event log";
  return fmt::format("move it under the {} prefix, or point the {} History Server at it",
                     eventlog::major_minor(e.spark_version), eventlog::major_minor(e.spark_version));
}

std::string render_table(const eventlog::ScanResult& result, bool colour) {
  std::vector<std::array<std::string, 9>> rows;
  rows.push_back({"APP ID", "NAME", "VERSION", "PREFIX", "LAYOUT", "CODEC", "SIZE", "STATUS", "VERDICT"});
  for (const auto& e : result.logs) {
    rows.push_back({e.app_id.empty() ? "-" : e.app_id, e.app_name.empty() ? "-" : e.app_name,
                    e.spark_version.empty() ? "-" : e.spark_version, e.expected_version.value_or("-"),
                    std::string(eventlog::layout_name(e.layout)), e.codec.empty() ? "none" : e.codec,
                    human_bytes(e.size), std::string(eventlog::log_status_name(e.status)), verdict_of(e)});
  }
  std::array<std::size_t, 9> widths{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      std::string cell = fmt::format("{:<{}}", rows[r][i], i + 1 == rows[r].size() ? 0 : widths[i] + 2);
      if (r > 0 && i + 1 == rows[r].size() && rows[r][i] != "ok") cell = paint(cell, "1;31", colour);
      line += cell;
    }
    out += line + '\n';
  }
  std::size_t findings = 0;
  for (const auto& e : result.logs) {
    const bool finding = e.misplaced || e.status == eventlog::LogStatus::unreadable;
    findings += finding ? 1 : 0;
    if (finding) {
      // Reader errors already start with the path they concern.
      const std::string error =
          e.error.starts_with(e.path + ": ") ? e.error.substr(e.path.size() + 2) : e.error;
      out += fmt::format("\n{} {}: {}\n", paint(e.misplaced ? misplaced_rule : unreadable_rule, "1", colour),
                         e.path,
                         error.empty() ? fmt::format("Spark {} log under the {} prefix", e.spark_version,
                                                     e.expected_version.value_or("?"))
                                       : error);
      out += fmt::format("  fix: {}\n", fix_of(e));
    }
    for (const auto& note : e.notes) out += fmt::format("note: {}: {}\n", e.path, note);
    for (const auto& m : e.malformed_lines)
      out += fmt::format("note: {}:{}: malformed line: {}\n", m.file, m.line, m.reason);
    if (e.malformed > e.malformed_lines.size()) {
      out += fmt::format("note: {}: {} malformed lines in all\n", e.path, e.malformed);
    }
  }
  for (const auto& skipped : result.skipped)
    out += fmt::format("note: {}: skipped: {}\n", skipped.path, skipped.reason);
  out +=
      fmt::format("\n{} log(s), {} finding(s){}\n", result.logs.size(), findings,
                  result.skipped.empty() ? "" : fmt::format(", {} path(s) skipped", result.skipped.size()));
  return out;
}

nlohmann::json to_json(const eventlog::ScanResult& result) {
  nlohmann::json logs = nlohmann::json::array();
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& e : result.logs) {
    nlohmann::json malformed = nlohmann::json::array();
    for (const auto& m : e.malformed_lines)
      malformed.push_back({{"file", m.file}, {"line", m.line}, {"reason", m.reason}});
    logs.push_back(
        {{"path", e.path},
         {"app_id", e.app_id},
         {"attempt_id", e.attempt_id},
         {"app_name", e.app_name},
         {"spark_version", e.spark_version},
         {"expected_version", e.expected_version ? nlohmann::json(*e.expected_version) : nlohmann::json()},
         {"layout", eventlog::layout_name(e.layout)},
         {"codec", e.codec.empty() ? "none" : e.codec},
         {"size", e.size},
         {"files", e.files},
         {"status", eventlog::log_status_name(e.status)},
         {"misplaced", e.misplaced},
         {"events", e.events},
         {"malformed", e.malformed},
         {"malformed_lines", malformed},
         {"notes", e.notes},
         {"error", e.error}});
    if (e.misplaced || e.status == eventlog::LogStatus::unreadable) {
      findings.push_back(
          {{"rule", e.misplaced ? misplaced_rule : unreadable_rule},
           {"path", e.path},
           {"message", e.error.empty() ? fmt::format("Spark {} log under the {} prefix", e.spark_version,
                                                     e.expected_version.value_or("?"))
                                       : e.error},
           {"fix", fix_of(e)}});
    }
  }
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& s : result.skipped) skipped.push_back({{"path", s.path}, {"reason", s.reason}});
  return {{"logs", logs},
          {"findings", findings},
          {"skipped", skipped},
          {"summary",
           {{"logs", result.logs.size()}, {"findings", findings.size()}, {"skipped", skipped.size()}}}};
}

ExitCode run_scan(const ScanOptions& options) {
  eventlog::ScanOptions scan;
  for (const auto& spec : options.expect)
    scan.topology.prefixes.push_back(eventlog::parse_prefix_version(spec));
  scan.threads = options.threads;
  eventlog::s3::check_locations(options.locations, options.s3);
  auto storage = eventlog::s3::storage_for(options.s3);
  const auto result = eventlog::scan_locations(*storage, options.locations, scan);
  if (options.format == OutputFormat::json) {
    std::cout << json_text(to_json(result)) << '\n';
  } else {
    std::cout << terminal_text(render_table(result, use_colour()), use_colour());
  }
  return result.has_findings() ? ExitCode::findings : ExitCode::ok;
}

}  // namespace

void add_s3_options(CLI::App& command, eventlog::s3::S3Settings& settings) {
  command.add_option(
      "--s3-endpoint", settings.endpoint,
      "S3 endpoint URL, e.g. http://minio:9000 (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, "
      "else AWS)");
  command.add_option("--s3-timeout", settings.timeout_s,
                     "Seconds all S3 requests of the command may take, retries included (default 30)");
  auto* path_style = command.add_flag_callback(
      "--s3-path-style", [&settings] { settings.path_style = true; },
      "Address buckets as http://endpoint/bucket/key (default when an endpoint is given)");
  command
      .add_flag_callback(
          "--no-s3-path-style", [&settings] { settings.path_style = false; },
          "Address buckets as http://bucket.endpoint/key")
      ->excludes(path_style);
}

void add_events_command(CLI::App& app, CommandAction& action) {
  auto* events = app.add_subcommand("events", "Read Spark event logs: versions, placement, metrics");
  events->require_subcommand(1);
  auto options = std::make_shared<ScanOptions>();
  auto* scan = events->add_subcommand(
      "scan",
      "Report the Spark version, layout, codec and status of every event log at or below each LOCATION, "
      "and flag logs lying under another version's prefix (exit 1 when any is misplaced or unreadable)");
  scan->add_option("locations", options->locations,
                   "Log files, rolling log directories, or directories above them; local paths or "
                   "s3:// and s3a:// URLs (docs/reference/events-s3.md)")
      ->required();
  scan->add_option(
      "--expect", options->expect,
      "PREFIX=MAJOR.MINOR: logs under PREFIX must be of that version (default: a path component such "
      "as 3.5 or 4.1 names the version)");
  scan->add_option("-j,--jobs", options->threads, "Logs read in parallel (default: all cores)");
  add_s3_options(*scan, options->s3);
  add_output_option(*scan, options->format);
  scan->callback([&action, options] { action = [options] { return run_scan(*options); }; });
  add_events_analysis_commands(*events, action);
}

}  // namespace sparkmv::cli
