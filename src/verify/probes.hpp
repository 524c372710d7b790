#pragma once
// Parsing what the live probes bring back: History Server logs, the History Server's REST API, the
// metastore's env, `helm test` output. Pure functions over text and objects, so they are tested without a
// cluster.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "isolation/database.hpp"
#include "model/object.hpp"

namespace sparkmv::verify {

// Our History Server pods print "[logDirectory=URI]" on every log line (charts' log4j2 pattern). The
// distinct URIs in `log_text`, in order of first appearance.
std::vector<std::string> log_directories_in_log(std::string_view log_text);

struct HistoryApplication {
  std::string id;
  std::string name;
  std::string spark_version;  // appSparkVersion of the latest attempt; "" when the server does not say
};

// The JSON array of GET /api/v1/applications. Throws std::invalid_argument with a one-line reason.
std::vector<HistoryApplication> parse_history_applications(std::string_view json_text);

// "3.5.7" -> "3.5"; "" for anything that is not MAJOR.MINOR[...].
std::string version_line(std::string_view version);

// The metastore database a Hive Metastore workload (label app=hive-metastore) names in its first
// container's env: METASTORE_DB_NAME/HOST/PORT, or a JDBC URL in any env value. `detail` says which.
struct MetastoreDatabase {
  isolation::DatabaseEndpoint endpoint;
  std::string detail;
};
std::optional<MetastoreDatabase> metastore_database_from_env(const model::KubeObject& workload);

// `helm test` standard output: each "TEST SUITE: NAME" with its "Phase: PHASE".
std::vector<std::string> helm_test_suites(std::string_view output);

}  // namespace sparkmv::verify
