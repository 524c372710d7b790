// ISO008: a Spark workload whose image floats (no tag, or "latest") or that does not say which Spark
// version it runs cannot be told apart from the other version's, and changes under its users on a pull.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "isolation/rules/rule_support.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation::rules {

void check_version_pins(const Inventory& inventory, FindingSink& sink) {
  for (const auto& release : inventory.releases()) {
    std::vector<Evidence> floating;
    std::vector<Evidence> unlabelled;
    for (const auto* object : release.objects) {
      const auto pod = model::pod_template_of(*object);
      if (!pod) continue;
      bool runs_spark = false;
      for (const auto* container : model::containers_of(*pod->spec)) {
        const auto text = model::scalar_text(container->value("image", nlohmann::json()));
        const auto image = model::parse_image(text);
        if (!is_spark_image(image.repository)) continue;
        runs_spark = true;
        if (image.digest.empty() && (image.tag.empty() || image.tag == "latest")) {
          const auto name = model::scalar_text(container->value("name", nlohmann::json()));
          floating.push_back(evidence_of(*object, fmt::format("container {} image {}", name, text)));
        }
      }
      const bool labelled = !object->label("app.kubernetes.io/version").empty() ||
                            pod->labels.contains("app.kubernetes.io/version");
      if (runs_spark && !labelled)
        unlabelled.push_back(evidence_of(*object, "no app.kubernetes.io/version label"));
    }
    if (!floating.empty()) {
      sink.add("ISO008", {release.name},
               fmt::format("{} runs Spark images without a pinned version tag", release.name),
               "pin the image to an exact Spark version tag (e.g. apache/spark:3.5.7-...) or a digest",
               std::move(floating));
    }
    if (!unlabelled.empty()) {
      sink.add("ISO008", {release.name},
               fmt::format("Spark workloads of {} carry no app.kubernetes.io/version label", release.name),
               "label every Spark workload with app.kubernetes.io/version set to its Spark version",
               std::move(unlabelled));
    }
  }
}

}  // namespace sparkmv::isolation::rules
