#include "isolation/inventory.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "common/text.hpp"
#include "isolation/workloads.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation {

namespace {

bool is_key(const std::string& key, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return key == n; });
}

bool is_event_log_dir(const std::string& key) {
  return key == "spark.eventLog.dir";
}
bool is_event_log_switch(const std::string& key) {
  return key == "spark.eventLog.enabled";
}
bool is_history_dir(const std::string& key) {
  return key == "spark.history.fs.logDirectory";
}
bool is_data_dir(const std::string& key) {
  return is_key(key, {"spark.sql.warehouse.dir", "hive.metastore.warehouse.dir",
                      "spark.hadoop.hive.metastore.warehouse.dir", "metastore.warehouse.dir",
                      "spark.hadoop.metastore.warehouse.dir", "spark.sql.streaming.checkpointLocation",
                      "spark.checkpoint.dir"});
}
bool is_jdbc_url(const std::string& key) {
  return is_key(key, {"javax.jdo.option.ConnectionURL", "spark.hadoop.javax.jdo.option.ConnectionURL"});
}
bool is_thrift_uris(const std::string& key) {
  return is_key(key, {"hive.metastore.uris", "spark.hadoop.hive.metastore.uris", "metastore.thrift.uris"});
}

bool is_true(std::string_view value) {
  return text::to_lower(text::trim(value)) == "true";
}

bool is_database_server_image(std::string_view repository) {
  const auto name = text::to_lower(repository.substr(repository.rfind('/') + 1));
  return name.find("postgres") != std::string::npos || name.find("mysql") != std::string::npos ||
         name.find("mariadb") != std::string::npos;
}

// Env names that carry a metastore's database, host and port in charts that do not use JDBC URLs.
enum class EnvRole { none, database, host, port };
EnvRole env_role(const std::string& name) {
  static const std::set<std::string, std::less<>> database = {
      "POSTGRES_DB", "PGDATABASE", "DB_NAME", "DATABASE_NAME", "POSTGRESQL_DATABASE", "MYSQL_DATABASE"};
  static const std::set<std::string, std::less<>> host = {"POSTGRES_HOST", "PGHOST",          "DB_HOST",
                                                          "DATABASE_HOST", "POSTGRESQL_HOST", "MYSQL_HOST"};
  static const std::set<std::string, std::less<>> port = {"POSTGRES_PORT", "PGPORT",          "DB_PORT",
                                                          "DATABASE_PORT", "POSTGRESQL_PORT", "MYSQL_PORT"};
  if (database.contains(name) || name.ends_with("_DB_NAME") || name.ends_with("_DATABASE_NAME")) {
    return EnvRole::database;
  }
  if (host.contains(name) || name.ends_with("_DB_HOST") || name.ends_with("_DATABASE_HOST"))
    return EnvRole::host;
  if (port.contains(name) || name.ends_with("_DB_PORT") || name.ends_with("_DATABASE_PORT"))
    return EnvRole::port;
  return EnvRole::none;
}

// Metastore databases a client container names in its env: JDBC URLs, or database + host pairs.
void add_env_databases(const model::KubeObject& object, ReleaseProfile& profile) {
  const auto pod = model::pod_template_of(object);
  if (!pod) return;
  for (const auto* container : model::containers_of(*pod->spec)) {
    const auto image = model::parse_image(model::scalar_text(container->value("image", nlohmann::json())));
    if (is_database_server_image(image.repository)) continue;  // the server itself, not a client
    const auto name = model::scalar_text(container->value("name", nlohmann::json()));
    std::string database;
    std::string host;
    std::string port;
    bool mysql = false;
    for (const auto& [env_name, value] : model::literal_env_of(*container)) {
      const std::string detail = "container " + name + " env " + env_name;
      if (auto endpoint = parse_jdbc_url(value, object.ns)) {
        profile.metastore_databases.push_back(
            {std::move(*endpoint), Evidence{object.ref(), object.where, object.release, detail}});
        continue;
      }
      switch (env_role(env_name)) {
        case EnvRole::database:
          database = value;
          break;
        case EnvRole::host:
          host = value;
          break;
        case EnvRole::port:
          port = value;
          break;
        case EnvRole::none:
          break;
      }
      mysql = mysql || env_name.find("MYSQL") != std::string::npos;
    }
    if (database.empty() || host.empty()) continue;
    DatabaseEndpoint endpoint;
    endpoint.engine = mysql ? "mysql" : "postgresql";
    endpoint.host = canonical_host(host, object.ns);
    endpoint.port = default_port(endpoint.engine);
    std::from_chars(port.data(), port.data() + port.size(), endpoint.port);
    endpoint.database = database;
    profile.metastore_databases.push_back(
        {std::move(endpoint),
         Evidence{object.ref(), object.where, object.release, "container " + name + " env"}});
  }
}

std::string detect_version(const ReleaseProfile& profile) {
  std::map<std::string, int> from_images;
  std::map<std::string, int> from_labels;
  for (const auto* object : profile.objects) {
    if (const auto pod = model::pod_template_of(*object)) {
      for (const auto* container : model::containers_of(*pod->spec)) {
        const auto image =
            model::parse_image(model::scalar_text(container->value("image", nlohmann::json())));
        if (!is_spark_image(image.repository)) continue;
        const auto version = spark_version_of_tag(image.tag);
        if (!version.empty()) ++from_images[version];
      }
    }
    const auto label = spark_version_of_tag(object->label("app.kubernetes.io/version"));
    if (!label.empty()) ++from_labels[label];
  }
  // A version label alone says nothing about Spark in releases that neither run Spark nor configure it.
  const bool about_spark = std::any_of(profile.settings.begin(), profile.settings.end(),
                                       [](const Setting& s) { return s.key.starts_with("spark."); });
  if (from_images.empty() && !about_spark) return {};
  const auto& votes = from_images.empty() ? from_labels : from_images;
  const auto best = std::max_element(votes.begin(), votes.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
  return best == votes.end() ? std::string() : best->first;
}

bool is_s3_endpoint(const std::string& key) {
  return key == "fs.s3a.endpoint" || key == "spark.hadoop.fs.s3a.endpoint";
}

// "http://minio:9000" in namespace spark -> "minio.spark:9000".
std::string canonical_endpoint(std::string_view url, std::string_view object_namespace) {
  url = text::trim(url);
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find('/'));
  const auto colon = url.rfind(':');
  const auto host = url.substr(0, colon);
  const auto port = colon == std::string_view::npos ? std::string_view() : url.substr(colon);
  return canonical_host(host, object_namespace) + std::string(port);
}

// Which S3 endpoint each scope talks to; scopes that name none use the release's first one.
class S3Endpoints {
 public:
  explicit S3Endpoints(const std::vector<Setting>& settings) {
    for (const auto& s : settings) {
      if (!is_s3_endpoint(s.key)) continue;
      auto endpoint = canonical_endpoint(s.value, s.evidence.object.ns);
      if (fallback_.empty()) fallback_ = endpoint;
      by_scope_[s.scope] = std::move(endpoint);
    }
  }
  // Parses a location and, for object stores, qualifies it with the endpoint of the setting's scope.
  std::optional<StorageLocation> locate(const Setting& s) const {
    auto location = parse_location(s.value);
    if (location && location->scheme == "s3") {
      const auto it = by_scope_.find(s.scope);
      location->endpoint = it != by_scope_.end() ? it->second : fallback_;
    }
    return location;
  }

 private:
  std::map<std::string, std::string> by_scope_;
  std::string fallback_;
};

void add_locations(ReleaseProfile& profile) {
  // Event logging is on where a scope turns it on, or where the release turns it on and the scope does not
  // turn it off: charts often set the switch once in spark-defaults and the directory in several places.
  std::map<std::string, bool> switch_by_scope;
  bool release_enabled = false;
  for (const auto& s : profile.settings) {
    if (!is_event_log_switch(s.key)) continue;
    switch_by_scope[s.scope] = is_true(s.value);
    release_enabled = release_enabled || is_true(s.value);
  }
  const S3Endpoints endpoints(profile.settings);
  for (const auto& s : profile.settings) {
    const auto namespace_of = s.evidence.object.ns;
    if (is_s3_endpoint(s.key)) {
      profile.s3_endpoints.push_back({canonical_endpoint(s.value, namespace_of), s.evidence});
      continue;
    }
    if (is_event_log_dir(s.key)) {
      const auto scope_switch = switch_by_scope.find(s.scope);
      const bool enabled = scope_switch != switch_by_scope.end() ? scope_switch->second : release_enabled;
      if (!enabled) continue;
      if (auto location = endpoints.locate(s)) profile.event_log_dirs.push_back({*location, s.evidence});
    } else if (is_history_dir(s.key)) {
      if (auto location = endpoints.locate(s)) profile.history_dirs.push_back({*location, s.evidence});
    } else if (is_data_dir(s.key)) {
      if (auto location = endpoints.locate(s)) profile.data_dirs.push_back({*location, s.evidence});
    } else if (is_jdbc_url(s.key)) {
      if (auto endpoint = parse_jdbc_url(s.value, namespace_of)) {
        profile.metastore_databases.push_back({*endpoint, s.evidence});
      }
    } else if (is_thrift_uris(s.key)) {
      for (auto& uri : parse_thrift_uris(s.value, namespace_of)) {
        profile.metastore_services.push_back({std::move(uri), s.evidence});
      }
    }
  }
}

}  // namespace

std::string spark_version_of_tag(std::string_view tag) {
  static const std::regex version(R"(^v?(\d+\.\d+(\.\d+)?)([-_.].*)?$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(tag.begin(), tag.end(), match, version)) return {};
  return match[1].str();
}

bool is_spark_image(std::string_view repository) {
  // Spark's own images (apache/spark, spark, spark-py, ...), not tools named after it (spark-operator).
  static const std::regex spark(R"(spark(-(py|r|python|k8s))?)");
  const auto name = text::to_lower(repository.substr(repository.rfind('/') + 1));
  return std::regex_match(name, spark);
}

Inventory::Inventory(std::vector<model::KubeObject> objects) : objects_(std::move(objects)) {
  std::map<std::string, ReleaseProfile> by_name;
  for (const auto& object : objects_) {
    auto& profile = by_name[object.release];
    profile.name = object.release;
    profile.objects.push_back(&object);
    if (!object.ns.empty()) profile.namespaces.push_back(object.ns);
    for (auto& setting : settings_of(object)) profile.settings.push_back(std::move(setting));
  }
  for (auto& [name, profile] : by_name) {
    std::sort(profile.namespaces.begin(), profile.namespaces.end());
    profile.namespaces.erase(std::unique(profile.namespaces.begin(), profile.namespaces.end()),
                             profile.namespaces.end());
    profile.spark_version = detect_version(profile);
    add_locations(profile);
    for (const auto* object : profile.objects) add_env_databases(*object, profile);
    profile.undetermined = undetermined_settings(profile);
    releases_.push_back(std::move(profile));
  }
  add_ambiguous_endpoints(releases_);
}

const ReleaseProfile* Inventory::release(std::string_view name) const {
  for (const auto& profile : releases_) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

}  // namespace sparkmv::isolation
