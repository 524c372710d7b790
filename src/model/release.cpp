#include "model/release.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "common/errors.hpp"

namespace sparkmv::model {

namespace {

std::string release_label_of(const KubeObject& object) {
  auto value = object.label("app.kubernetes.io/instance");
  if (value.empty()) value = object.label("release");
  return value;
}

const ReleaseBinding* binding_for(const std::vector<ReleaseBinding>& bindings, const std::string& file) {
  for (const auto& binding : bindings) {
    const bool same_name = binding.file == file || (binding.file == "-" && file == "<stdin>");
    if (same_name) return &binding;
  }
  return nullptr;
}

}  // namespace

ReleaseBinding parse_release_binding(std::string_view spec) {
  const auto equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
    throw InputError(fmt::format("--release {}: expected NAME=FILE[@NAMESPACE]", spec));
  }
  ReleaseBinding binding;
  binding.name = std::string(spec.substr(0, equals));
  std::string_view file = spec.substr(equals + 1);
  if (const auto at = file.rfind('@'); at != std::string_view::npos) {
    binding.ns = std::string(file.substr(at + 1));
    file = file.substr(0, at);
    if (binding.ns.empty() || file.empty()) {
      throw InputError(fmt::format("--release {}: expected NAME=FILE[@NAMESPACE]", spec));
    }
  }
  binding.file = std::string(file);
  return binding;
}

void assign_releases(std::vector<KubeObject>& objects, const std::vector<ReleaseBinding>& bindings) {
  // Majority label per file, for objects a chart forgot to label.
  std::map<std::string, std::map<std::string, int>> label_counts;
  for (const auto& object : objects) {
    const auto label = release_label_of(object);
    if (!label.empty()) ++label_counts[object.where.file][label];
  }
  // Computed once per file: looked up for every unlabelled object.
  std::map<std::string, std::string> majority_by_file;
  for (const auto& [file, counts] : label_counts) {
    std::string best;
    int best_count = 0;
    for (const auto& [name, count] : counts) {
      if (count > best_count) best = name, best_count = count;
    }
    majority_by_file.emplace(file, std::move(best));
  }
  auto majority = [&](const std::string& file) -> std::string {
    const auto it = majority_by_file.find(file);
    return it == majority_by_file.end() ? std::string() : it->second;
  };

  for (auto& object : objects) {
    const auto* binding = binding_for(bindings, object.where.file);
    if (binding != nullptr) {
      object.release = binding->name;
    } else {
      object.release = release_label_of(object);
      if (object.release.empty()) object.release = majority(object.where.file);
      if (object.release.empty()) object.release = std::filesystem::path(object.where.file).stem().string();
    }
    if (!is_cluster_scoped(object.kind) && object.ns.empty()) {
      object.ns = binding != nullptr && !binding->ns.empty() ? binding->ns : std::string(implicit_namespace);
    }
  }
}

}  // namespace sparkmv::model
