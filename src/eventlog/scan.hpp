#pragma once
// `events scan`: read every log below some locations, in parallel, and say for each which Spark version
// wrote it and whether it lies under the prefix of that version.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eventlog/layout.hpp"
#include "eventlog/reader.hpp"
#include "eventlog/storage.hpp"
#include "eventlog/topology.hpp"

namespace sparkmv::eventlog {

enum class LogStatus { complete, in_progress, incomplete, unreadable };
std::string_view log_status_name(LogStatus status);  // "complete", "in progress", "incomplete", "unreadable"

struct ScanEntry {
  std::string path;
  std::string app_id;  // from SparkListenerApplicationStart, else from the file name
  std::string attempt_id;
  std::string app_name;
  std::string spark_version;  // from SparkListenerLogStart
  Layout layout = Layout::single_file;
  std::string codec;  // empty when uncompressed
  std::uint64_t size = 0;
  std::uint64_t files = 0;
  LogStatus status = LogStatus::unreadable;
  std::optional<std::string> expected_version;  // "major.minor" the prefix holds
  bool misplaced = false;
  std::uint64_t events = 0;
  std::uint64_t malformed = 0;
  std::vector<MalformedLine> malformed_lines;
  std::vector<std::string> notes;  // why a log is incomplete
  std::string error;               // why it is unreadable: one line with file and byte offset
};

struct ScanOptions {
  Topology topology;
  unsigned threads = 0;  // 0: all cores
};

struct ScanResult {
  std::vector<ScanEntry> logs;
  std::vector<SkippedPath> skipped;  // FIFOs, devices, link cycles: not read, and why
  bool has_findings() const;         // anything misplaced or unreadable
};

// Reads one log completely; never throws for a bad log, the entry says what is wrong.
ScanEntry scan_log(Storage& storage, const LogRef& log, const Topology& topology);

// Every log at or below each location, in the order found. A location that cannot be listed becomes an
// unreadable entry.
ScanResult scan_locations(Storage& storage, const std::vector<std::string>& locations,
                          const ScanOptions& options);

}  // namespace sparkmv::eventlog
