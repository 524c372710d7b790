#include "model/object.hpp"

#include <array>
#include <string_view>

namespace sparkmv::model {

namespace {
const nlohmann::json& empty_object() {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

const nlohmann::json& metadata_field(const nlohmann::json& body, const char* field) {
  const auto metadata = body.find("metadata");
  if (metadata == body.end() || !metadata->is_object()) return empty_object();
  const auto value = metadata->find(field);
  if (value == metadata->end() || !value->is_object()) return empty_object();
  return *value;
}
}  // namespace

std::string ObjectRef::to_string() const {
  if (ns.empty()) return kind + "/" + name;
  return kind + "/" + ns + "/" + name;
}

const nlohmann::json& KubeObject::labels() const {
  return metadata_field(body, "labels");
}
const nlohmann::json& KubeObject::annotations() const {
  return metadata_field(body, "annotations");
}

std::string KubeObject::label(const std::string& key) const {
  const auto& all = labels();
  const auto it = all.find(key);
  return it == all.end() ? std::string() : scalar_text(*it);
}

bool is_cluster_scoped(const std::string& kind) {
  static constexpr std::array<std::string_view, 24> kinds = {
      "APIService",
      "CertificateSigningRequest",
      "ClusterIssuer",
      "ClusterRole",
      "ClusterRoleBinding",
      "ComponentStatus",
      "CSIDriver",
      "CSINode",
      "CustomResourceDefinition",
      "FlowSchema",
      "IngressClass",
      "MutatingWebhookConfiguration",
      "Namespace",
      "Node",
      "PersistentVolume",
      "PodSecurityPolicy",
      "PriorityClass",
      "PriorityLevelConfiguration",
      "RuntimeClass",
      "StorageClass",
      "ValidatingAdmissionPolicy",
      "ValidatingAdmissionPolicyBinding",
      "ValidatingWebhookConfiguration",
      "VolumeAttachment",
  };
  for (const auto k : kinds) {
    if (k == kind) return true;
  }
  return false;
}

std::string scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

}  // namespace sparkmv::model
