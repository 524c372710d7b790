#include "stack/state.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/errors.hpp"
#include "stack/config.hpp"

namespace sparkmv::stack {

std::optional<StackState> load_state(const StackPaths& paths) {
  std::ifstream in(paths.state_file());
  if (!in) return std::nullopt;
  StackState state;
  try {
    const auto doc = nlohmann::json::parse(in);
    for (const auto& [key, value] : doc.at("ports").items()) state.ports[key] = value.get<int>();
    if (doc.contains("layout")) {
      for (const auto& [key, value] : doc.at("layout").items()) state.layout[key] = value.get<std::string>();
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(
        fmt::format("{}: not a sparkmv stack state file: {}", paths.state_file().string(), e.what()));
  }
  return state;
}

void save_state(const StackPaths& paths, const StackState& state) {
  nlohmann::json doc;
  doc["about"] =
      "sparkmv local stack: the ports chosen on the first `sparkmv up`; delete with `sparkmv down --purge`";
  doc["ports"] = state.ports;
  if (!state.layout.empty()) doc["layout"] = state.layout;
  write_if_changed(paths.state_file(), doc.dump(2) + "\n");
}

Ports resolve_ports(const Ports& stored, const Ports& configured, const std::vector<int>& free) {
  Ports ports;
  std::size_t next = 0;
  std::set<int> used;
  for (const auto& [k, p] : configured) used.insert(p);
  for (const auto& key : port_keys()) {
    if (const auto c = configured.find(key); c != configured.end()) {
      ports[key] = c->second;
    } else if (const auto s = stored.find(key); s != stored.end() && !used.count(s->second)) {
      ports[key] = s->second;
    } else {
      while (next < free.size() && used.count(free[next])) ++next;
      if (next >= free.size()) throw std::logic_error("resolve_ports: not enough free ports");
      ports[key] = free[next++];
    }
    used.insert(ports[key]);
  }
  std::map<int, std::string> owner;
  for (const auto& [key, p] : ports) {
    if (const auto [it, fresh] = owner.emplace(p, key); !fresh) {
      throw InputError(fmt::format("port {} is given to both {} and {}", p, it->second, key));
    }
  }
  return ports;
}

std::string ensure_secret(const StackPaths& paths, const std::string& name) {
  const auto path = paths.secrets_dir() / name;
  {
    std::ifstream in(path);
    std::string value;
    if (in >> value && !value.empty()) return value;
  }
  std::filesystem::create_directories(paths.secrets_dir());
  std::filesystem::permissions(paths.secrets_dir(), std::filesystem::perms::owner_all);
  std::ifstream random("/dev/urandom", std::ios::binary);
  unsigned char bytes[16] = {};
  if (!random.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
    throw EnvironmentError("/dev/urandom: cannot read");
  }
  std::string value;
  for (const auto b : bytes) value += fmt::format("{:02x}", b);
  write_if_changed(path, value + "\n");
  return value;
}

}  // namespace sparkmv::stack
