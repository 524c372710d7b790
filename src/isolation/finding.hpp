#pragma once
// Results of the isolation rules, shared by static lint and live verification.
#include <string>
#include <string_view>
#include <vector>

#include "isolation/evidence.hpp"

namespace sparkmv::isolation {

enum class Severity { warning, error };
std::string_view to_string(Severity severity);

struct Finding {
  std::string rule;  // stable id, e.g. "ISO003"
  Severity severity = Severity::error;
  std::string message;
  std::string fix;  // one line
  std::vector<std::string> releases;
  std::vector<Evidence> evidence;
  std::string setting;  // ISO011: the setting that could not be determined, e.g. "metastore database"
};

// Infrastructure two releases may share: a PostgreSQL server with a database each, a bucket with a prefix
// each. Reported so that operators see it, never counted as a finding.
struct SharedResource {
  std::string kind;      // "database server" or "bucket"
  std::string resource;  // e.g. "postgresql://spark-base-postgresql.spark:5432", "s3://spark-logs"
  std::vector<std::string> releases;
  std::vector<std::string> uses;  // what each release keeps there, e.g. "spark-35: metastore_spark35"
};

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view title;
};

// Every rule, in id order; docs/reference/rules.md documents each.
const std::vector<RuleInfo>& rule_catalog();
const RuleInfo& rule_info(std::string_view id);

}  // namespace sparkmv::isolation
