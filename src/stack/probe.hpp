#pragma once
// Readiness probes: does a component answer as it should? One call, one short attempt; `up` repeats them
// until its deadline. PostgreSQL: libpq ping. Master: UI JSON (/json/) says ALIVE. Worker: the master lists
// it ALIVE on its port. History Servers: REST /api/v1/version reports the component's Spark version. Connect:
// its gRPC port accepts TCP connections.
#include <string>

#include "stack/topology.hpp"

namespace sparkmv::stack {

struct ProbeResult {
  bool ok = false;
  std::string detail;  // what answered, or what did not
};

ProbeResult probe(const Component& component, const Ports& ports);

// Where users reach the component (UI, REST or protocol URL).
std::string component_url(const Component& component, const Ports& ports);

// Parses the master's /json/ document: true when `worker_port` is registered and ALIVE. Exposed for tests.
bool master_lists_alive_worker(const std::string& master_json, int worker_port);

}  // namespace sparkmv::stack
