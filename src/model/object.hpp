#pragma once
// A Kubernetes object as loaded from a rendered manifest or from `kubectl get -o json`.
#include <nlohmann/json.hpp>
#include <string>

namespace sparkmv::model {

// Where an object came from: the input file, the line its document starts on, and the chart template
// that rendered it (helm's `# Source:` comment), when known.
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string template_path;
};

// kind/namespace/name, the identity Kubernetes uses (namespace empty for cluster-scoped objects).
struct ObjectRef {
  std::string kind;
  std::string ns;
  std::string name;

  std::string to_string() const;
  friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
  friend auto operator<=>(const ObjectRef&, const ObjectRef&) = default;
};

struct KubeObject {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string ns;                   // empty for cluster-scoped kinds
  bool namespace_explicit = false;  // false when the render left metadata.namespace out
  std::string release;              // assigned by assign_releases()
  SourceLocation where;
  nlohmann::json body;

  ObjectRef ref() const { return {kind, ns, name}; }
  const nlohmann::json& labels() const;
  const nlohmann::json& annotations() const;
  // The label's value, or "" when absent.
  std::string label(const std::string& key) const;
};

// Kinds that live outside any namespace. Unknown kinds (custom resources) count as namespaced.
bool is_cluster_scoped(const std::string& kind);

// A JSON value rendered as the string a YAML author would have written (numbers and booleans included).
std::string scalar_text(const nlohmann::json& value);

}  // namespace sparkmv::model
