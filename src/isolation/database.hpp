#pragma once
// Metastore database endpoints, from JDBC URLs or from env pairs, and metastore services (thrift URIs).
// Hosts are canonical so that `svc`, `svc.ns`, `svc.ns.svc` and `svc.ns.svc.cluster.local` are one host.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::isolation {

struct DatabaseEndpoint {
  std::string engine;  // "postgresql", "mysql", ...
  std::string host;    // canonical
  int port = 0;
  std::string database;

  std::string server() const;  // engine://host:port
  std::string to_string() const;
  friend bool operator==(const DatabaseEndpoint&, const DatabaseEndpoint&) = default;
  friend auto operator<=>(const DatabaseEndpoint&, const DatabaseEndpoint&) = default;
};

// A cluster-internal host name qualified with `object_namespace`, in the form "service.namespace".
// Names with dots beyond a cluster suffix (external DNS names) and IP addresses are kept as they are.
std::string canonical_host(std::string_view host, std::string_view object_namespace);

int default_port(std::string_view engine);

// jdbc:postgresql://host[:port]/db?..., jdbc:mysql://..., jdbc:postgresql:db. Embedded databases (Derby)
// live inside one pod and are never shared, so they give nullopt.
std::optional<DatabaseEndpoint> parse_jdbc_url(std::string_view url, std::string_view object_namespace);

// thrift://host:port[,thrift://...] as in hive.metastore.uris; each as canonical "host:port".
std::vector<std::string> parse_thrift_uris(std::string_view uris, std::string_view object_namespace);

}  // namespace sparkmv::isolation
