#pragma once
// Runs the isolation rules over an inventory of releases.
#include <vector>

#include "isolation/finding.hpp"
#include "isolation/inventory.hpp"

namespace sparkmv::isolation {

// `--ignore RULE=OBJECT`: one finding the user has judged and accepted. OBJECT is an object as printed
// (kind/namespace/name, or kind/name for cluster-scoped objects) or a release name.
struct Suppression {
  std::string rule;
  std::string object;
  std::string to_string() const { return rule + "=" + object; }
};
// Parses RULE=OBJECT; an unknown rule id or a missing part is an InputError.
Suppression parse_suppression(std::string_view spec);

struct IgnoredFinding {
  Finding finding;
  std::string by;  // the --ignore that matched, as given
};

struct IsolationReport {
  std::vector<Finding> findings;  // sorted by rule id, then message
  std::vector<SharedResource> shared;
  std::vector<IgnoredFinding> ignored;
  std::vector<std::string> unused_suppressions;  // --ignore values that matched no finding
};

IsolationReport check_isolation(const Inventory& inventory);

// Moves every finding a suppression names into `report.ignored`.
void apply_suppressions(IsolationReport& report, const std::vector<Suppression>& suppressions);

// Exit policy: errors always count; warnings only when `strict`.
bool fails(const IsolationReport& report, bool strict);

}  // namespace sparkmv::isolation
