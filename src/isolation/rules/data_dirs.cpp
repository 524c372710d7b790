// ISO010: shared warehouse or checkpoint locations let same-named tables of two versions overwrite each
// other's files, and streaming queries of one version read the other's checkpoints.
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

void check_data_dirs(const Inventory& inventory, FindingSink& sink) {
  std::set<std::tuple<std::string, std::string, StorageLocation, StorageLocation>> reported;
  for_each_overlap_across_releases(
      inventory, &ReleaseProfile::data_dirs, &ReleaseProfile::data_dirs, [&](const LocationPair& p) {
        if (!reported.emplace(p.a.name, p.b.name, p.x.value, p.y.value).second) return;
        sink.add(
            "ISO010", p.overlap.certain ? Severity::error : Severity::warning, {p.a.name, p.b.name},
            fmt::format("{} and {} share a data location: {} and {}{}", describe(p.a), describe(p.b),
                        p.x.value.original, p.y.value.original, possible_store_note(p.x.value, p.y.value)),
            "give each version its own warehouse and checkpoint prefix, e.g. s3a://spark-warehouse/3.5/ "
            "and s3a://spark-warehouse/4.1/",
            {p.x.evidence, p.y.evidence});
      });
}

}  // namespace sparkmv::isolation::rules
