#pragma once
// `verify --local`: real work on both versions of the local stack, then every isolation promise checked with
// evidence: probe jobs (3.5 spark-submit and a 4.1 Connect client at the same time, then a 4.1
// spark-submit), catalogs, metastore databases and roles, warehouses, History Servers, the event-log scan,
// the isolation rules over the generated configuration, and a performance comparison of the same job on
// both versions (the migration's pilot stage).
#include <chrono>
#include <filesystem>
#include <vector>

#include "model/object.hpp"
#include "verify/check.hpp"

namespace sparkmv::verify {

struct LocalVerifyOptions {
  std::filesystem::path state_dir = ".sparkmv";
  std::filesystem::path report_dir;           // default: <state_dir>/reports
  std::chrono::seconds job_timeout{600};      // each probe job
  std::chrono::seconds history_timeout{120};  // until the History Servers list the probes
};

// EnvironmentError (exit 3) when there is no running stack; otherwise every finding is a check.
VerifyReport verify_local(const LocalVerifyOptions& options);

// The stack's generated configuration (each version's spark-defaults.conf and hive-site.xml) as one
// ConfigMap per release, so the isolation rules that read rendered charts read it too.
std::vector<model::KubeObject> stack_config_objects(const std::filesystem::path& state_dir);

}  // namespace sparkmv::verify
