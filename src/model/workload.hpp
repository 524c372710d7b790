#pragma once
// Pod templates inside workloads: where containers, images, env and service accounts live.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/object.hpp"

namespace sparkmv::model {

struct PodTemplate {
  const nlohmann::json* spec = nullptr;  // the PodSpec
  nlohmann::json labels = nlohmann::json::object();
};

// The pod template of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or
// CronJob; nullopt for other kinds.
std::optional<PodTemplate> pod_template_of(const KubeObject& object);

// Init containers first, then containers, as the kubelet starts them.
std::vector<const nlohmann::json*> containers_of(const nlohmann::json& pod_spec);

// The ServiceAccount a pod runs as: serviceAccountName, the deprecated serviceAccount, or "default".
std::string service_account_of(const nlohmann::json& pod_spec);

// Literal env values of one container (valueFrom entries are skipped: their values are not in the render).
std::vector<std::pair<std::string, std::string>> literal_env_of(const nlohmann::json& container);

// Command and args of one container, in order.
std::vector<std::string> command_line_of(const nlohmann::json& container);

struct ImageReference {
  std::string repository;  // e.g. "apache/spark" (registry kept when given)
  std::string tag;         // empty when absent
  std::string digest;      // "sha256:..." when pinned by digest
};
ImageReference parse_image(const std::string& image);

// Label selector matching: matchLabels / plain maps, and matchExpressions with In, NotIn, Exists,
// DoesNotExist. An empty selector matches nothing here (Services without selectors select no pods).
bool selector_matches(const nlohmann::json& selector, const nlohmann::json& labels);

}  // namespace sparkmv::model
