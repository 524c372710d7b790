#include "migrate/runs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/errors.hpp"

namespace sparkmv::migrate {

namespace {

TaggedRun tagged_run(const EventDirectory& dir, const std::string& path,
                     const analysis::RunSummary& summary) {
  TaggedRun r;
  r.version = dir.version;
  r.path = path;
  r.app_id = summary.app_id;
  r.spark_version = summary.spark_version;
  r.start_ms = summary.first;
  r.wall_ms = summary.wall_ms();
  r.jobs = summary.jobs;
  r.failed_jobs = summary.failed_jobs;
  r.in_progress = summary.in_progress;
  return r;
}

// Walks every log directly below the directories, reading each once for all `tags`, and hands each run
// that carries one to `on_run(tag index, run, summary)`.
template <typename OnRun>
void walk_runs(eventlog::Storage& storage, const std::vector<EventDirectory>& dirs,
               const std::vector<std::string>& tags, std::vector<std::string>& warnings, OnRun&& on_run) {
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
        const auto log = analysis::find_log(storage, entry.path, {});
        auto summaries = analysis::summarize_tags(storage, log, tags);
        for (std::size_t i = 0; i < tags.size(); ++i) {
          auto& summary = summaries[i];
          if (summary.jobs == 0 && summary.sql_list.empty()) continue;  // no job carries the tag
          auto run = tagged_run(dir, entry.path, summary);
          on_run(i, std::move(run), std::move(summary));
        }
      } catch (const InputError& e) {
        warnings.push_back(e.what());
      }
    }
  }
}

void oldest_first(std::vector<TaggedRun>& runs) {
  std::stable_sort(runs.begin(), runs.end(),
                   [](const TaggedRun& a, const TaggedRun& b) { return a.start_ms < b.start_ms; });
}

}  // namespace

std::vector<TaggedRun> find_tagged_runs(eventlog::Storage& storage, const std::vector<EventDirectory>& dirs,
                                        const std::string& tag, std::vector<std::string>& warnings) {
  std::vector<TaggedRun> runs;
  walk_runs(storage, dirs, {tag}, warnings, [&](std::size_t, TaggedRun run, analysis::RunSummary summary) {
    run.summary = std::make_shared<const analysis::RunSummary>(std::move(summary));
    runs.push_back(std::move(run));
  });
  oldest_first(runs);
  return runs;
}

std::map<std::string, std::vector<TaggedRun>> find_runs_of_tags(eventlog::Storage& storage,
                                                                const std::vector<EventDirectory>& dirs,
                                                                const std::vector<std::string>& tags,
                                                                std::vector<std::string>& warnings) {
  std::map<std::string, std::vector<TaggedRun>> runs;
  for (const auto& tag : tags) runs[tag];
  walk_runs(storage, dirs, tags, warnings, [&](std::size_t i, TaggedRun run, const analysis::RunSummary&) {
    runs[tags[i]].push_back(std::move(run));
  });
  for (auto& [tag, of_tag] : runs) oldest_first(of_tag);
  return runs;
}

analysis::RunSummary summarize_run(eventlog::Storage& storage, const TaggedRun& run, const std::string& tag) {
  if (run.summary && run.summary->tag == tag) return *run.summary;
  return analysis::summarize(storage, run.path, {"", tag});
}

}  // namespace sparkmv::migrate
