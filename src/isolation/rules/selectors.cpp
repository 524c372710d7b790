// ISO007: a Service or workload selector of one release also matches the other release's pods, so traffic
// (or a controller's adoption) crosses versions: a 3.5 client reaching a 4.1 server, a ReplicaSet adopting
// foreign pods.
#include <fmt/format.h>

#include <map>
#include <set>

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

}  // namespace

void check_selectors(const Inventory& inventory, FindingSink& sink) {
  std::map<std::string, std::vector<Pods>> pods_by_namespace;
  for (const auto& object : inventory.objects()) {
    if (const auto pod = model::pod_template_of(object))
      pods_by_namespace[object.ns].push_back({&object, pod->labels});
  }
  for (const auto& object : inventory.objects()) {
    const auto* selector = selector_of(object);
    if (selector == nullptr) continue;
    const auto pods = pods_by_namespace.find(object.ns);
    if (pods == pods_by_namespace.end()) continue;
    std::map<std::string, std::vector<Evidence>> matched_by_release;
    for (const auto& candidate : pods->second) {
      if (candidate.owner->release == object.release) continue;
      if (model::selector_matches(*selector, candidate.labels)) {
        matched_by_release[candidate.owner->release].push_back(
            evidence_of(*candidate.owner, "pod template labels"));
      }
    }
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
