#include "eventlog/scan.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "common/errors.hpp"

namespace sparkmv::eventlog {

std::string_view log_status_name(LogStatus status) {
  switch (status) {
    case LogStatus::complete:
      return "complete";
    case LogStatus::in_progress:
      return "in progress";
    case LogStatus::incomplete:
      return "incomplete";
    case LogStatus::unreadable:
      return "unreadable";
  }
  return "unreadable";
}

bool ScanResult::has_findings() const {
  return std::any_of(logs.begin(), logs.end(),
                     [](const ScanEntry& e) { return e.misplaced || e.status == LogStatus::unreadable; });
}

ScanEntry scan_log(Storage& storage, const LogRef& log, const Topology& topology) {
  ScanEntry entry;
  entry.path = log.path;
  entry.app_id = log.name_id;
  entry.layout = log.layout;
  entry.codec = log.codec;
  entry.size = log.size;
  entry.files = log.files.size();
  entry.expected_version = expected_version(topology, log.path);
  entry.notes = log.problems;
  bool ended = false;
  try {
    const auto summary = read_events(storage, log, [&](EventView& event) {
      switch (event.type()) {
        case EventType::log_start:
          if (auto start = as_log_start(event); start && entry.spark_version.empty()) {
            entry.spark_version = std::string(start->spark_version);
          }
          break;
        case EventType::application_start:
          if (auto start = as_application_start(event)) {
            entry.app_name = std::string(start->name);
            if (start->id) entry.app_id = std::string(*start->id);
            if (start->attempt_id) entry.attempt_id = std::string(*start->attempt_id);
          }
          break;
        case EventType::application_end:
          ended = true;
          break;
        default:
          break;
      }
    });
    entry.events = summary.events;
    entry.malformed = summary.malformed;
    entry.malformed_lines = summary.malformed_lines;
    if (summary.cut && !log.in_progress) entry.notes.push_back("log ends mid-event");
  } catch (const InputError& e) {
    entry.error = e.what();
    entry.status = LogStatus::unreadable;
    return entry;
  } catch (const EnvironmentError& e) {
    entry.error = e.what();
    entry.status = LogStatus::unreadable;
    return entry;
  }
  if (entry.spark_version.empty()) {
    entry.error =
        entry.path + ": no SparkListenerLogStart event: not a Spark event log, or its first file is missing";
    entry.status = LogStatus::unreadable;
    return entry;
  }
  if (log.in_progress) {
    entry.status = LogStatus::in_progress;
  } else if (!ended) {
    entry.notes.push_back("no SparkListenerApplicationEnd event");
    entry.status = LogStatus::incomplete;
  } else {
    entry.status = entry.notes.empty() ? LogStatus::complete : LogStatus::incomplete;
  }
  if (entry.expected_version) entry.misplaced = major_minor(entry.spark_version) != *entry.expected_version;
  return entry;
}

ScanResult scan_locations(Storage& storage, const std::vector<std::string>& locations,
                          const ScanOptions& options) {
  std::vector<LogRef> logs;
  ScanResult result;
  for (const auto& location : locations) {
    try {
      auto found = discover_logs(storage, location, &result.skipped);
      std::move(found.begin(), found.end(), std::back_inserter(logs));
    } catch (const InputError& e) {
      LogRef missing;
      missing.path = location;
      missing.error = e.what();
      logs.push_back(std::move(missing));
    }
  }
  result.logs.resize(logs.size());
  // Logs are independent: each worker takes the next one until none is left.
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < logs.size(); i = next++)
      result.logs[i] = scan_log(storage, logs[i], options.topology);
  };
  unsigned threads =
      options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, logs.size()));
  {
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
  }
  return result;
}

}  // namespace sparkmv::eventlog
