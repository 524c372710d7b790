#include "isolation/rules/rule_support.hpp"

#include <algorithm>

#include "isolation/rules.hpp"

namespace sparkmv::isolation::rules {

void FindingSink::add(std::string_view rule, std::vector<std::string> releases, std::string message,
                      std::string fix, std::vector<Evidence> evidence) {
  // One object can supply the same fact several times (a file and an arg): list it once.
  std::vector<Evidence> unique;
  for (auto& e : evidence) {
    const bool seen = std::any_of(unique.begin(), unique.end(), [&](const Evidence& u) {
      return u.object == e.object && u.detail == e.detail && u.release == e.release &&
             u.where.file == e.where.file && u.where.line == e.where.line;
    });
    if (!seen) unique.push_back(std::move(e));
  }
  std::sort(releases.begin(), releases.end());
  releases.erase(std::unique(releases.begin(), releases.end()), releases.end());
  findings_.push_back(Finding{std::string(rule), rule_info(rule).severity, std::move(message), std::move(fix),
                              std::move(releases), std::move(unique)});
}

std::string describe(const ReleaseProfile& release) {
  if (release.spark_version.empty()) return release.name;
  return release.name + " (Spark " + release.spark_version + ")";
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
  rules::report_shared_storage(inventory, sink);
  IsolationReport report{sink.take_findings(), sink.take_shared()};
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.rule < b.rule; });
  return report;
}

}  // namespace sparkmv::isolation
