#pragma once
// Renders isolation results for people (table) and for machines (json). Live verification reuses both.
#include <nlohmann/json.hpp>
#include <string>

#include "isolation/lint.hpp"

namespace sparkmv::cli {

std::string render_isolation_table(const isolation::LintResult& result, bool colour);
nlohmann::json isolation_to_json(const isolation::LintResult& result);

// Per release: each setting the rules use, its value and where it was found, then what could not be
// determined and where the tool looked (`lint --explain`; `-o json` carries the same).
std::string render_explanation(const isolation::LintResult& result);

}  // namespace sparkmv::cli
