#include "isolation/finding.hpp"

#include <stdexcept>

namespace sparkmv::isolation {

std::string_view to_string(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

const std::vector<RuleInfo>& rule_catalog() {
  static const std::vector<RuleInfo> rules = {
      {"ISO001", Severity::error, "same kind/namespace/name rendered by two releases"},
      {"ISO002", Severity::error, "cluster-scoped objects collide"},
      {"ISO003", Severity::error, "two releases use one metastore database or metastore service"},
      {"ISO004", Severity::error, "History Server log directories equal or nested"},
      {"ISO005", Severity::error, "event logs written where the release's own History Server does not read"},
      {"ISO006", Severity::error, "ServiceAccount shared across releases"},
      {"ISO007", Severity::error, "a selector also matches the other release's pods"},
      {"ISO008", Severity::warning, "Spark version not pinned"},
      {"ISO009", Severity::error, "a release is granted cluster-wide rights"},
      {"ISO010", Severity::error, "two releases share a warehouse or checkpoint location"},
      {"ISO011", Severity::warning, "a setting a rule needs could not be determined"},
      {"ISO012", Severity::error, "event logs written where another release's History Server reads"},
      {"ISO013", Severity::error, "a release's Hive client cannot talk to its metastore server"},
  };
  return rules;
}

const RuleInfo& rule_info(std::string_view id) {
  for (const auto& rule : rule_catalog()) {
    if (rule.id == id) return rule;
  }
  throw std::logic_error("unknown rule id " + std::string(id));
}

}  // namespace sparkmv::isolation
