#include "verify/probes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace sparkmv::verify {

namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

const nlohmann::json* env_of_first_container(const model::KubeObject& workload) {
  const auto& body = workload.body;
  const auto spec = body.find("spec");
  if (spec == body.end()) return nullptr;
  const auto tmpl = spec->find("template");
  const nlohmann::json& pod_spec = tmpl != spec->end() && tmpl->contains("spec") ? (*tmpl)["spec"] : *spec;
  const auto containers = pod_spec.find("containers");
  if (containers == pod_spec.end() || !containers->is_array() || containers->empty()) return nullptr;
  const auto env = (*containers)[0].find("env");
  return env != (*containers)[0].end() && env->is_array() ? &*env : nullptr;
}

}  // namespace

std::vector<std::string> log_directories_in_log(std::string_view log_text) {
  static constexpr std::string_view marker = "[logDirectory=";
  std::vector<std::string> found;
  for (auto at = log_text.find(marker); at != std::string_view::npos; at = log_text.find(marker, at + 1)) {
    const auto start = at + marker.size();
    const auto end = log_text.find_first_of("]\n", start);
    if (end == std::string_view::npos || log_text[end] != ']') continue;
    auto dir = std::string(log_text.substr(start, end - start));
    if (!dir.empty() && std::find(found.begin(), found.end(), dir) == found.end()) found.push_back(dir);
  }
  return found;
}

std::vector<HistoryApplication> parse_history_applications(std::string_view json_text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(fmt::format("applications list is not JSON ({})", e.what()));
  }
  if (!doc.is_array()) throw std::invalid_argument("applications list is not a JSON array");
  std::vector<HistoryApplication> apps;
  for (const auto& app : doc) {
    if (!app.is_object()) throw std::invalid_argument("an application entry is not an object");
    HistoryApplication out;
    out.id = app.value("id", "");
    out.name = app.value("name", "");
    if (const auto attempts = app.find("attempts"); attempts != app.end() && attempts->is_array()) {
      // The REST API lists attempts newest first.
      for (const auto& attempt : *attempts) {
        if (attempt.is_object() && attempt.contains("appSparkVersion") &&
            attempt["appSparkVersion"].is_string()) {
          out.spark_version = attempt["appSparkVersion"].get<std::string>();
          break;
        }
      }
    }
    apps.push_back(std::move(out));
  }
  return apps;
}

std::string version_line(std::string_view version) {
  const auto first = version.find('.');
  if (first == std::string_view::npos || first == 0) return {};
  auto second = version.find_first_not_of("0123456789", first + 1);
  if (second == std::string_view::npos) second = version.size();
  if (second == first + 1) return {};
  const auto major = version.substr(0, first);
  if (major.find_first_not_of("0123456789") != std::string_view::npos) return {};
  return std::string(version.substr(0, second));
}

std::optional<MetastoreDatabase> metastore_database_from_env(const model::KubeObject& workload) {
  const auto* env = env_of_first_container(workload);
  if (env == nullptr) return std::nullopt;
  std::string name;
  std::string host;
  std::string port;
  for (const auto& entry : *env) {
    if (!entry.is_object() || !entry.contains("name") || !entry.contains("value")) continue;
    const auto key = entry["name"].get<std::string>();
    const auto value = model::scalar_text(entry["value"]);
    if (key == "METASTORE_DB_NAME") name = value;
    if (key == "METASTORE_DB_HOST") host = value;
    if (key == "METASTORE_DB_PORT") port = value;
    if (value.rfind("jdbc:", 0) == 0) {
      if (auto endpoint = isolation::parse_jdbc_url(value, workload.ns)) {
        return MetastoreDatabase{*endpoint, fmt::format("env {}", key)};
      }
    }
  }
  if (name.empty()) return std::nullopt;
  isolation::DatabaseEndpoint endpoint;
  endpoint.engine = "postgresql";
  endpoint.host = host.empty() ? std::string() : isolation::canonical_host(host, workload.ns);
  endpoint.port = isolation::default_port(endpoint.engine);
  if (!port.empty() && port.find_first_not_of("0123456789") == std::string::npos && port.size() < 6) {
    endpoint.port = std::stoi(port);
  }
  endpoint.database = name;
  return MetastoreDatabase{endpoint, "env METASTORE_DB_NAME/METASTORE_DB_HOST/METASTORE_DB_PORT"};
}

std::vector<std::string> helm_test_suites(std::string_view output) {
  std::vector<std::string> suites;
  std::istringstream in{std::string(output)};
  std::string line;
  while (std::getline(in, line)) {
    const auto text = trim(line);
    if (text.rfind("TEST SUITE:", 0) == 0) {
      suites.push_back(trim(std::string_view(text).substr(11)));
    } else if (text.rfind("Phase:", 0) == 0 && !suites.empty()) {
      suites.back() += " " + trim(std::string_view(text).substr(6));
    }
  }
  // Helm 3 and 4 print "TEST SUITE: None" when a release has no test hooks.
  std::erase_if(suites, [](const std::string& s) { return s == "None"; });
  return suites;
}

}  // namespace sparkmv::verify
