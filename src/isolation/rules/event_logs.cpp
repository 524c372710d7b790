// ISO004: History Servers whose directories are equal or nested replay each other's applications.
// ISO005: a release whose apps write event logs where its own History Server does not look loses them.
// ISO012: a release whose apps write event logs where another release's History Server reads shows its
// logs in the other version's History Server (the guide's "logs of one version visible in the other").
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

namespace {

void check_history_dirs(const Inventory& inventory, FindingSink& sink) {
  std::set<std::tuple<std::string, std::string, StorageLocation, StorageLocation>> reported;
  for_each_overlap_across_releases(
      inventory, &ReleaseProfile::history_dirs, &ReleaseProfile::history_dirs, [&](const LocationPair& p) {
        if (!reported.emplace(p.a.name, p.b.name, p.x.value, p.y.value).second) return;
        const auto relation =
            p.overlap.nesting == Nesting::equal ? "the same directory" : "nested directories";
        sink.add("ISO004", p.overlap.certain ? Severity::error : Severity::warning, {p.a.name, p.b.name},
                 fmt::format("History Servers of {} and {} read {}: {} and {}{}", describe(p.a),
                             describe(p.b), relation, p.x.value.original, p.y.value.original,
                             possible_store_note(p.x.value, p.y.value)),
                 "give each version its own sibling prefix, e.g. s3a://spark-logs/3.5/events and "
                 "s3a://spark-logs/4.1/events",
                 {p.x.evidence, p.y.evidence});
      });
}

void check_own_history_server(const Inventory& inventory, FindingSink& sink) {
  for (const auto& release : inventory.releases()) {
    if (release.history_dirs.empty()) continue;  // nothing reads: nothing to disagree with
    std::set<StorageLocation> read;
    for (const auto& h : release.history_dirs) read.insert(h.value);
    std::set<StorageLocation> reported;
    for (const auto& written : release.event_log_dirs) {
      if (read.contains(written.value) || !reported.insert(written.value).second) continue;
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

// The History Server lists the logs directly in its directory only: a writer into the very directory is
// certain to show up there, one into a parent or child shows up once someone moves a prefix.
void check_foreign_history_server(const Inventory& inventory, FindingSink& sink) {
  std::set<std::tuple<std::string, std::string, StorageLocation, StorageLocation>> reported;
  for_each_overlap_across_releases(
      inventory, &ReleaseProfile::event_log_dirs, &ReleaseProfile::history_dirs, [&](const LocationPair& p) {
        if (!reported.emplace(p.a.name, p.b.name, p.x.value, p.y.value).second) return;
        const bool same = p.overlap.nesting == Nesting::equal;
        const auto relation = same                                         ? "the directory"
                              : p.overlap.nesting == Nesting::first_inside ? "a directory inside the one"
                                                                           : "a parent of the directory";
        sink.add("ISO012", same && p.overlap.certain ? Severity::error : Severity::warning,
                 {p.a.name, p.b.name},
                 fmt::format("{} writes event logs to {}, {} the History Server of {} reads ({}){}",
                             describe(p.a), p.x.value.original, relation, describe(p.b), p.y.value.original,
                             possible_store_note(p.x.value, p.y.value)),
                 fmt::format("point spark.eventLog.dir of {}'s apps and Connect server at its own version's "
                             "prefix (its own History Server's spark.history.fs.logDirectory)",
                             p.a.name),
                 {p.x.evidence, p.y.evidence});
      });
}

}  // namespace

void check_event_logs(const Inventory& inventory, FindingSink& sink) {
  check_history_dirs(inventory, sink);
  check_own_history_server(inventory, sink);
  check_foreign_history_server(inventory, sink);
}

}  // namespace sparkmv::isolation::rules
