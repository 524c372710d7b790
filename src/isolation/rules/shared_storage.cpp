// Buckets (or filesystems) that several releases use with separate prefixes: allowed, and reported so
// that operators know what a bucket policy change would touch.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

void report_shared_storage(const Inventory& inventory, FindingSink& sink) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> paths_by_store;
  for (const auto& release : inventory.releases()) {
    for (const auto* list : {&release.event_log_dirs, &release.history_dirs, &release.data_dirs}) {
      for (const auto& location : *list) {
        if (location.value.scheme == "file") continue;
        paths_by_store[location.value.store()][release.name].insert(location.value.original);
      }
    }
  }
  for (const auto& [store, by_release] : paths_by_store) {
    if (by_release.size() < 2) continue;
    SharedResource shared{"bucket", store, {}, {}};
    for (const auto& [release, paths] : by_release) {
      shared.releases.push_back(release);
      shared.uses.push_back(fmt::format("{}: {}", release, fmt::join(paths, ", ")));
    }
    sink.share(std::move(shared));
  }
}

}  // namespace sparkmv::isolation::rules
