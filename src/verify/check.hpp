#pragma once
// Results of live coexistence checks, as data: `verify --kube` fills them now, `verify --local` later.
// Each check says what it looked at (evidence), whether isolation holds, and, when it does not, the rule id
// and a one-line fix.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/errors.hpp"

namespace sparkmv::verify {

enum class CheckStatus {
  pass,     // isolation holds for what was looked at
  fail,     // isolation is broken (exit 1)
  skipped,  // not run (option, or nothing to look at), with the reason as evidence
  error,    // could not be run: the environment stopped it (exit 3 unless something failed)
};
std::string_view to_string(CheckStatus status);

struct Check {
  std::string id;     // stable, e.g. "metastore.databases"
  std::string title;  // one line for people, e.g. "metastore databases isolated (live env)"
  CheckStatus status = CheckStatus::pass;
  std::vector<std::string> evidence;  // what was seen, one line each
  std::string rule;                   // isolation rule id when the check maps to one ("ISO003")
  std::string fix;                    // one line, for fail and error
};

struct VerifyReport {
  std::string target;              // "kube" or "local"
  std::vector<std::string> scope;  // e.g. "spark-35 in spark", what was verified
  std::vector<Check> checks;
  std::vector<std::pair<std::string, std::string>>
      outputs;  // what the run leaves for people: label, URL or path
};

// 1 when any check failed; else 3 when any could not run; else 0.
ExitCode exit_code(const VerifyReport& report);

std::string render_table(const VerifyReport& report, bool colour);
nlohmann::json to_json(const VerifyReport& report);

}  // namespace sparkmv::verify
