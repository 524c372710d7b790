#pragma once
// Finds helm and kubectl: an explicit option wins, then SPARKMV_HELM / SPARKMV_KUBECTL, then PATH.
// A tool that cannot be found is an EnvironmentError (exit 3) that says how to point sparkmv at it.
#include <string>

namespace sparkmv::kube {

struct ToolSpec {
  std::string name;     // "helm" or "kubectl"
  std::string option;   // "--helm"
  std::string env_var;  // "SPARKMV_HELM"
};

inline const ToolSpec helm_tool{"helm", "--helm", "SPARKMV_HELM"};
inline const ToolSpec kubectl_tool{"kubectl", "--kubectl", "SPARKMV_KUBECTL"};

// `explicit_path` is the option's value ("" when not given).
std::string resolve_tool(const ToolSpec& tool, const std::string& explicit_path);

}  // namespace sparkmv::kube
