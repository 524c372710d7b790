// ISO007: a Service or workload selector of one release also matches the other release's pods, so traffic
// (or a controller's adoption) crosses versions: a 3.5 client reaching a 4.1 server, a ReplicaSet adopting
// foreign pods.
#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

#include "isolation/rules/rule_support.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation::rules {

namespace {

struct Pods {
  const model::KubeObject* owner;
  nlohmann::json labels;
};

// The selector a Service or workload uses to choose pods, or null.
const nlohmann::json* selector_of(const model::KubeObject& object) {
  const auto spec = object.body.find("spec");
  if (spec == object.body.end() || !spec->is_object()) return nullptr;
  const auto selector = spec->find("selector");
  if (selector == spec->end() || !selector->is_object()) return nullptr;
  static const std::set<std::string, std::less<>> kinds = {"Service",   "Deployment", "StatefulSet",
                                                           "DaemonSet", "ReplicaSet", "PodDisruptionBudget"};
  return kinds.contains(object.kind) ? &*selector : nullptr;
}

// Pod templates of one namespace, indexed by each label pair, so that a selector is tried against the pods
// carrying its rarest required label instead of against every pod of the namespace.
class PodIndex {
 public:
  void add(const model::KubeObject* owner, nlohmann::json labels) {
    const auto id = pods_.size();
    if (labels.is_object()) {
      for (const auto& [key, value] : labels.items())
        by_label_[label_key(key, model::scalar_text(value))].push_back(id);
    }
    pods_.push_back({owner, std::move(labels)});
  }

  // Pods that may match: those with the selector's rarest required label, or all when it requires none.
  template <typename F>
  void for_each_candidate(const nlohmann::json& selector, F&& f) const {
    const auto* fewest = candidates(selector);
    if (fewest == nullptr) {
      for (const auto& pod : pods_) f(pod);
      return;
    }
    for (const auto id : *fewest) f(pods_[id]);
  }

 private:
  static std::string label_key(const std::string& key, const std::string& value) {
    return key + '\n' + value;
  }

  const std::vector<std::size_t>* candidates(const nlohmann::json& selector) const {
    const auto structured = selector.contains("matchLabels") || selector.contains("matchExpressions");
    const auto labels = structured ? selector.find("matchLabels") : selector.begin();
    const nlohmann::json* required = nullptr;
    if (!structured) {
      required = &selector;
    } else if (labels != selector.end() && labels->is_object()) {
      required = &*labels;
    }
    if (required == nullptr || required->empty()) return nullptr;
    static const std::vector<std::size_t> none;
    const std::vector<std::size_t>* fewest = nullptr;
    for (const auto& [key, value] : required->items()) {
      const auto it = by_label_.find(label_key(key, model::scalar_text(value)));
      if (it == by_label_.end()) return &none;
      if (fewest == nullptr || it->second.size() < fewest->size()) fewest = &it->second;
    }
    return fewest;
  }

  std::vector<Pods> pods_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_label_;
};

}  // namespace

void check_selectors(const Inventory& inventory, FindingSink& sink) {
  std::map<std::string, PodIndex> pods_by_namespace;
  for (const auto& object : inventory.objects()) {
    if (const auto pod = model::pod_template_of(object))
      pods_by_namespace[object.ns].add(&object, pod->labels);
  }
  for (const auto& object : inventory.objects()) {
    const auto* selector = selector_of(object);
    if (selector == nullptr) continue;
    const auto pods = pods_by_namespace.find(object.ns);
    if (pods == pods_by_namespace.end()) continue;
    std::map<std::string, std::vector<Evidence>> matched_by_release;
    pods->second.for_each_candidate(*selector, [&](const Pods& candidate) {
      if (candidate.owner->release == object.release) return;
      if (model::selector_matches(*selector, candidate.labels)) {
        matched_by_release[candidate.owner->release].push_back(
            evidence_of(*candidate.owner, "pod template labels"));
      }
    });
    for (auto& [release, evidence] : matched_by_release) {
      evidence.insert(evidence.begin(), evidence_of(object, "selector " + selector->dump()));
      sink.add("ISO007", {object.release, release},
               fmt::format("{} {} of {} selects pods of {} too", object.kind, object.name, object.release,
                           release),
               "add the app.kubernetes.io/instance label (the release name) to every selector",
               std::move(evidence));
    }
  }
}

}  // namespace sparkmv::isolation::rules
