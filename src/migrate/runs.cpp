#include "migrate/runs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/errors.hpp"

namespace sparkmv::migrate {

std::vector<TaggedRun> find_tagged_runs(eventlog::Storage& storage, const std::vector<EventDirectory>& dirs,
                                        const std::string& tag, std::vector<std::string>& warnings) {
  std::vector<TaggedRun> runs;
  for (const auto& dir : dirs) {
    std::vector<eventlog::StorageEntry> entries;
    try {
      entries = storage.list(dir.location);
    } catch (const InputError&) {
      continue;  // no directory yet: nothing ran there
    }
    for (const auto& entry : entries) {
      if (entry.name.empty() || entry.name.front() == '.') continue;  // Hadoop's .crc companions
      try {
        const auto summary = analysis::summarize(storage, entry.path, {"", tag});
        TaggedRun r;
        r.version = dir.version;
        r.path = entry.path;
        r.app_id = summary.app_id;
        r.spark_version = summary.spark_version;
        r.start_ms = summary.first;
        r.wall_ms = summary.wall_ms();
        r.jobs = summary.jobs;
        r.failed_jobs = summary.failed_jobs;
        r.in_progress = summary.in_progress;
        runs.push_back(std::move(r));
      } catch (const InputError& e) {
        // No job carries the tag (the common case), or a log that cannot be read.
        const std::string what = e.what();
        if (what.find("carries the tag") == std::string::npos && what.find("no job") == std::string::npos) {
          warnings.push_back(what);
        }
      }
    }
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const TaggedRun& a, const TaggedRun& b) { return a.start_ms < b.start_ms; });
  return runs;
}

analysis::RunSummary summarize_run(eventlog::Storage& storage, const TaggedRun& run, const std::string& tag) {
  return analysis::summarize(storage, run.path, {"", tag});
}

}  // namespace sparkmv::migrate
