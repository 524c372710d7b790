#pragma once
// Static isolation analysis of rendered manifests: load, attribute to releases, run the rules.
#include <string>
#include <vector>

#include "isolation/inventory.hpp"
#include "isolation/rules.hpp"
#include "model/release.hpp"

namespace sparkmv::isolation {

struct LintResult {
  Inventory inventory;
  IsolationReport report;
};

// `files` are paths or "-" for standard input; files named only in a binding are read too.
// Bad input raises InputError.
LintResult lint_manifest_files(std::vector<std::string> files,
                               const std::vector<model::ReleaseBinding>& bindings);

// Same, over objects already loaded (live verification passes what kubectl returned).
LintResult lint_objects(std::vector<model::KubeObject> objects,
                        const std::vector<model::ReleaseBinding>& bindings);

}  // namespace sparkmv::isolation
