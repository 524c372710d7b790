#pragma once
// The configuration sparkmv generates for each Spark version: SPARK_CONF_DIR with spark-defaults.conf,
// spark-env.sh and hive-site.xml. Pure functions from the topology to file contents, so they are unit-tested;
// writing them is a separate, idempotent step.
#include <filesystem>
#include <string>
#include <vector>

#include "stack/topology.hpp"

namespace sparkmv::stack {

struct GeneratedFile {
  std::string name;     // file name inside the conf directory
  std::string content;  // whole file
};

// Everything a version's configuration depends on besides the topology.
struct ConfigInputs {
  StackPaths paths;
  Ports ports;
  std::string role_password;          // the password of layout.role
  std::filesystem::path jdbc_driver;  // PostgreSQL JDBC driver jar
  VersionLayout layout;               // where the version keeps its data
};

// spark-defaults.conf, spark-env.sh and hive-site.xml for `version` (spark35() or spark41()).
std::vector<GeneratedFile> spark_conf_files(const SparkVersion& version, const ConfigInputs& inputs);

// The JDBC URL of a metastore database of the stack.
std::string metastore_jdbc_url(const std::string& database, const Ports& ports);

// A `file:` URL Spark takes for a local directory.
std::string file_url(const std::filesystem::path& p);

// The master URL of the 3.5 standalone master.
std::string master_url(const Ports& ports);

// Writes `content` to `path` (mode 0600) only when it differs; true when the file changed.
bool write_if_changed(const std::filesystem::path& path, const std::string& content);

// Rejects a state directory whose absolute path Spark's configuration files cannot carry verbatim
// (whitespace, quotes, backslashes, '#', '%', ...). Throws InputError.
void check_state_dir_path(const std::filesystem::path& root);

}  // namespace sparkmv::stack
