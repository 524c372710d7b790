#pragma once
// Which Helm release each object belongs to.
#include <string>
#include <string_view>
#include <vector>

#include "model/object.hpp"

namespace sparkmv::model {

// `--release NAME=FILE[@NAMESPACE]`: every object loaded from FILE belongs to NAME; namespaced objects that
// the render left without metadata.namespace go to NAMESPACE.
struct ReleaseBinding {
  std::string name;
  std::string file;
  std::string ns;
};

// Parses NAME=FILE[@NAMESPACE]; a malformed spec is an InputError.
ReleaseBinding parse_release_binding(std::string_view spec);

// The namespace objects land in when neither the render nor a binding names one (what kubectl would use
// with no context namespace).
inline constexpr std::string_view implicit_namespace = "default";

// Assigns every object its release: a binding for its file wins; then the `app.kubernetes.io/instance` or
// `release` label; then the release most objects of the same file carry; then the file's name. Objects
// without a namespace get their binding's namespace or `implicit_namespace`.
void assign_releases(std::vector<KubeObject>& objects, const std::vector<ReleaseBinding>& bindings);

}  // namespace sparkmv::model
