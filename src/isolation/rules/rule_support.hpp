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
  void share(SharedResource resource) { shared_.push_back(std::move(resource)); }

  std::vector<Finding> take_findings() { return std::move(findings_); }
  std::vector<SharedResource> take_shared() { return std::move(shared_); }

 private:
  std::vector<Finding> findings_;
  std::vector<SharedResource> shared_;
};

// "spark-35 (Spark 3.5.7)", or just the name when no version is known.
std::string describe(const ReleaseProfile& release);

// Calls f(a, b) for every unordered pair of distinct releases.
template <typename F>
void for_each_release_pair(const Inventory& inventory, F&& f) {
  const auto& releases = inventory.releases();
  for (std::size_t i = 0; i < releases.size(); ++i) {
    for (std::size_t j = i + 1; j < releases.size(); ++j) f(releases[i], releases[j]);
  }
}

Evidence evidence_of(const model::KubeObject& object, std::string detail = {});

void check_object_names(const Inventory& inventory, FindingSink& sink);      // ISO001, ISO002
void check_metastores(const Inventory& inventory, FindingSink& sink);        // ISO003
void check_event_logs(const Inventory& inventory, FindingSink& sink);        // ISO004, ISO005
void check_service_accounts(const Inventory& inventory, FindingSink& sink);  // ISO006, ISO009
void check_selectors(const Inventory& inventory, FindingSink& sink);         // ISO007
void check_version_pins(const Inventory& inventory, FindingSink& sink);      // ISO008
void check_data_dirs(const Inventory& inventory, FindingSink& sink);         // ISO010
void report_shared_storage(const Inventory& inventory, FindingSink& sink);

}  // namespace sparkmv::isolation::rules
