#pragma once
// Everything the isolation rules need to know about each release, gathered once from its objects.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "isolation/database.hpp"
#include "isolation/evidence.hpp"
#include "isolation/location.hpp"
#include "isolation/settings.hpp"
#include "model/object.hpp"

namespace sparkmv::isolation {

// A setting a rule needs that could not be found for one workload (ISO011), and where the tool looked. The
// setting may still be set where a render does not show it: an image default, a custom entrypoint's
// environment, a file under another name.
struct Undetermined {
  std::string setting;  // "metastore database", "History Server log directory", "event-log directory",
                        // "warehouse", "S3 endpoint", "ServiceAccount"
  std::string role;     // what needs it: "History Server", "Hive Metastore", "Spark Connect server", ...
  Evidence evidence;    // the workload or configuration file
  std::vector<std::string> looked_in;
};

struct ReleaseProfile {
  std::string name;
  std::vector<std::string> namespaces;  // sorted, unique
  std::string spark_version;            // e.g. "3.5.7"; empty when nothing pins it
  std::vector<const model::KubeObject*> objects;
  std::vector<Setting> settings;

  std::vector<Located<StorageLocation>> event_log_dirs;  // where its apps and Connect server write
  std::vector<Located<StorageLocation>> history_dirs;    // where its History Servers read
  std::vector<Located<StorageLocation>> data_dirs;       // warehouses and checkpoint locations
  std::vector<Located<DatabaseEndpoint>> metastore_databases;
  std::vector<Located<std::string>> metastore_services;  // canonical thrift host:port
  std::vector<Located<std::string>> s3_endpoints;        // canonical host:port of fs.s3a.endpoint settings
  std::vector<Undetermined> undetermined;                // what its workloads need and nothing said
};

// Owns the objects; the profiles point into them, so an Inventory is moved, never copied.
class Inventory {
 public:
  // `objects` must already carry their release (model::assign_releases).
  explicit Inventory(std::vector<model::KubeObject> objects);
  Inventory(const Inventory&) = delete;
  Inventory& operator=(const Inventory&) = delete;
  Inventory(Inventory&&) = default;
  Inventory& operator=(Inventory&&) = default;

  const std::vector<model::KubeObject>& objects() const { return objects_; }
  const std::vector<ReleaseProfile>& releases() const { return releases_; }
  const ReleaseProfile* release(std::string_view name) const;

 private:
  std::vector<model::KubeObject> objects_;
  std::vector<ReleaseProfile> releases_;
};

// The Spark version of one image tag ("3.5.7-scala2.12-java17-ubuntu" -> "3.5.7"), or "".
std::string spark_version_of_tag(std::string_view tag);
// True for images of Spark itself (apache/spark, spark, bitnami/spark, ...).
bool is_spark_image(std::string_view repository);

}  // namespace sparkmv::isolation
