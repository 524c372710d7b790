// ISO003: two releases keep table metadata in one metastore database, or talk to one metastore service.
// Spark 4.1 writes metadata 3.5 cannot read, and each version's Hive client expects its own schema.
#include <fmt/format.h>

#include <map>
#include <set>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

namespace {

// Which releases use each value (database or service), with the evidence of each use, in release order.
template <typename T>
std::map<T, std::map<std::size_t, std::vector<Evidence>>> users_by_value(
    const Inventory& inventory, std::vector<Located<T>> ReleaseProfile::*list) {
  std::map<T, std::map<std::size_t, std::vector<Evidence>>> users;
  const auto& releases = inventory.releases();
  for (std::size_t r = 0; r < releases.size(); ++r) {
    for (const auto& item : releases[r].*list) users[item.value][r].push_back(item.evidence);
  }
  return users;
}

// Calls f(a, b, evidence) for each pair of releases that share a value, once per value and pair.
template <typename T, typename F>
void for_each_sharing_pair(const Inventory& inventory, std::vector<Located<T>> ReleaseProfile::*list, F&& f) {
  const auto& releases = inventory.releases();
  for (const auto& [value, by_release] : users_by_value(inventory, list)) {
    for (auto a = by_release.begin(); a != by_release.end(); ++a) {
      for (auto b = std::next(a); b != by_release.end(); ++b) {
        auto evidence = a->second;
        evidence.insert(evidence.end(), b->second.begin(), b->second.end());
        f(releases[a->first], releases[b->first], value, std::move(evidence));
      }
    }
  }
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
  for_each_sharing_pair(
      inventory, &ReleaseProfile::metastore_databases,
      [&](const ReleaseProfile& a, const ReleaseProfile& b, const DatabaseEndpoint& database,
          std::vector<Evidence> evidence) {
        sink.add("ISO003", {a.name, b.name},
                 fmt::format("{} and {} keep their metastore in one database, {} on {}", describe(a),
                             describe(b), database.database, database.server()),
                 "give each Spark version its own metastore database (e.g. metastore_spark35 and "
                 "metastore_spark41) and its own role",
                 std::move(evidence));
      });
  for_each_sharing_pair(
      inventory, &ReleaseProfile::metastore_services,
      [&](const ReleaseProfile& a, const ReleaseProfile& b, const std::string& service,
          std::vector<Evidence> evidence) {
        sink.add("ISO003", {a.name, b.name},
                 fmt::format("{} and {} use one Hive Metastore service, thrift://{}", describe(a),
                             describe(b), service),
                 "point hive.metastore.uris of each release at its own release's metastore service",
                 std::move(evidence));
      });
  report_shared_servers(inventory, sink);
}

}  // namespace sparkmv::isolation::rules
