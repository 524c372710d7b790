// ISO013: a Spark release's Hive client cannot talk to the metastore server it is configured for. Spark
// talks to a metastore service through its built-in Hive 2.3 client (2.3.9 in 3.5, 2.3.10 in 4.0 and 4.1)
// unless spark.sql.hive.metastore.version and .jars name another one. Hive 4 removed the deprecated Thrift
// calls that the 2.x and 3.x clients use (HIVE-26537: get_table and others), so such a client fails with
// "Invalid method name: 'get_table'" against a Hive 4 metastore. Spark 3.5 has no Hive 4 client at all (its
// metastore versions end at 3.1.3); Spark 4.1 has 4.0.0 to 4.1.0.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <regex>
#include <set>

#include "common/text.hpp"
#include "isolation/rules/rule_support.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation::rules {

namespace {

int major_of(std::string_view version) {
  int major = 0;
  for (const char c : version) {
    if (c < '0' || c > '9') break;
    major = major * 10 + (c - '0');
  }
  return major;
}

// The Hive client a release uses, and where that was decided.
struct HiveClient {
  std::string version;
  std::string source;  // "built-in" or the setting's evidence
};

std::optional<HiveClient> hive_client_of(const ReleaseProfile& release) {
  for (const auto& s : release.settings) {
    if (s.key == "spark.sql.hive.metastore.version")
      return HiveClient{std::string(text::trim(s.value)), "spark.sql.hive.metastore.version"};
  }
  if (release.spark_version.starts_with("3.5")) return HiveClient{"2.3.9", "built-in"};
  if (release.spark_version.starts_with("4.0") || release.spark_version.starts_with("4.1"))
    return HiveClient{"2.3.10", "built-in"};
  return std::nullopt;
}

struct Server {
  std::string version;  // from the image tag
  std::string image;
  const model::KubeObject* workload;
};

// Pods of each namespace, to find what a metastore Service selects.
using PodsByNamespace =
    std::map<std::string, std::vector<std::pair<const model::KubeObject*, nlohmann::json>>>;

// The Hive Metastore behind thrift://host:port: the Service of that name and the workload it selects whose
// image is a Hive one with a version tag.
std::optional<Server> server_behind(const std::string& service,
                                    const std::map<model::ObjectRef, const model::KubeObject*>& services,
                                    const PodsByNamespace& pods) {
  const auto host = service.substr(0, service.rfind(':'));
  const auto dot = host.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const model::ObjectRef ref{"Service", host.substr(dot + 1), host.substr(0, dot)};
  static const std::regex version(R"(^v?(\d+\.\d+(\.\d+)?)([-_.].*)?$)");
  const auto found = services.find(ref);
  if (found == services.end()) return std::nullopt;
  {
    const auto& object = *found->second;
    const auto spec = object.body.find("spec");
    if (spec == object.body.end() || !spec->is_object() || !spec->contains("selector")) return std::nullopt;
    const auto in_namespace = pods.find(ref.ns);
    if (in_namespace == pods.end()) return std::nullopt;
    for (const auto& [workload, labels] : in_namespace->second) {
      if (!model::selector_matches((*spec)["selector"], labels)) continue;
      for (const auto* container : model::containers_of(*model::pod_template_of(*workload)->spec)) {
        const auto text = model::scalar_text(container->value("image", nlohmann::json()));
        const auto image = model::parse_image(text);
        const auto name = image.repository.substr(image.repository.rfind('/') + 1);
        std::smatch match;
        if (name.find("hive") == std::string::npos || !std::regex_match(image.tag, match, version)) continue;
        return Server{match[1].str(), text, workload};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

void check_hive_clients(const Inventory& inventory, FindingSink& sink) {
  PodsByNamespace pods;
  std::map<model::ObjectRef, const model::KubeObject*> services;
  for (const auto& object : inventory.objects()) {
    if (const auto pod = model::pod_template_of(object)) pods[object.ns].emplace_back(&object, pod->labels);
    if (object.kind == "Service") services.emplace(object.ref(), &object);
  }
  for (const auto& release : inventory.releases()) {
    const auto client = hive_client_of(release);
    std::set<std::string> done;
    for (const auto& service : release.metastore_services) {
      if (!done.insert(service.value).second) continue;
      const auto server = server_behind(service.value, services, pods);
      if (!server) {
        sink.add(
            Finding{"ISO011",
                    Severity::warning,
                    fmt::format("metastore server version behind thrift://{} ({}) could not be determined; "
                                "looked in: the Service of that name in the input and the Hive image tag of "
                                "the workload it selects",
                                service.value, describe(release)),
                    "render the metastore's Service and workload with the release (or lint them with it), "
                    "with a Hive image pinned to its version",
                    {release.name},
                    {service.evidence},
                    "metastore server version"});
        continue;
      }
      if (!client || major_of(server->version) < 4 || major_of(client->version) >= 4) continue;
      const bool spark35 = release.spark_version.starts_with("3.5");
      sink.add(
          "ISO013", {release.name},
          fmt::format("{}'s Hive client {} ({}) cannot talk to Hive Metastore {} ({} behind thrift://{}): "
                      "Hive 4 removed the Thrift calls 2.x and 3.x clients use (get_table, HIVE-26537)",
                      describe(release), client->version, client->source, server->version, server->image,
                      service.value),
          spark35 ? "run a Hive Metastore 3.1.x for Spark 3.5 (its Hive clients end at 3.1.3), e.g. "
                    "apache/hive:3.1.3, its own per release"
                  : fmt::format("set spark.sql.hive.metastore.version={} and spark.sql.hive.metastore.jars "
                                "(maven, or a path to Hive {} jars), or run a Hive Metastore 3.1.x",
                                server->version, server->version),
          {service.evidence, evidence_of(*server->workload, "image " + server->image)});
    }
  }
}

}  // namespace sparkmv::isolation::rules
