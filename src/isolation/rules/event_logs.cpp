// ISO004: History Servers whose directories are equal or nested replay each other's applications.
// ISO005: a release whose apps write event logs where its own History Server does not look loses them.
#include <fmt/format.h>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

void check_event_logs(const Inventory& inventory, FindingSink& sink) {
  for_each_release_pair(inventory, [&](const ReleaseProfile& a, const ReleaseProfile& b) {
    std::vector<std::pair<StorageLocation, StorageLocation>> reported;
    for (const auto& x : a.history_dirs) {
      for (const auto& y : b.history_dirs) {
        if (!overlaps(x.value, y.value)) continue;
        const auto key = std::pair{x.value, y.value};
        if (std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
        reported.push_back(key);
        const auto relation = x.value == y.value ? "the same directory" : "nested directories";
        sink.add("ISO004", {a.name, b.name},
                 fmt::format("History Servers of {} and {} read {}: {} and {}", describe(a), describe(b),
                             relation, x.value.original, y.value.original),
                 "give each version its own sibling prefix, e.g. s3a://spark-logs/3.5/events and "
                 "s3a://spark-logs/4.1/events",
                 {x.evidence, y.evidence});
      }
    }
  });

  for (const auto& release : inventory.releases()) {
    if (release.history_dirs.empty()) continue;  // nothing reads: nothing to disagree with
    std::vector<StorageLocation> reported;
    for (const auto& written : release.event_log_dirs) {
      const bool read = std::any_of(release.history_dirs.begin(), release.history_dirs.end(),
                                    [&](const auto& h) { return h.value == written.value; });
      if (read || std::find(reported.begin(), reported.end(), written.value) != reported.end()) continue;
      reported.push_back(written.value);
      std::vector<Evidence> evidence{written.evidence};
      for (const auto& h : release.history_dirs) evidence.push_back(h.evidence);
      sink.add("ISO005", {release.name},
               fmt::format("{} writes event logs to {}, but its History Server reads {}", describe(release),
                           written.value.original, release.history_dirs.front().value.original),
               "set spark.eventLog.dir of the release's apps and Connect server to the History Server's "
               "spark.history.fs.logDirectory",
               std::move(evidence));
    }
  }
}

}  // namespace sparkmv::isolation::rules
