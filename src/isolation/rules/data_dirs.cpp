// ISO010: shared warehouse or checkpoint locations let same-named tables of two versions overwrite each
// other's files, and streaming queries of one version read the other's checkpoints.
#include <fmt/format.h>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

void check_data_dirs(const Inventory& inventory, FindingSink& sink) {
  for_each_release_pair(inventory, [&](const ReleaseProfile& a, const ReleaseProfile& b) {
    std::vector<std::pair<StorageLocation, StorageLocation>> reported;
    for (const auto& x : a.data_dirs) {
      for (const auto& y : b.data_dirs) {
        if (!overlaps(x.value, y.value)) continue;
        const auto key = std::pair{x.value, y.value};
        if (std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
        reported.push_back(key);
        sink.add("ISO010", {a.name, b.name},
                 fmt::format("{} and {} share a data location: {} and {}", describe(a), describe(b),
                             x.value.original, y.value.original),
                 "give each version its own warehouse and checkpoint prefix, e.g. s3a://spark-warehouse/3.5/ "
                 "and s3a://spark-warehouse/4.1/",
                 {x.evidence, y.evidence});
      }
    }
  });
}

}  // namespace sparkmv::isolation::rules
