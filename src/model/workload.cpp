#include "model/workload.hpp"

#include <algorithm>

namespace sparkmv::model {

namespace {

const nlohmann::json* child(const nlohmann::json* node, const char* key) {
  if (node == nullptr || !node->is_object()) return nullptr;
  const auto it = node->find(key);
  return it == node->end() ? nullptr : &*it;
}

std::optional<PodTemplate> from_template(const nlohmann::json* pod_template) {
  const auto* spec = child(pod_template, "spec");
  if (spec == nullptr || !spec->is_object()) return std::nullopt;
  PodTemplate result;
  result.spec = spec;
  if (const auto* labels = child(child(pod_template, "metadata"), "labels"); labels && labels->is_object()) {
    result.labels = *labels;
  }
  return result;
}

bool label_has_value(const nlohmann::json& labels, const std::string& key, const nlohmann::json& values) {
  const auto it = labels.find(key);
  if (it == labels.end() || !values.is_array()) return false;
  const auto actual = scalar_text(*it);
  return std::any_of(values.begin(), values.end(), [&](const auto& v) { return scalar_text(v) == actual; });
}

bool expression_matches(const nlohmann::json& expression, const nlohmann::json& labels) {
  const auto key = scalar_text(expression.value("key", nlohmann::json()));
  const auto op = scalar_text(expression.value("operator", nlohmann::json()));
  const auto values = expression.value("values", nlohmann::json::array());
  if (op == "In") return label_has_value(labels, key, values);
  if (op == "NotIn") return !label_has_value(labels, key, values);
  if (op == "Exists") return labels.contains(key);
  if (op == "DoesNotExist") return !labels.contains(key);
  return false;
}

bool map_matches(const nlohmann::json& wanted, const nlohmann::json& labels) {
  for (const auto& [key, value] : wanted.items()) {
    const auto it = labels.find(key);
    if (it == labels.end() || scalar_text(*it) != scalar_text(value)) return false;
  }
  return true;
}

}  // namespace

std::optional<PodTemplate> pod_template_of(const KubeObject& object) {
  const auto* body = &object.body;
  const auto& kind = object.kind;
  if (kind == "Pod") {
    auto result = from_template(body);
    return result;
  }
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet" ||
      kind == "ReplicationController" || kind == "Job") {
    return from_template(child(child(body, "spec"), "template"));
  }
  if (kind == "CronJob") {
    return from_template(child(child(child(child(body, "spec"), "jobTemplate"), "spec"), "template"));
  }
  return std::nullopt;
}

std::vector<const nlohmann::json*> containers_of(const nlohmann::json& pod_spec) {
  std::vector<const nlohmann::json*> result;
  for (const char* field : {"initContainers", "containers"}) {
    const auto* list = child(&pod_spec, field);
    if (list == nullptr || !list->is_array()) continue;
    for (const auto& container : *list) {
      if (container.is_object()) result.push_back(&container);
    }
  }
  return result;
}

std::string service_account_of(const nlohmann::json& pod_spec) {
  for (const char* field : {"serviceAccountName", "serviceAccount"}) {
    const auto* value = child(&pod_spec, field);
    if (value != nullptr && value->is_string() && !value->get<std::string>().empty()) {
      return value->get<std::string>();
    }
  }
  return "default";
}

std::vector<std::pair<std::string, std::string>> literal_env_of(const nlohmann::json& container) {
  std::vector<std::pair<std::string, std::string>> env;
  const auto* list = child(&container, "env");
  if (list == nullptr || !list->is_array()) return env;
  for (const auto& entry : *list) {
    if (!entry.is_object() || !entry.contains("name") || !entry.contains("value")) continue;
    env.emplace_back(scalar_text(entry["name"]), scalar_text(entry["value"]));
  }
  return env;
}

std::vector<std::string> command_line_of(const nlohmann::json& container) {
  std::vector<std::string> words;
  for (const char* field : {"command", "args"}) {
    const auto* list = child(&container, field);
    if (list == nullptr || !list->is_array()) continue;
    for (const auto& word : *list) words.push_back(scalar_text(word));
  }
  return words;
}

ImageReference parse_image(const std::string& image) {
  ImageReference ref;
  std::string rest = image;
  if (const auto at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  // A colon after the last slash separates the tag; one before it belongs to a registry port.
  const auto slash = rest.rfind('/');
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    ref.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  ref.repository = rest;
  return ref;
}

bool selector_matches(const nlohmann::json& selector, const nlohmann::json& labels) {
  if (!selector.is_object() || selector.empty() || !labels.is_object()) return false;
  const bool structured = selector.contains("matchLabels") || selector.contains("matchExpressions");
  if (!structured) return map_matches(selector, labels);
  bool constrained = false;
  if (const auto it = selector.find("matchLabels"); it != selector.end() && it->is_object()) {
    if (!map_matches(*it, labels)) return false;
    constrained = constrained || !it->empty();
  }
  if (const auto it = selector.find("matchExpressions"); it != selector.end() && it->is_array()) {
    for (const auto& expression : *it) {
      if (!expression_matches(expression, labels)) return false;
      constrained = true;
    }
  }
  return constrained;
}

}  // namespace sparkmv::model
