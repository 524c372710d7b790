#include "stack/topology.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

#include "common/errors.hpp"

namespace sparkmv::stack {

const SparkVersion& spark35() {
  static const SparkVersion v{"3.5.7", "3.5", "spark-35", "metastore_spark35", "spark35"};
  return v;
}

const SparkVersion& spark41() {
  static const SparkVersion v{"4.1.0", "4.1", "spark-41", "metastore_spark41", "spark41"};
  return v;
}

const std::vector<Component>& components() {
  static const std::vector<Component> all = {
      {"postgres", ComponentKind::postgres, nullptr, "", {"postgres"}},
      {"spark35-master",
       ComponentKind::master,
       &spark35(),
       "org.apache.spark.deploy.master.Master",
       {"spark35.master-ui", "spark35.master"}},
      {"spark35-worker",
       ComponentKind::worker,
       &spark35(),
       "org.apache.spark.deploy.worker.Worker",
       {"spark35.worker-ui", "spark35.worker"}},
      {"spark35-history",
       ComponentKind::history_server,
       &spark35(),
       "org.apache.spark.deploy.history.HistoryServer",
       {"spark35.history"}},
      {"spark41-connect",
       ComponentKind::connect_server,
       &spark41(),
       "org.apache.spark.sql.connect.service.SparkConnectServer",
       {"spark41.connect", "spark41.connect-ui"}},
      {"spark41-history",
       ComponentKind::history_server,
       &spark41(),
       "org.apache.spark.deploy.history.HistoryServer",
       {"spark41.history"}},
  };
  return all;
}

const Component& component_named(const std::string& name) {
  for (const auto& c : components()) {
    if (c.name == name) return c;
  }
  throw InputError(fmt::format("no stack component named '{}'", name));
}

std::vector<std::string> port_keys() {
  std::vector<std::string> keys;
  for (const auto& c : components()) keys.insert(keys.end(), c.port_keys.begin(), c.port_keys.end());
  return keys;
}

std::pair<std::string, int> parse_port_assignment(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos) throw InputError(fmt::format("--port {}: expected KEY=PORT", spec));
  const std::string key = spec.substr(0, eq);
  const std::string value = spec.substr(eq + 1);
  const auto keys = port_keys();
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
    throw InputError(
        fmt::format("--port {}: unknown port key '{}' (known: {})", spec, key, fmt::join(keys, ", ")));
  }
  int port = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
  if (ec != std::errc() || end != value.data() + value.size() || port < 1 || port > 65535) {
    throw InputError(fmt::format("--port {}: '{}' is not a port number (1-65535)", spec, value));
  }
  return {key, port};
}

namespace {

const SparkVersion& version_owning(const std::string& database) {
  for (const auto* v : {&spark35(), &spark41()}) {
    if (v->database == database) return *v;
  }
  throw InputError(
      fmt::format("'{}' is not a database of the stack (metastore_spark35, metastore_spark41)", database));
}

std::filesystem::path under_root(const StackPaths& paths, const std::string& value) {
  const std::filesystem::path p(value);
  return (p.is_absolute() ? p : paths.root / p).lexically_normal();
}

}  // namespace

VersionLayout layout_of(const SparkVersion& version, const StackPaths& paths,
                        const LayoutOverrides& overrides) {
  VersionLayout layout{version.database, version.role, paths.event_dir(version),
                       paths.warehouse_dir(version)};
  const auto value = [&](const std::string& what) -> const std::string* {
    const auto it = overrides.find(version.role + "." + what);
    return it == overrides.end() || it->second.empty() ? nullptr : &it->second;
  };
  if (const auto* db = value("database")) {
    layout.database = *db;
    layout.role = version_owning(*db).role;
  }
  if (const auto* dir = value("event-dir")) layout.event_dir = under_root(paths, *dir);
  if (const auto* dir = value("warehouse")) layout.warehouse_dir = under_root(paths, *dir);
  return layout;
}

std::vector<std::string> layout_keys() {
  std::vector<std::string> keys;
  for (const auto* v : {&spark35(), &spark41()}) {
    for (const char* what : {"database", "event-dir", "warehouse"}) keys.push_back(v->role + "." + what);
  }
  return keys;
}

std::pair<std::string, std::string> parse_layout_assignment(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos) throw InputError(fmt::format("--set {}: expected KEY=VALUE", spec));
  std::string key = spec.substr(0, eq);
  std::string value = spec.substr(eq + 1);
  const auto keys = layout_keys();
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
    throw InputError(fmt::format("--set {}: unknown key '{}' (known: {})", spec, key, fmt::join(keys, ", ")));
  }
  if (key.ends_with(".database") && !value.empty()) {
    try {
      version_owning(value);
    } catch (const InputError& e) {
      throw InputError(fmt::format("--set {}: {}", spec, e.what()));
    }
  }
  return {std::move(key), std::move(value)};
}

std::filesystem::path spark_pid_file(const StackPaths& paths, const Component& component) {
  return paths.pid_dir(*component.spark) / fmt::format("spark-{}-{}-1.pid", kIdent, component.main_class);
}

std::string spark_log_prefix(const Component& component) {
  return fmt::format("spark-{}-{}-1-", kIdent, component.main_class);
}

}  // namespace sparkmv::stack
