#include "stack/launch.hpp"

#include "stack/config.hpp"

namespace sparkmv::stack {

namespace {

std::string port_arg(const Ports& ports, const std::string& key) {
  return std::to_string(ports.at(key));
}

}  // namespace

std::map<std::string, std::string> spark_environment(const SparkVersion& version, const StackPaths& paths,
                                                     const std::filesystem::path& spark_home) {
  auto env = environment_with({});
  for (auto it = env.begin(); it != env.end();) {
    const bool drop = it->first.rfind("SPARK_", 0) == 0 || it->first.rfind("PYSPARK_", 0) == 0 ||
                      it->first == "PYTHONPATH" || it->first == "HADOOP_CONF_DIR";
    it = drop ? env.erase(it) : std::next(it);
  }
  env["SPARK_HOME"] = spark_home.string();
  env["SPARK_CONF_DIR"] = paths.conf_dir(version).string();
  env["SPARK_LOG_DIR"] = paths.log_dir(version).string();
  env["SPARK_PID_DIR"] = paths.pid_dir(version).string();
  env["SPARK_IDENT_STRING"] = kIdent;
  env["SPARK_LOCAL_IP"] = "127.0.0.1";
  env["SPARK_LOCAL_HOSTNAME"] = "localhost";
  env["SPARK_DAEMON_MEMORY"] = "256m";
  env["PYSPARK_PYTHON"] = "python3";
  return env;
}

LaunchSpec spark_daemon_launch(const Component& component, const StackPaths& paths, const Ports& ports,
                               const std::filesystem::path& spark_home) {
  const SparkVersion& v = *component.spark;
  LaunchSpec spec;
  const std::string daemon = (spark_home / "sbin" / "spark-daemon.sh").string();
  switch (component.kind) {
    case ComponentKind::master:
      spec.argv = {daemon,
                   "start",
                   component.main_class,
                   "1",
                   "--host",
                   "127.0.0.1",
                   "--port",
                   port_arg(ports, "spark35.master"),
                   "--webui-port",
                   port_arg(ports, "spark35.master-ui")};
      break;
    case ComponentKind::worker:
      spec.argv = {daemon,
                   "start",
                   component.main_class,
                   "1",
                   "--host",
                   "127.0.0.1",
                   "--port",
                   port_arg(ports, "spark35.worker"),
                   "--webui-port",
                   port_arg(ports, "spark35.worker-ui"),
                   "--cores",
                   "2",
                   "--memory",
                   "1g",
                   "--work-dir",
                   paths.worker_dir(v).string(),
                   master_url(ports)};
      break;
    case ComponentKind::history_server:
      // Its log directory and port come from the version's spark-defaults.conf.
      spec.argv = {daemon, "start", component.main_class, "1"};
      break;
    case ComponentKind::connect_server:
      // What Spark's start-connect-server.sh does: spark-submit of the server class, as a daemon.
      spec.argv = {daemon,
                   "submit",
                   component.main_class,
                   "1",
                   "--name",
                   "sparkmv-" + component.name,
                   "--driver-memory",
                   "768m",
                   "--conf",
                   "spark.connect.grpc.binding.address=127.0.0.1",
                   "--conf",
                   "spark.connect.grpc.binding.port=" + port_arg(ports, "spark41.connect"),
                   "--conf",
                   "spark.ui.port=" + port_arg(ports, "spark41.connect-ui")};
      break;
    case ComponentKind::postgres:
      throw std::logic_error("spark_daemon_launch: postgres is not a Spark component");
  }
  spec.env = spark_environment(v, paths, spark_home);
  // Spark's launcher sizes a Connect server's driver from SPARK_DAEMON_MEMORY, like the Thrift server's.
  if (component.kind == ComponentKind::connect_server) spec.env["SPARK_DAEMON_MEMORY"] = "768m";
  spec.cwd = paths.local_dir(v);
  spec.log = paths.log_dir(v) / (component.name + ".launch.log");
  return spec;
}

}  // namespace sparkmv::stack
