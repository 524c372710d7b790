#pragma once
// Shared plumbing for the rule implementations: one check function per rule family, and helpers they use.
#include <string>
#include <string_view>
#include <vector>

#include "isolation/finding.hpp"
#include "isolation/inventory.hpp"

namespace sparkmv::isolation::rules {

class FindingSink {
 public:
  void add(std::string_view rule, std::vector<std::string> releases, std::string message, std::string fix,
           std::vector<Evidence> evidence);
  // The same with a severity other than the rule's own (a possible, not certain, overlap is a warning).
  void add(std::string_view rule, Severity severity, std::vector<std::string> releases, std::string message,
           std::string fix, std::vector<Evidence> evidence);
  void add(Finding finding) { findings_.push_back(std::move(finding)); }
  void share(SharedResource resource) { shared_.push_back(std::move(resource)); }

  std::vector<Finding> take_findings() { return std::move(findings_); }
  std::vector<SharedResource> take_shared() { return std::move(shared_); }

 private:
  std::vector<Finding> findings_;
  std::vector<SharedResource> shared_;
};

// "spark-35 (Spark 3.5.7)", or just the name when no version is known.
std::string describe(const ReleaseProfile& release);

// Locations of one kind in a release (event_log_dirs, history_dirs, data_dirs).
using LocationList = std::vector<Located<StorageLocation>> ReleaseProfile::*;

struct LocationPair {
  const ReleaseProfile& a;
  const Located<StorageLocation>& x;  // from a's `first` list
  const ReleaseProfile& b;
  const Located<StorageLocation>& y;  // from b's `second` list
  Overlap overlap;                    // overlap_of(x, y)
};

// Calls f(pair) for every location x of one release's `first` list that overlaps a location y of another
// release's `second` list. When both lists are the same kind, each unordered pair comes once, a before b in
// release order. Indexed, so the work grows with the number of locations, not with its square.
template <typename F>
void for_each_overlap_across_releases(const Inventory& inventory, LocationList first, LocationList second,
                                      F&& f) {
  const auto& releases = inventory.releases();
  std::vector<std::pair<std::size_t, const Located<StorageLocation>*>> indexed;
  LocationIndex index;
  for (std::size_t r = 0; r < releases.size(); ++r) {
    for (const auto& located : releases[r].*second) {
      index.add(located.value, indexed.size());
      indexed.emplace_back(r, &located);
    }
  }
  const bool symmetric = first == second;
  for (std::size_t r = 0; r < releases.size(); ++r) {
    for (const auto& x : releases[r].*first) {
      index.for_each_overlap(x.value, [&](std::size_t id, Overlap overlap) {
        const auto [other, y] = indexed[id];
        if (other == r || (symmetric && other < r)) return;
        f(LocationPair{releases[r], x, releases[other], *y, overlap});
      });
    }
  }
}

// "" when the overlap is certain; else why it is only possible: one side names no S3 endpoint.
std::string possible_store_note(const StorageLocation& a, const StorageLocation& b);

Evidence evidence_of(const model::KubeObject& object, std::string detail = {});

void check_object_names(const Inventory& inventory, FindingSink& sink);      // ISO001, ISO002
void check_metastores(const Inventory& inventory, FindingSink& sink);        // ISO003
void check_event_logs(const Inventory& inventory, FindingSink& sink);        // ISO004, ISO005, ISO012
void check_service_accounts(const Inventory& inventory, FindingSink& sink);  // ISO006, ISO009
void check_selectors(const Inventory& inventory, FindingSink& sink);         // ISO007
void check_version_pins(const Inventory& inventory, FindingSink& sink);      // ISO008
void check_data_dirs(const Inventory& inventory, FindingSink& sink);         // ISO010
void check_undetermined(const Inventory& inventory, FindingSink& sink);      // ISO011
void check_hive_clients(const Inventory& inventory, FindingSink& sink);      // ISO013 (and ISO011)
void report_shared_storage(const Inventory& inventory, FindingSink& sink);

}  // namespace sparkmv::isolation::rules
