// ISO001 / ISO002: two releases render an object with the same identity, so the second install fails
// with "already exists" (or, with --take-ownership, silently steals the first release's object).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

void check_object_names(const Inventory& inventory, FindingSink& sink) {
  std::map<model::ObjectRef, std::vector<const model::KubeObject*>> by_identity;
  for (const auto& object : inventory.objects()) {
    if (object.name.ends_with("*")) continue;  // generateName: the server picks a unique name
    by_identity[object.ref()].push_back(&object);
  }
  for (const auto& [ref, objects] : by_identity) {
    std::vector<std::string> releases;
    std::vector<Evidence> evidence;
    for (const auto* object : objects) {
      if (std::find(releases.begin(), releases.end(), object->release) == releases.end()) {
        releases.push_back(object->release);
      }
      evidence.push_back(evidence_of(*object));
    }
    if (releases.size() < 2) continue;
    const bool cluster_scoped = ref.ns.empty();
    const auto names = fmt::format("{}", fmt::join(releases, " and "));
    if (cluster_scoped) {
      sink.add(
          "ISO002", releases,
          fmt::format("cluster-scoped {} {} is rendered by {}", ref.kind, ref.name, names),
          "derive the name from the release (e.g. {{ .Release.Name }}-...) or install it once, outside both "
          "releases",
          std::move(evidence));
    } else {
      sink.add("ISO001", releases,
               fmt::format("{} {} in namespace {} is rendered by {}: the second install fails with \"already "
                           "exists\"",
                           ref.kind, ref.name, ref.ns, names),
               "use distinct release names and derive every object name from the release name",
               std::move(evidence));
    }
  }
}

}  // namespace sparkmv::isolation::rules
