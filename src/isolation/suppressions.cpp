// `--ignore RULE=OBJECT` and the exit policy: which findings make a command fail.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/errors.hpp"
#include "isolation/rules.hpp"

namespace sparkmv::isolation {

namespace {

bool names(const Finding& finding, const Suppression& suppression) {
  if (finding.rule != suppression.rule) return false;
  const auto& releases = finding.releases;
  if (std::find(releases.begin(), releases.end(), suppression.object) != releases.end()) return true;
  return std::any_of(finding.evidence.begin(), finding.evidence.end(),
                     [&](const Evidence& e) { return e.object.to_string() == suppression.object; });
}

}  // namespace

Suppression parse_suppression(std::string_view spec) {
  const auto equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
    throw InputError(fmt::format("--ignore {}: expected RULE=OBJECT (e.g. ISO008=Deployment/spark/x)", spec));
  }
  Suppression s{std::string(spec.substr(0, equals)), std::string(spec.substr(equals + 1))};
  const auto& catalog = rule_catalog();
  if (std::none_of(catalog.begin(), catalog.end(), [&](const RuleInfo& r) { return r.id == s.rule; }))
    throw InputError(fmt::format("--ignore {}: unknown rule {} (rules.md lists them)", spec, s.rule));
  return s;
}

void apply_suppressions(IsolationReport& report, const std::vector<Suppression>& suppressions) {
  std::set<std::size_t> used;
  std::vector<Finding> kept;
  for (auto& finding : report.findings) {
    const auto match = std::find_if(suppressions.begin(), suppressions.end(),
                                    [&](const Suppression& s) { return names(finding, s); });
    if (match == suppressions.end()) {
      kept.push_back(std::move(finding));
      continue;
    }
    used.insert(static_cast<std::size_t>(match - suppressions.begin()));
    report.ignored.push_back({std::move(finding), match->to_string()});
  }
  report.findings = std::move(kept);
  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    if (!used.contains(i)) report.unused_suppressions.push_back(suppressions[i].to_string());
  }
}

bool fails(const IsolationReport& report, bool strict) {
  return std::any_of(report.findings.begin(), report.findings.end(),
                     [&](const Finding& f) { return strict || f.severity == Severity::error; });
}

}  // namespace sparkmv::isolation
