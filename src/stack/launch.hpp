#pragma once
// How each Spark component is started, as operators do on bare metal: Spark's own sbin/spark-daemon.sh with
// the component's main class, the version's generated SPARK_CONF_DIR and the log and pid directories of the
// stack. Pure: the result is a LaunchSpec, run by the supervisor.
#include <filesystem>

#include "stack/process.hpp"
#include "stack/topology.hpp"

namespace sparkmv::stack {

// `spark-daemon.sh start|submit <class> 1 <args>` for a Spark component (not postgres).
LaunchSpec spark_daemon_launch(const Component& component, const StackPaths& paths, const Ports& ports,
                               const std::filesystem::path& spark_home);

// The environment Spark processes of `version` run in: the current one without any SPARK_* / PYSPARK_* /
// PYTHONPATH setting, plus SPARK_HOME, SPARK_CONF_DIR and the stack's directories. Used for spark-submit too.
std::map<std::string, std::string> spark_environment(const SparkVersion& version, const StackPaths& paths,
                                                     const std::filesystem::path& spark_home);

}  // namespace sparkmv::stack
