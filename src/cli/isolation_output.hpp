#pragma once
// Renders isolation results for people (table) and for machines (json). Live verification reuses both.
#include <nlohmann/json.hpp>
#include <string>

#include "isolation/lint.hpp"

namespace sparkmv::cli {

std::string render_isolation_table(const isolation::LintResult& result, bool colour);
nlohmann::json isolation_to_json(const isolation::LintResult& result);

}  // namespace sparkmv::cli
