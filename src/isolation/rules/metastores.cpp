// ISO003: two releases keep table metadata in one metastore database, or talk to one metastore service.
// Spark 4.1 writes metadata 3.5 cannot read, and each version's Hive client expects its own schema.
#include <fmt/format.h>

#include <map>
#include <set>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

namespace {

template <typename T>
std::vector<Evidence> evidence_for(const std::vector<Located<T>>& items, const T& value) {
  std::vector<Evidence> out;
  for (const auto& item : items) {
    if (item.value == value) out.push_back(item.evidence);
  }
  return out;
}

template <typename T>
std::set<T> values_of(const std::vector<Located<T>>& items) {
  std::set<T> out;
  for (const auto& item : items) out.insert(item.value);
  return out;
}

void report_shared_servers(const Inventory& inventory, FindingSink& sink) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> databases_by_server;
  for (const auto& release : inventory.releases()) {
    for (const auto& db : release.metastore_databases) {
      databases_by_server[db.value.server()][release.name].insert(db.value.database);
    }
  }
  for (const auto& [server, by_release] : databases_by_server) {
    if (by_release.size() < 2) continue;
    SharedResource shared{"database server", server, {}, {}};
    for (const auto& [release, databases] : by_release) {
      shared.releases.push_back(release);
      shared.uses.push_back(fmt::format("{}: {}", release, fmt::join(databases, ", ")));
    }
    sink.share(std::move(shared));
  }
}

}  // namespace

void check_metastores(const Inventory& inventory, FindingSink& sink) {
  for_each_release_pair(inventory, [&](const ReleaseProfile& a, const ReleaseProfile& b) {
    const auto a_databases = values_of(a.metastore_databases);
    for (const auto& database : values_of(b.metastore_databases)) {
      if (!a_databases.contains(database)) continue;
      auto evidence = evidence_for(a.metastore_databases, database);
      for (auto& e : evidence_for(b.metastore_databases, database)) evidence.push_back(std::move(e));
      sink.add("ISO003", {a.name, b.name},
               fmt::format("{} and {} keep their metastore in one database, {} on {}", describe(a),
                           describe(b), database.database, database.server()),
               "give each Spark version its own metastore database (e.g. metastore_spark35 and "
               "metastore_spark41) and its own role",
               std::move(evidence));
    }
    const auto a_services = values_of(a.metastore_services);
    for (const auto& service : values_of(b.metastore_services)) {
      if (!a_services.contains(service)) continue;
      auto evidence = evidence_for(a.metastore_services, service);
      for (auto& e : evidence_for(b.metastore_services, service)) evidence.push_back(std::move(e));
      sink.add("ISO003", {a.name, b.name},
               fmt::format("{} and {} use one Hive Metastore service, thrift://{}", describe(a), describe(b),
                           service),
               "point hive.metastore.uris of each release at its own release's metastore service",
               std::move(evidence));
    }
  });
  report_shared_servers(inventory, sink);
}

}  // namespace sparkmv::isolation::rules
