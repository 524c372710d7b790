#pragma once
// The probe job `verify --local` runs on each side of the stack: one Python file that works under
// spark-submit (3.5 and 4.1) and as a Spark Connect client (4.1), so the same work runs everywhere and two
// of its runs can be compared. It prints one `SPARKMV-VERIFY {json}` line with what Spark reports.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::verify {

// The Python source (written into the stack's state directory before the jobs run).
std::string_view probe_job_source();

// `write DATABASE`: creates DATABASE and a table in it, aggregates and joins it, and reports the table's
// location. `list`: reports the databases the version's catalog shows.
struct ProbeRecord {
  std::string mode;  // "write" | "list"
  std::string spark_version;
  std::string app_id;
  std::string master;
  std::string database;                // write
  std::string table_location;          // write: where the table's files are
  long long rows = 0;                  // write
  std::vector<std::string> databases;  // list
};

// The last record line in a job's output; nothing when there is none. A record line that is not valid
// JSON throws std::invalid_argument with a one-line reason.
std::optional<ProbeRecord> find_probe_record(std::string_view output);

}  // namespace sparkmv::verify
