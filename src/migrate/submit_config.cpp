#include "migrate/submit_config.hpp"

#include <fmt/format.h>

#include "common/errors.hpp"
#include "kube/process.hpp"
#include "stack/config.hpp"
#include "stack/state.hpp"
#include "stack/topology.hpp"

namespace sparkmv::migrate {

namespace {

// The image each chart runs by default (charts/spark-3.5/charts/spark-standalone/values.yaml,
// charts/spark-4.1/values.yaml); values can override it.
constexpr const char* kImage35 = "docker.io/apache/spark:3.5.7-scala2.12-java17-python3-ubuntu";
constexpr const char* kImage41 = "docker.io/apache/spark:4.1.0-scala2.13-java21-python3-ubuntu";
// Where the charts mount the spark-defaults ConfigMap for clients (SPARK_CONF_DIR).
constexpr const char* kChartConfDir = "/opt/sparkmv/conf";

std::string make_tag(std::string_view prefix, std::string_view job) {
  // Spark rejects tags that are empty or contain a comma (SparkContext.addJobTag, spark.job.tags).
  if (job.empty() || job.find(',') != std::string_view::npos) {
    throw InputError(fmt::format("job '{}': a name with a comma cannot be a Spark job tag", job));
  }
  return fmt::format("{}{}", prefix, job);
}

const stack::SparkVersion& spark_of(const Job& job) {
  return job.version == legacy_version ? stack::spark35() : stack::spark41();
}

SubmitConfig base_config(const Job& job, const char* target) {
  if (job.kind == JobKind::connect && job.version == legacy_version) {
    throw InputError(fmt::format(
        "job '{}': a connect job pinned to 3.5 cannot run: only 4.1 serves Spark Connect (pin it to 4.1)",
        job.name));
  }
  SubmitConfig config;
  config.job = job.name;
  config.version = job.version;
  config.spark_version = spark_of(job).version;
  config.kind = std::string(to_string(job.kind));
  config.target = target;
  config.run_tag = run_tag(job.name);
  config.conf = job.submit.conf;
  if (job.kind == JobKind::batch) {
    config.tag_how = fmt::format("--conf spark.job.tags={} on spark-submit", config.run_tag);
  } else {
    config.tag_how =
        fmt::format("spark.addTag(\"{}\") in the client before its first action", config.run_tag);
    if (!config.conf.empty()) {
      config.notes.push_back(
          "the job's conf: set SQL settings with spark.conf.set in the client; the others belong to the "
          "Connect "
          "server");
    }
  }
  return config;
}

// spark-submit [--master M] [--deploy-mode D] --name JOB --conf spark.job.tags=TAG --conf ... PROGRAM ARGS
std::vector<std::string> submit_argv(const Job& job, const std::string& spark_submit,
                                     const std::string& master, const std::string& deploy_mode,
                                     const std::string& tag) {
  std::vector<std::string> argv{spark_submit};
  if (!master.empty()) argv.insert(argv.end(), {"--master", master});
  if (!deploy_mode.empty()) argv.insert(argv.end(), {"--deploy-mode", deploy_mode});
  argv.insert(argv.end(), {"--name", job.name, "--conf", "spark.job.tags=" + tag});
  for (const auto& [key, value] : job.submit.conf) argv.insert(argv.end(), {"--conf", key + "=" + value});
  if (!job.submit.python_file.empty()) {
    argv.push_back(job.submit.python_file);
  } else {
    argv.insert(argv.end(), {"--class", job.submit.main_class, job.submit.application});
  }
  argv.insert(argv.end(), job.submit.args.begin(), job.submit.args.end());
  return argv;
}

std::vector<std::string> client_argv(const Job& job) {
  std::vector<std::string> argv{"python3", job.submit.python_file};
  argv.insert(argv.end(), job.submit.args.begin(), job.submit.args.end());
  return argv;
}

int port_of(const stack::Ports& ports, const std::string& key, const std::filesystem::path& state_file) {
  const auto it = ports.find(key);
  if (it == ports.end()) throw InputError(fmt::format("{}: no port for {}", state_file.string(), key));
  return it->second;
}

}  // namespace

std::string run_tag(std::string_view job) {
  return make_tag("sparkmv-job-", job);
}

std::string trial_tag(std::string_view job) {
  return make_tag("sparkmv-trial-", job);
}

SubmitConfig local_submit_config(const Job& job, const std::filesystem::path& state_dir,
                                 const std::map<std::string, std::string>& spark_submit) {
  auto config = base_config(job, "local");
  const stack::StackPaths paths{std::filesystem::absolute(state_dir)};
  const auto state = stack::load_state(paths);
  if (!state) throw EnvironmentError(fmt::format("no local stack in {}: run sparkmv up", state_dir.string()));
  const auto& v = spark_of(job);
  const auto layout = stack::layout_of(v, paths, state->layout);
  config.event_log_dir = layout.event_dir.string();
  config.warehouse_dir = layout.warehouse_dir.string();
  config.metastore_database = layout.database;
  config.metastore_url = stack::metastore_jdbc_url(layout.database, state->ports);
  config.env["SPARK_CONF_DIR"] = paths.conf_dir(v).string();
  if (job.kind == JobKind::connect) {
    config.connect_url =
        fmt::format("sc://127.0.0.1:{}", port_of(state->ports, "spark41.connect", paths.state_file()));
    config.mode = "a Python Spark Connect client of the 4.1 Connect server";
    config.env.erase("SPARK_CONF_DIR");
    config.env["SPARK_REMOTE"] = config.connect_url;
    config.command = client_argv(job);
    return config;
  }
  const auto found = spark_submit.find(v.version);
  const auto binary = found == spark_submit.end() ? std::string("spark-submit") : found->second;
  if (job.version == legacy_version) {
    config.master = stack::master_url(state->ports);
    config.mode = "spark-submit to the 3.5 standalone master";
  } else {
    config.mode = "spark-submit in local mode (4.1's SPARK_CONF_DIR sets spark.master)";
  }
  config.command = submit_argv(job, binary, config.master, "", config.run_tag);
  if (found == spark_submit.end()) {
    config.notes.push_back(fmt::format("spark-submit: the one of Spark {} (bin/spark-submit)", v.version));
  }
  return config;
}

SubmitConfig kube_submit_config(const Job& job, const std::string& ns) {
  auto config = base_config(job, "kube");
  const auto& v = spark_of(job);
  config.ns = ns;
  config.release = v.release;
  config.image = job.version == legacy_version ? kImage35 : kImage41;
  config.event_log_dir = fmt::format("s3a://spark-logs/{}/events", v.prefix);
  config.warehouse_dir = fmt::format("s3a://spark-warehouse/{}/", v.prefix);
  config.metastore_database = v.database;
  config.metastore_url = fmt::format("thrift://{}-metastore.{}.svc:9083", v.release, ns);
  config.notes.push_back(fmt::format(
      "run the client pod in namespace {} with the label sparkmv.io/spark-release={}: the release's "
      "NetworkPolicy admits only those",
      ns, v.release));
  config.notes.push_back("image and locations are the charts' defaults; values files may change them");
  if (job.kind == JobKind::connect) {
    config.connect_url = fmt::format("sc://{}-connect.{}.svc:15002", v.release, ns);
    config.service_account = v.release + "-connect";
    config.mode = "a Python Spark Connect client of the spark-41 Connect server";
    config.env["SPARK_REMOTE"] = config.connect_url;
    config.command = client_argv(job);
    return config;
  }
  config.conf_map = v.release + "-spark-defaults";
  config.env["SPARK_CONF_DIR"] = kChartConfDir;
  if (job.version == legacy_version) {
    config.master = fmt::format("spark://{}-master.{}.svc:7077", v.release, ns);
    config.service_account = v.release + "-infra";
    config.mode = "spark-submit (client mode) to the spark-35 standalone master";
    config.command = submit_argv(job, "spark-submit", config.master, "", config.run_tag);
  } else {
    config.master = "k8s://https://kubernetes.default.svc";
    config.service_account = v.release + "-spark";
    config.mode = "spark-submit in cluster mode: the driver runs as a pod of spark-41";
    config.command = submit_argv(job, "spark-submit", config.master, "cluster", config.run_tag);
  }
  config.notes.push_back(fmt::format("mount the ConfigMap {} at {}", config.conf_map, kChartConfDir));
  return config;
}

nlohmann::json to_json(const SubmitConfig& config) {
  nlohmann::json doc = {
      {"job", config.job},
      {"version", config.version},
      {"spark_version", config.spark_version},
      {"kind", config.kind},
      {"target", config.target},
      {"mode", config.mode},
      {"run_tag", config.run_tag},
      {"tag_how", config.tag_how},
      {"master", config.master},
      {"connect_url", config.connect_url},
      {"env", config.env},
      {"command", config.command},
      {"command_line", kube::shell_command(config.command)},
      {"conf", config.conf},
      {"event_log_dir", config.event_log_dir},
      {"metastore", {{"database", config.metastore_database}, {"url", config.metastore_url}}},
      {"warehouse_dir", config.warehouse_dir},
      {"notes", config.notes}};
  if (config.target == "kube") {
    doc["kube"] = {{"namespace", config.ns},
                   {"release", config.release},
                   {"image", config.image},
                   {"service_account", config.service_account},
                   {"conf_map", config.conf_map}};
  }
  return doc;
}

std::string render_table(const SubmitConfig& config) {
  std::string out;
  const auto row = [&out](std::string_view key, const std::string& value) {
    if (!value.empty()) out += fmt::format("{:<19} {}\n", key, value);
  };
  row("job", fmt::format("{} ({}, pinned to {}: Spark {})", config.job, config.kind, config.version,
                         config.spark_version));
  row("runs as", config.mode);
  row("namespace", config.ns);
  row("release", config.release);
  row("image", config.image);
  row("service account", config.service_account);
  row("spark-defaults", config.conf_map);
  row("master", config.master);
  row("connect url", config.connect_url);
  for (const auto& [key, value] : config.env) row("env", key + "=" + value);
  row("command", kube::shell_command(config.command));
  row("run tag", config.run_tag);
  row("tag it with", config.tag_how);
  row("event logs", config.event_log_dir);
  row("metastore", fmt::format("{} ({})", config.metastore_database, config.metastore_url));
  row("warehouse", config.warehouse_dir);
  for (const auto& note : config.notes) row("note", note);
  return out;
}

}  // namespace sparkmv::migrate
