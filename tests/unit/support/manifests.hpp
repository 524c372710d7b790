#pragma once
// Helpers for tests that lint small inline renders.
#include <string>
#include <utility>
#include <vector>

#include "isolation/lint.hpp"
#include "model/manifest_loader.hpp"

namespace sparkmv::testing {

// (file name, YAML text) pairs; each file's objects are loaded as if read from that file.
using Renders = std::vector<std::pair<std::string, std::string>>;

inline isolation::LintResult lint_renders(const Renders& renders,
                                          const std::vector<model::ReleaseBinding>& bindings = {}) {
  std::vector<model::KubeObject> objects;
  for (const auto& [file, text] : renders) {
    auto loaded = model::load_manifests(text, file);
    std::move(loaded.begin(), loaded.end(), std::back_inserter(objects));
  }
  return isolation::lint_objects(std::move(objects), bindings);
}

inline std::vector<std::string> rule_ids(const isolation::IsolationReport& report) {
  std::vector<std::string> ids;
  for (const auto& finding : report.findings) ids.push_back(finding.rule);
  return ids;
}

inline std::string fixture_path(const std::string& relative) {
  return std::string(SPARKMV_FIXTURES_DIR) + "/" + relative;
}

}  // namespace sparkmv::testing
