#pragma once
// Finds Spark, Hive and Hadoop settings wherever real charts keep them: configuration files inside
// ConfigMaps (spark-defaults.conf, *.properties, hive-site.xml and other *-site.xml, spark-env.sh), container
// arguments (`--conf k=v`, `-Dk=v`, also inside `sh -c` scripts) and JVM options in env
// (SPARK_HISTORY_OPTS, SPARK_DAEMON_JAVA_OPTS, SERVICE_OPTS, ...).
#include <string>
#include <vector>

#include "isolation/evidence.hpp"
#include "model/object.hpp"

namespace sparkmv::isolation {

struct Setting {
  std::string key;
  std::string value;
  Evidence evidence;
  // Settings that one process reads together share a scope (one ConfigMap file, one container).
  std::string scope;
};

// Settings carried by one object. Malformed XML inside a ConfigMap is an InputError naming the object.
std::vector<Setting> settings_of(const model::KubeObject& object);

// Reads `--conf k=v`, `--conf=k=v` and `-Dk=v` out of words; each word may itself be a shell script.
std::vector<std::pair<std::string, std::string>> settings_in_words(const std::vector<std::string>& words);

}  // namespace sparkmv::isolation
