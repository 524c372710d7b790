#include "stack/probe.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "stack/net.hpp"
#include "stack/postgres.hpp"

namespace sparkmv::stack {

namespace {

constexpr std::chrono::milliseconds kProbeTimeout{2000};

std::string http_base(int port) {
  return fmt::format("http://127.0.0.1:{}", port);
}

ProbeResult probe_master(const Ports& ports) {
  const auto r = http_get(http_base(ports.at("spark35.master-ui")) + "/json/", kProbeTimeout);
  if (r.status != 200) return {false, r.status == 0 ? r.error : fmt::format("/json/ HTTP {}", r.status)};
  const auto doc = nlohmann::json::parse(r.body, nullptr, false);
  if (doc.is_discarded() || doc.value("status", "") != "ALIVE") return {false, "/json/ status is not ALIVE"};
  return {true, fmt::format("ALIVE, {} worker(s)", doc.value("aliveworkers", 0))};
}

ProbeResult probe_worker(const Ports& ports) {
  const auto r = http_get(http_base(ports.at("spark35.master-ui")) + "/json/", kProbeTimeout);
  if (r.status != 200) return {false, "master UI does not answer"};
  if (!master_lists_alive_worker(r.body, ports.at("spark35.worker")))
    return {false, "not registered with the master"};
  return {true, "registered, ALIVE"};
}

ProbeResult probe_history(const Component& c, const Ports& ports) {
  const auto r = http_get(http_base(ports.at(c.port_keys.front())) + "/api/v1/version", kProbeTimeout);
  if (r.status != 200)
    return {false, r.status == 0 ? r.error : fmt::format("/api/v1/version HTTP {}", r.status)};
  const auto doc = nlohmann::json::parse(r.body, nullptr, false);
  const std::string version = doc.is_object() ? doc.value("spark", "") : "";
  if (version != c.spark->version) return {false, fmt::format("reports Spark '{}'", version)};
  return {true, "REST API, Spark " + version};
}

}  // namespace

bool master_lists_alive_worker(const std::string& master_json, int worker_port) {
  const auto doc = nlohmann::json::parse(master_json, nullptr, false);
  if (!doc.is_object() || !doc.contains("workers") || !doc["workers"].is_array()) return false;
  for (const auto& w : doc["workers"]) {
    if (w.is_object() && w.value("port", 0) == worker_port && w.value("state", "") == "ALIVE") return true;
  }
  return false;
}

ProbeResult probe(const Component& component, const Ports& ports) {
  switch (component.kind) {
    case ComponentKind::postgres:
      return postgres_accepting(ports.at("postgres")) ? ProbeResult{true, "accepting connections"}
                                                      : ProbeResult{false, "not accepting connections"};
    case ComponentKind::master:
      return probe_master(ports);
    case ComponentKind::worker:
      return probe_worker(ports);
    case ComponentKind::history_server:
      return probe_history(component, ports);
    case ComponentKind::connect_server:
      return tcp_connects(ports.at("spark41.connect"), kProbeTimeout)
                 ? ProbeResult{true, "gRPC port open"}
                 : ProbeResult{false, "gRPC port closed"};
  }
  return {};
}

std::string component_url(const Component& component, const Ports& ports) {
  const int port = ports.at(component.port_keys.front());
  switch (component.kind) {
    case ComponentKind::postgres:
      return fmt::format("postgresql://127.0.0.1:{}", port);
    case ComponentKind::connect_server:
      return fmt::format("sc://127.0.0.1:{}", port);
    case ComponentKind::master:
      return fmt::format("{} (spark://127.0.0.1:{})", http_base(port), ports.at("spark35.master"));
    default:
      return http_base(port);
  }
}

}  // namespace sparkmv::stack
