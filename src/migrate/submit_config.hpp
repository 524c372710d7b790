#pragma once
// What a scheduler needs to run a job on its pinned version, on the local stack or on the charts'
// releases, and the run tag that lets its jobs be found in the event logs afterwards.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/inventory.hpp"

namespace sparkmv::migrate {

// "sparkmv-job-<name>": every scheduled run of the job carries it. Batch: `--conf spark.job.tags=<tag>`
// (Spark copies SparkConf into each SQL job's properties, where the event-log engine finds it); Connect:
// `spark.addTag("<tag>")` in the client. InputError for a name Spark cannot use as a tag (a comma).
std::string run_tag(std::string_view job);
// "sparkmv-trial-<name>": the runs `migrate trial` makes on both versions to compare them.
std::string trial_tag(std::string_view job);

struct SubmitConfig {
  std::string job;
  std::string version;        // pin: "3.5" or "4.1"
  std::string spark_version;  // "3.5.7" or "4.1.0"
  std::string kind;           // batch | connect
  std::string target;         // local | kube
  std::string mode;           // how it runs, in words
  std::string run_tag;
  std::string tag_how;      // how the tag reaches Spark
  std::string master;       // batch: the master URL (empty when SPARK_CONF_DIR decides)
  std::string connect_url;  // connect: sc://...
  std::map<std::string, std::string> env;
  std::vector<std::string> command;         // argv
  std::map<std::string, std::string> conf;  // the job's submit.conf (plus the tag for batch)
  std::string event_log_dir;
  std::string metastore_database;
  std::string metastore_url;  // JDBC URL (local) or thrift URI (kube)
  std::string warehouse_dir;
  // Kubernetes only.
  std::string ns;
  std::string release;
  std::string image;
  std::string service_account;
  std::string conf_map;  // ConfigMap with spark-defaults.conf to mount as SPARK_CONF_DIR
  std::vector<std::string> notes;
};

nlohmann::json to_json(const SubmitConfig& config);
std::string render_table(const SubmitConfig& config);

// From the local stack's state (stack.json) in `state_dir`: EnvironmentError (exit 3) "no local stack in
// DIR: run sparkmv up" when there is none. `spark_submit` maps a Spark version ("3.5.7") to its
// spark-submit; a version missing from it is written as `spark-submit`.
SubmitConfig local_submit_config(const Job& job, const std::filesystem::path& state_dir,
                                 const std::map<std::string, std::string>& spark_submit = {});

// From the charts' naming for the releases spark-35 and spark-41 in namespace `ns`.
SubmitConfig kube_submit_config(const Job& job, const std::string& ns);

}  // namespace sparkmv::migrate
