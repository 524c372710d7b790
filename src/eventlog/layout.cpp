#include "eventlog/layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "common/errors.hpp"
#include "eventlog/codec.hpp"

namespace sparkmv::eventlog {

namespace {

constexpr std::string_view in_progress_suffix = ".inprogress";
constexpr std::string_view compact_suffix = ".compact";
constexpr std::string_view rolling_dir_prefix = "eventlog_v2_";
constexpr std::string_view events_prefix = "events_";
constexpr std::string_view status_prefix = "appstatus_";
// Deep enough for any real prefix layout, shallow enough that a link loop ends.
constexpr int max_depth = 32;

bool strip_suffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.find_last_of('/', path.size() > 1 ? path.size() - 2 : 0);
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

struct Walk {
  std::set<std::string> walked;  // identities of the directories entered
  std::vector<SkippedPath>* skipped = nullptr;

  void skip(const std::string& path, std::string reason) const {
    if (skipped != nullptr) skipped->push_back({path, std::move(reason)});
  }

  // False (and noted) for a directory entered before: a link cycle, or a second link to it.
  bool enter(const StorageEntry& directory) {
    if (directory.identity.empty() || walked.insert(directory.identity).second) return true;
    skip(directory.path, "a link to a directory already scanned (a link cycle?)");
    return false;
  }
};

void discover_below(Storage& storage, const StorageEntry& directory, int depth, Walk& walk,
                    std::vector<LogRef>& logs) {
  if (!walk.enter(directory)) return;
  std::vector<StorageEntry> children;
  try {
    children = storage.list(directory.path);
  } catch (const InputError& e) {
    LogRef broken;
    broken.path = directory.path;
    broken.error = e.what();
    logs.push_back(std::move(broken));
    return;
  }
  for (const auto& child : children) {
    if (child.name.starts_with('.')) continue;  // Spark ignores hidden files too
    if (!child.special.empty()) {
      walk.skip(child.path, fmt::format("a {}, not a regular file", child.special));
    } else if (child.directory) {
      if (is_rolling_dir_name(child.name)) {
        logs.push_back(rolling_log(storage, child));
      } else if (depth < max_depth) {
        discover_below(storage, child, depth + 1, walk, logs);
      } else {
        walk.skip(child.path, fmt::format("deeper than {} directories", max_depth));
      }
    } else if (is_single_log_name(child.name)) {
      logs.push_back(single_file_log(child));
    }
  }
}

}  // namespace

std::string_view layout_name(Layout layout) {
  return layout == Layout::rolling ? "rolling" : "single";
}

LogFileName parse_log_file_name(std::string_view name) {
  LogFileName parts;
  parts.compacted = strip_suffix(name, compact_suffix);
  parts.in_progress = strip_suffix(name, in_progress_suffix);
  const auto first_dot = name.find('.');
  parts.base = name.substr(0, first_dot);
  if (first_dot != std::string_view::npos) parts.codec = name.substr(name.rfind('.') + 1);
  return parts;
}

bool is_single_log_name(std::string_view name) {
  if (name.empty() || name.starts_with('.')) return false;
  const auto parts = parse_log_file_name(name);
  if (parts.codec.empty())
    return name.find('.') == std::string_view::npos || parts.in_progress || parts.compacted;
  return codec_from_name(parts.codec).has_value();
}

bool is_rolling_dir_name(std::string_view name) {
  return name.starts_with(rolling_dir_prefix);
}

LogRef single_file_log(const StorageEntry& file) {
  const auto parts = parse_log_file_name(file.name);
  LogRef log;
  log.path = file.path;
  log.layout = Layout::single_file;
  log.codec = std::string(parts.codec);
  log.name_id = std::string(parts.base);
  log.in_progress = parts.in_progress;
  log.files.push_back(LogFile{file.path, file.size, 0, parts.compacted});
  log.size = file.size;
  return log;
}

LogRef rolling_log(Storage& storage, const StorageEntry& directory) {
  LogRef log;
  log.path = directory.path;
  log.layout = Layout::rolling;
  log.name_id = directory.name.substr(std::min(directory.name.size(), rolling_dir_prefix.size()));
  std::vector<StorageEntry> children;
  try {
    children = storage.list(directory.path);
  } catch (const InputError& e) {
    log.error = e.what();
    return log;
  }
  bool has_marker = false;
  for (const auto& child : children) {
    if (child.directory) continue;
    std::string_view name = child.name;
    if (name.starts_with(status_prefix)) {
      has_marker = true;
      log.in_progress = name.ends_with(in_progress_suffix);
      continue;
    }
    if (!name.starts_with(events_prefix)) continue;
    name.remove_prefix(events_prefix.size());
    std::uint64_t index = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), index);
    if (ec != std::errc() || end == name.data() || end == name.data() + name.size() || *end != '_') continue;
    const auto parts = parse_log_file_name(child.name);
    log.files.push_back(LogFile{child.path, child.size, index, parts.compacted});
    if (log.codec.empty()) log.codec = std::string(parts.codec);
  }
  std::sort(log.files.begin(), log.files.end(), [](const LogFile& a, const LogFile& b) {
    return a.index != b.index ? a.index < b.index : a.compacted < b.compacted;
  });
  // The History Server reads from the last .compact on: it holds everything before it.
  const auto last_compact =
      std::find_if(log.files.rbegin(), log.files.rend(), [](const LogFile& f) { return f.compacted; });
  if (last_compact != log.files.rend()) log.files.erase(log.files.begin(), std::prev(last_compact.base()));
  if (log.files.empty()) log.problems.push_back("no events_<n> file");
  if (!has_marker) log.problems.push_back("no appstatus marker");
  for (std::size_t i = 1; i < log.files.size(); ++i) {
    if (log.files[i].index != log.files[i - 1].index + 1) {
      log.problems.push_back(fmt::format("events_{} missing", log.files[i - 1].index + 1));
      break;
    }
  }
  if (!log.files.empty() && !log.files.front().compacted && log.files.front().index != 1) {
    log.problems.push_back("events_1 missing");
  }
  for (const auto& f : log.files) log.size += f.size;
  return log;
}

std::vector<LogRef> discover_logs(Storage& storage, const std::string& location,
                                  std::vector<SkippedPath>* skipped) {
  const StorageEntry entry = storage.stat(location);
  if (!entry.special.empty()) {
    throw InputError(fmt::format("{}: a {}, not an event log file or directory", location, entry.special));
  }
  std::vector<LogRef> logs;
  if (entry.directory) {
    if (is_rolling_dir_name(entry.name)) {
      logs.push_back(rolling_log(storage, entry));
    } else {
      Walk walk{{}, skipped};
      discover_below(storage, entry, 0, walk, logs);
    }
    return logs;
  }
  // A file inside a rolling directory stands for the whole log.
  const std::string parent = parent_of(entry.path);
  const std::string parent_name =
      parent.substr(parent.find_last_of('/') == std::string::npos ? 0 : parent.find_last_of('/') + 1);
  if (is_rolling_dir_name(parent_name) &&
      (entry.name.starts_with(events_prefix) || entry.name.starts_with(status_prefix))) {
    logs.push_back(rolling_log(storage, storage.stat(parent)));
  } else {
    logs.push_back(single_file_log(entry));
  }
  return logs;
}

}  // namespace sparkmv::eventlog
