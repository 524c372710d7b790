#include "isolation/database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "common/text.hpp"

namespace sparkmv::isolation {

namespace {

bool is_ip_address(std::string_view host) {
  return !host.empty() && (host.find_first_not_of("0123456789.") == std::string_view::npos ||
                           host.find(':') != std::string_view::npos);
}

// Splits "host[:port]" (IPv6 in brackets allowed); port 0 when absent or not a number.
std::pair<std::string, int> split_host_port(std::string_view authority) {
  int port = 0;
  std::string_view host = authority;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    host = authority.substr(1, close == std::string_view::npos ? authority.size() - 1 : close - 1);
    authority = close == std::string_view::npos ? std::string_view() : authority.substr(close + 1);
    if (!authority.empty() && authority.front() == ':') {
      std::from_chars(authority.data() + 1, authority.data() + authority.size(), port);
    }
    return {std::string(host), port};
  }
  if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    std::from_chars(authority.data() + colon + 1, authority.data() + authority.size(), port);
  }
  return {std::string(host), port};
}

}  // namespace

std::string DatabaseEndpoint::server() const {
  return fmt::format("{}://{}:{}", engine, host, port);
}

std::string DatabaseEndpoint::to_string() const {
  return fmt::format("{}/{}", server(), database);
}

std::string canonical_host(std::string_view host, std::string_view object_namespace) {
  std::string h = text::to_lower(text::trim(host));
  if (h.empty() || is_ip_address(h)) return h;
  for (const std::string_view suffix : {".svc.cluster.local", ".svc"}) {
    if (h.size() > suffix.size() && h.ends_with(suffix)) {
      h.resize(h.size() - suffix.size());
      break;
    }
  }
  const auto dots = std::count(h.begin(), h.end(), '.');
  if (dots == 0) {
    // "localhost" means the pod itself: it can only be shared with a sidecar in the same pod.
    return h == "localhost" ? h : h + "." + std::string(object_namespace);
  }
  return h;  // "svc.ns", or an external name
}

int default_port(std::string_view engine) {
  if (engine == "postgresql") return 5432;
  if (engine == "mysql" || engine == "mariadb") return 3306;
  if (engine == "sqlserver") return 1433;
  if (engine == "oracle") return 1521;
  return 0;
}

std::optional<DatabaseEndpoint> parse_jdbc_url(std::string_view url, std::string_view object_namespace) {
  url = text::trim(url);
  if (url.substr(0, 5) != "jdbc:") return std::nullopt;
  url.remove_prefix(5);
  const auto colon = url.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  DatabaseEndpoint endpoint;
  endpoint.engine = text::to_lower(url.substr(0, colon));
  if (endpoint.engine == "derby" || endpoint.engine == "h2" || endpoint.engine == "sqlite")
    return std::nullopt;
  auto rest = url.substr(colon + 1);
  if (const auto query = rest.find_first_of("?;"); query != std::string_view::npos)
    rest = rest.substr(0, query);
  std::string host = "localhost";
  int port = 0;
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    // Multi-host URLs (failover) name one cluster by its first host.
    if (const auto comma = authority.find(','); comma != std::string_view::npos)
      authority = authority.substr(0, comma);
    std::tie(host, port) = split_host_port(authority);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  endpoint.database = std::string(rest);
  if (endpoint.database.empty()) return std::nullopt;
  endpoint.host = canonical_host(host, object_namespace);
  endpoint.port = port != 0 ? port : default_port(endpoint.engine);
  return endpoint;
}

std::vector<std::string> parse_thrift_uris(std::string_view uris, std::string_view object_namespace) {
  std::vector<std::string> result;
  std::size_t start = 0;
  while (start < uris.size()) {
    auto end = uris.find(',', start);
    if (end == std::string_view::npos) end = uris.size();
    auto uri = text::trim(uris.substr(start, end - start));
    start = end + 1;
    if (uri.substr(0, 9) != "thrift://") continue;
    uri.remove_prefix(9);
    if (const auto slash = uri.find('/'); slash != std::string_view::npos) uri = uri.substr(0, slash);
    auto [host, port] = split_host_port(uri);
    result.push_back(fmt::format("{}:{}", canonical_host(host, object_namespace), port != 0 ? port : 9083));
  }
  return result;
}

}  // namespace sparkmv::isolation
