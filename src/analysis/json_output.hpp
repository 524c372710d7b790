#pragma once
// Machine-readable forms of a summary and a comparison (`-o json`); field names are stable.
#include <nlohmann/json.hpp>

#include "analysis/compare.hpp"
#include "analysis/summary.hpp"

namespace sparkmv::analysis {

nlohmann::json to_json(const Metrics& metrics);
nlohmann::json to_json(const RunSummary& run);
nlohmann::json to_json(const Comparison& comparison);

}  // namespace sparkmv::analysis
