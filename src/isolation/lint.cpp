#include "isolation/lint.hpp"

#include <algorithm>

#include "model/manifest_loader.hpp"

namespace sparkmv::isolation {

LintResult lint_objects(std::vector<model::KubeObject> objects,
                        const std::vector<model::ReleaseBinding>& bindings) {
  model::assign_releases(objects, bindings);
  Inventory inventory(std::move(objects));
  auto report = check_isolation(inventory);
  return LintResult{std::move(inventory), std::move(report)};
}

LintResult lint_manifest_files(std::vector<std::string> files,
                               const std::vector<model::ReleaseBinding>& bindings) {
  for (const auto& binding : bindings) {
    if (std::find(files.begin(), files.end(), binding.file) == files.end()) files.push_back(binding.file);
  }
  if (files.empty()) files.emplace_back("-");
  std::vector<model::KubeObject> objects;
  for (const auto& file : files) {
    auto loaded = model::load_manifest_file(file);
    std::move(loaded.begin(), loaded.end(), std::back_inserter(objects));
  }
  return lint_objects(std::move(objects), bindings);
}

}  // namespace sparkmv::isolation
