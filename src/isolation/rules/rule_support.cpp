#include "isolation/rules/rule_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "isolation/rules.hpp"

namespace sparkmv::isolation::rules {

void FindingSink::add(std::string_view rule, std::vector<std::string> releases, std::string message,
                      std::string fix, std::vector<Evidence> evidence) {
  add(rule, rule_info(rule).severity, std::move(releases), std::move(message), std::move(fix),
      std::move(evidence));
}

void FindingSink::add(std::string_view rule, Severity severity, std::vector<std::string> releases,
                      std::string message, std::string fix, std::vector<Evidence> evidence) {
  // One object can supply the same fact several times (a file and an arg): list it once. A set keeps this
  // linear in the evidence, which for a default ServiceAccount can be every workload of a namespace.
  std::set<std::tuple<model::ObjectRef, std::string, std::string, std::string, int>> seen;
  std::vector<Evidence> unique;
  for (auto& e : evidence) {
    if (seen.emplace(e.object, e.detail, e.release, e.where.file, e.where.line).second)
      unique.push_back(std::move(e));
  }
  std::sort(releases.begin(), releases.end());
  releases.erase(std::unique(releases.begin(), releases.end()), releases.end());
  findings_.push_back(Finding{std::string(rule),
                              severity,
                              std::move(message),
                              std::move(fix),
                              std::move(releases),
                              std::move(unique),
                              {}});
}

std::string describe(const ReleaseProfile& release) {
  if (release.spark_version.empty()) return release.name;
  return release.name + " (Spark " + release.spark_version + ")";
}

std::string possible_store_note(const StorageLocation& a, const StorageLocation& b) {
  if (a.endpoint == b.endpoint) return {};
  const auto side = [](const StorageLocation& l) {
    return l.endpoint.empty() ? fmt::format("{} with no S3 endpoint configured", l.original)
                              : fmt::format("{} at {}", l.original, l.endpoint);
  };
  return fmt::format(" (possibly the same store: {}, {})", side(a), side(b));
}

Evidence evidence_of(const model::KubeObject& object, std::string detail) {
  return Evidence{object.ref(), object.where, object.release, std::move(detail)};
}

}  // namespace sparkmv::isolation::rules

namespace sparkmv::isolation {

IsolationReport check_isolation(const Inventory& inventory) {
  rules::FindingSink sink;
  rules::check_object_names(inventory, sink);
  rules::check_metastores(inventory, sink);
  rules::check_event_logs(inventory, sink);
  rules::check_service_accounts(inventory, sink);
  rules::check_selectors(inventory, sink);
  rules::check_version_pins(inventory, sink);
  rules::check_data_dirs(inventory, sink);
  rules::check_undetermined(inventory, sink);
  rules::check_hive_clients(inventory, sink);
  rules::report_shared_storage(inventory, sink);
  IsolationReport report{sink.take_findings(), sink.take_shared(), {}, {}};
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.rule < b.rule; });
  return report;
}

}  // namespace sparkmv::isolation
