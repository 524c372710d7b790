#pragma once
// A job's runs as the event logs remember them: every application below a version's event-log directory
// whose jobs carry a tag (`spark.job.tags` of a batch run, `addTag` of a Connect client). The event logs are
// the record of what really ran, wherever the scheduler sent it.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/summary.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::migrate {

struct TaggedRun {
  std::string version;  // the directory's version line ("3.5"), where the log was found
  std::string path;     // the log
  std::string app_id;
  std::string spark_version;  // what wrote the log
  std::int64_t start_ms = 0;  // first tagged job began (epoch ms)
  std::int64_t wall_ms = 0;
  std::int64_t jobs = 0;
  std::int64_t failed_jobs = 0;
  bool in_progress = false;
  // The run's summary, kept by find_tagged_runs so comparing the run does not read its log again.
  std::shared_ptr<const analysis::RunSummary> summary;

  bool succeeded() const { return jobs > 0 && failed_jobs == 0; }
};

struct EventDirectory {
  std::string version;   // "3.5" or "4.1"
  std::string location;  // a directory: local, or an s3:// / s3a:// prefix
};

// Every run carrying `tag` in the directories, oldest first (by start), each with its summary. A log that
// cannot be read is skipped and named in `warnings`; a directory that does not exist holds no runs.
std::vector<TaggedRun> find_tagged_runs(eventlog::Storage& storage, const std::vector<EventDirectory>& dirs,
                                        const std::string& tag, std::vector<std::string>& warnings);

// The runs of every tag of `tags` (keyed by tag, each oldest first; summaries not kept), reading each log
// once for all of them. A log that cannot be read is named once in `warnings`.
std::map<std::string, std::vector<TaggedRun>> find_runs_of_tags(eventlog::Storage& storage,
                                                                const std::vector<EventDirectory>& dirs,
                                                                const std::vector<std::string>& tags,
                                                                std::vector<std::string>& warnings);

// The summary of one run (for comparing it): the one find_tagged_runs kept, else read from its log.
analysis::RunSummary summarize_run(eventlog::Storage& storage, const TaggedRun& run, const std::string& tag);

}  // namespace sparkmv::migrate
