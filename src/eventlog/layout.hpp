#pragma once
// How Spark lays an application's log out in storage (EventLogFileWriters.scala): one file
// `<appId>[_<attempt>][.<codec>][.inprogress]`, or a rolling directory `eventlog_v2_<appId>[_<attempt>]/`
// holding `events_<n>_<appId>...[.<codec>]` files, an `appstatus_...[.inprogress]` marker, and after History
// Server compaction `....compact` files that supersede every file before them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eventlog/storage.hpp"

namespace sparkmv::eventlog {

enum class Layout { single_file, rolling };
std::string_view layout_name(Layout layout);  // "single" or "rolling"

struct LogFile {
  std::string path;
  std::uint64_t size = 0;
  std::uint64_t index = 0;  // events_<n>; 0 for a single-file log
  bool compacted = false;
};

// One application attempt's log, ready to read.
struct LogRef {
  std::string path;  // the file, or the eventlog_v2_ directory
  Layout layout = Layout::single_file;
  std::string codec;    // the extension as written ("zstd", ...), empty when uncompressed
  std::string name_id;  // the app id and attempt as sanitised into the name
  bool in_progress = false;
  std::vector<LogFile> files;         // to read, in order; files superseded by a .compact are left out
  std::uint64_t size = 0;             // bytes of `files`
  std::vector<std::string> problems;  // layout defects that make the log incomplete (gap, no marker)
  std::string error;                  // set when the log could not even be listed
};

// The parts of a log file name, as Spark's codecName() reads them.
struct LogFileName {
  std::string_view base;  // up to the first '.'
  std::string_view codec;
  bool in_progress = false;
  bool compacted = false;
};
LogFileName parse_log_file_name(std::string_view name);

// True for names a single-file log can have: not hidden, and any extension is a codec, .inprogress or
// .compact (Spark sanitises '.' out of ids, so any other dot means some other file).
bool is_single_log_name(std::string_view name);
bool is_rolling_dir_name(std::string_view name);

LogRef single_file_log(const StorageEntry& file);
LogRef rolling_log(Storage& storage, const StorageEntry& directory);

// Something the walk did not read, and why: a FIFO or device, a link back to a directory already walked.
struct SkippedPath {
  std::string path;
  std::string reason;
};

// Every application log at or below `location` (a log file, a rolling directory, or any directory above
// them). A location that does not exist, or is a FIFO or device, throws InputError; unreadable
// subdirectories come back as LogRefs with `error` set, so one bad directory does not hide the rest. Each
// directory is walked once (by device and inode), so link cycles end; FIFOs, devices and sockets are never
// opened. What was left out goes to `skipped`, when given.
std::vector<LogRef> discover_logs(Storage& storage, const std::string& location,
                                  std::vector<SkippedPath>* skipped = nullptr);

}  // namespace sparkmv::eventlog
