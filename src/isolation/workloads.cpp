#include "isolation/workloads.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "common/text.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation {

namespace {

bool mentions(const std::vector<std::string>& words, std::initializer_list<std::string_view> needles) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view n) { return word.find(n) != std::string::npos; });
  });
}

// The command lines and env values of every container, and the image names.
struct WhatRuns {
  std::vector<std::string> words;
  std::vector<std::string> images;
};

WhatRuns what_runs(const model::PodTemplate& pod) {
  WhatRuns out;
  for (const auto* container : model::containers_of(*pod.spec)) {
    for (auto& word : model::command_line_of(*container)) out.words.push_back(std::move(word));
    for (auto& [name, value] : model::literal_env_of(*container)) out.words.push_back(name + "=" + value);
    const auto image = model::parse_image(model::scalar_text(container->value("image", nlohmann::json())));
    out.images.push_back(text::to_lower(image.repository.substr(image.repository.rfind('/') + 1)));
  }
  return out;
}

std::string label_of(const model::KubeObject& object, const model::PodTemplate& pod, const std::string& key) {
  auto value = object.label(key);
  if (value.empty() && pod.labels.contains(key)) value = model::scalar_text(pod.labels[key]);
  return text::to_lower(value);
}

// The release's objects and settings by object, so that each workload's lookups stay constant-time.
struct ReleaseIndex {
  std::map<model::ObjectRef, const model::KubeObject*> objects;
  std::map<model::ObjectRef, std::vector<const Setting*>> settings;
  std::map<std::string, std::vector<const Setting*>> settings_by_scope;
  std::set<model::ObjectRef> database_sources;  // objects a metastore database was found in

  explicit ReleaseIndex(const ReleaseProfile& profile) {
    for (const auto* object : profile.objects) objects.emplace(object->ref(), object);
    for (const auto& setting : profile.settings) {
      settings[setting.evidence.object].push_back(&setting);
      settings_by_scope[setting.scope].push_back(&setting);
    }
    for (const auto& db : profile.metastore_databases) database_sources.insert(db.evidence.object);
  }
};

// Where one workload's settings can come from: its own containers and the ConfigMaps it uses.
struct Sources {
  std::set<model::ObjectRef> objects;
  std::vector<std::string> looked_in;
};

Sources sources_of(const model::KubeObject& workload, const ReleaseIndex& index) {
  Sources s;
  s.objects.insert(workload.ref());
  s.looked_in.push_back(fmt::format("command, args and env of {}", workload.ref().to_string()));
  for (const auto& name : configmaps_used_by(workload)) {
    const model::ObjectRef ref{"ConfigMap", workload.ns, name};
    const auto found = index.objects.find(ref);
    if (found == index.objects.end()) {
      s.looked_in.push_back(fmt::format("{} (used, but not in the input)", ref.to_string()));
      continue;
    }
    s.objects.insert(ref);
    std::vector<std::string> files;
    const auto& body = found->second->body;
    const auto data = body.find("data");
    if (data != body.end() && data->is_object()) {
      for (const auto& [key, value] : data->items()) files.push_back(key);
    }
    s.looked_in.push_back(
        fmt::format("{} ({})", ref.to_string(),
                    files.empty() ? std::string("no data") : fmt::format("{}", fmt::join(files, ", "))));
  }
  return s;
}

// The settings one workload or one configuration file reads.
using SettingList = std::vector<const Setting*>;

SettingList settings_from(const ReleaseIndex& index, const Sources& sources) {
  SettingList out;
  for (const auto& ref : sources.objects) {
    const auto it = index.settings.find(ref);
    if (it != index.settings.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

const Setting* find_setting(const SettingList& settings, const std::vector<std::string_view>& keys) {
  for (const auto* setting : settings) {
    if (std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return setting->key == k; }))
      return setting;
  }
  return nullptr;
}

bool is_true(const Setting* setting) {
  return setting != nullptr && text::to_lower(text::trim(setting->value)) == "true";
}

const std::vector<std::string_view> warehouse_keys = {
    "spark.sql.warehouse.dir", "hive.metastore.warehouse.dir", "spark.hadoop.hive.metastore.warehouse.dir",
    "metastore.warehouse.dir"};
const std::vector<std::string_view> account_keys = {
    "spark.kubernetes.authenticate.driver.serviceAccountName",
    "spark.kubernetes.authenticate.executor.serviceAccountName",
    "spark.kubernetes.authenticate.serviceAccountName"};

// What a Spark application's configuration must say for the rules to judge it: where its event logs go
// (when it writes them), its warehouse (when it uses the Hive catalog), and, on Kubernetes, the account its
// pods run as.
void check_spark_app(const SettingList& settings, const Sources& sources, std::string_view role,
                     const Evidence& where, std::vector<Undetermined>& out) {
  const auto need = [&](std::string setting, std::string what) {
    auto looked_in = sources.looked_in;
    looked_in.insert(looked_in.begin(), std::move(what));
    out.push_back({std::move(setting), std::string(role), where, std::move(looked_in)});
  };
  if (is_true(find_setting(settings, {"spark.eventLog.enabled"})) &&
      find_setting(settings, {"spark.eventLog.dir"}) == nullptr) {
    need("event-log directory", "spark.eventLog.enabled is true but no spark.eventLog.dir");
  }
  const auto* catalog = find_setting(settings, {"spark.sql.catalogImplementation"});
  if (catalog != nullptr && text::to_lower(text::trim(catalog->value)) == "hive" &&
      find_setting(settings, warehouse_keys) == nullptr) {
    need("warehouse", "the Hive catalog is on but no spark.sql.warehouse.dir");
  }
  const auto* master = find_setting(settings, {"spark.master"});
  if (master != nullptr && text::trim(master->value).starts_with("k8s://") &&
      find_setting(settings, account_keys) == nullptr) {
    need("ServiceAccount",
         "spark.master is Kubernetes but no spark.kubernetes.authenticate.*.serviceAccountName");
  }
}

void check_workload(const model::KubeObject& object, const ReleaseIndex& index,
                    std::vector<Undetermined>& out) {
  const auto roles = roles_of(object);
  if (roles.empty()) return;
  const auto sources = sources_of(object, index);
  const auto settings = settings_from(index, sources);
  const Evidence where{object.ref(), object.where, object.release, ""};
  for (const auto role : roles) {
    const auto name = std::string(to_string(role));
    switch (role) {
      case WorkloadRole::history_server:
        if (find_setting(settings, {"spark.history.fs.logDirectory"}) == nullptr) {
          auto looked_in = sources.looked_in;
          looked_in.insert(looked_in.begin(), "no spark.history.fs.logDirectory");
          out.push_back({"History Server log directory", name, where, std::move(looked_in)});
        }
        break;
      case WorkloadRole::hive_metastore: {
        const bool found = std::any_of(sources.objects.begin(), sources.objects.end(),
                                       [&](const auto& ref) { return index.database_sources.contains(ref); });
        if (!found) {
          auto looked_in = sources.looked_in;
          looked_in.insert(looked_in.begin(),
                           "no javax.jdo.option.ConnectionURL and no database env (METASTORE_DB_NAME, "
                           "POSTGRES_DB, ... with a host)");
          out.push_back({"metastore database", name, where, std::move(looked_in)});
        }
        break;
      }
      case WorkloadRole::connect_server:
        check_spark_app(settings, sources, name, where, out);
        break;
    }
  }
}

// ConfigMap files that configure spark-submit (they set spark.master) and that no Connect server of the
// release reads (those are checked with their server).
void check_submit_configs(const ReleaseProfile& profile, const ReleaseIndex& index,
                          std::vector<Undetermined>& out) {
  std::set<model::ObjectRef> read_by_servers;
  for (const auto* object : profile.objects) {
    const auto roles = roles_of(*object);
    if (std::find(roles.begin(), roles.end(), WorkloadRole::connect_server) == roles.end()) continue;
    for (const auto& name : configmaps_used_by(*object))
      read_by_servers.insert({"ConfigMap", object->ns, name});
  }
  std::set<std::string> done;
  for (const auto& setting : profile.settings) {
    if (setting.key != "spark.master" || setting.evidence.object.kind != "ConfigMap") continue;
    if (read_by_servers.contains(setting.evidence.object) || !done.insert(setting.scope).second) continue;
    // One file is one configuration: judge it on its own settings.
    Sources sources;
    sources.objects.insert(setting.evidence.object);
    sources.looked_in.push_back(fmt::format("{} {}", setting.evidence.object.to_string(),
                                            setting.scope.substr(setting.scope.find('#') + 1)));
    const auto& scoped = index.settings_by_scope.at(setting.scope);
    Evidence where = setting.evidence;
    where.detail = setting.scope.substr(setting.scope.find('#') + 1);
    check_spark_app(scoped, sources, "Spark submit configuration", where, out);
  }
}

}  // namespace

std::string_view to_string(WorkloadRole role) {
  switch (role) {
    case WorkloadRole::history_server:
      return "History Server";
    case WorkloadRole::hive_metastore:
      return "Hive Metastore";
    case WorkloadRole::connect_server:
      return "Spark Connect server";
  }
  return "workload";
}

std::vector<WorkloadRole> roles_of(const model::KubeObject& object) {
  std::vector<WorkloadRole> roles;
  if (object.kind == "Pod" && object.body.contains("metadata") &&
      object.body["metadata"].contains("ownerReferences")) {
    return roles;  // a live pod of a workload: the workload itself is judged
  }
  const auto pod = model::pod_template_of(object);
  if (!pod) return roles;
  const auto app = label_of(object, *pod, "app");
  const auto component = label_of(object, *pod, "app.kubernetes.io/component");
  const auto runs = what_runs(*pod);
  const auto labelled = [&](std::initializer_list<std::string_view> names) {
    return std::any_of(names.begin(), names.end(),
                       [&](std::string_view n) { return app == n || component == n; });
  };
  if (labelled({"spark-history-server", "history-server", "spark-history"}) ||
      mentions(runs.words, {"org.apache.spark.deploy.history.HistoryServer", "start-history-server.sh"})) {
    roles.push_back(WorkloadRole::history_server);
  }
  const bool hive_image = std::find(runs.images.begin(), runs.images.end(), "hive") != runs.images.end();
  if (labelled({"hive-metastore", "metastore"}) ||
      mentions(runs.words, {"org.apache.hadoop.hive.metastore.HiveMetaStore", "SERVICE_NAME=metastore"}) ||
      (hive_image && mentions(runs.words, {"metastore"}))) {
    roles.push_back(WorkloadRole::hive_metastore);
  }
  if (labelled({"spark-connect", "connect", "connect-server"}) ||
      mentions(runs.words,
               {"start-connect-server.sh", "org.apache.spark.sql.connect.service.SparkConnectServer"})) {
    roles.push_back(WorkloadRole::connect_server);
  }
  return roles;
}

std::vector<std::string> configmaps_used_by(const model::KubeObject& object) {
  std::vector<std::string> names;
  const auto pod = model::pod_template_of(object);
  if (!pod) return names;
  const auto add = [&](const nlohmann::json& ref) {
    if (!ref.is_object()) return;
    const auto name = model::scalar_text(ref.value("name", nlohmann::json()));
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  if (const auto volumes = pod->spec->find("volumes"); volumes != pod->spec->end() && volumes->is_array()) {
    for (const auto& volume : *volumes) {
      if (!volume.is_object()) continue;
      if (volume.contains("configMap")) add(volume["configMap"]);
      const auto projected = volume.find("projected");
      if (projected == volume.end() || !projected->is_object()) continue;
      const auto sources = projected->find("sources");
      if (sources == projected->end() || !sources->is_array()) continue;
      for (const auto& source : *sources) {
        if (source.is_object() && source.contains("configMap")) add(source["configMap"]);
      }
    }
  }
  for (const auto* container : model::containers_of(*pod->spec)) {
    const auto env_from = container->find("envFrom");
    if (env_from == container->end() || !env_from->is_array()) continue;
    for (const auto& source : *env_from) {
      if (source.is_object() && source.contains("configMapRef")) add(source["configMapRef"]);
    }
  }
  return names;
}

std::vector<Undetermined> undetermined_settings(const ReleaseProfile& profile) {
  std::vector<Undetermined> out;
  const ReleaseIndex index(profile);
  for (const auto* object : profile.objects) check_workload(*object, index, out);
  check_submit_configs(profile, index, out);
  return out;
}

void add_ambiguous_endpoints(std::vector<ReleaseProfile>& releases) {
  using Lists = std::initializer_list<std::vector<Located<StorageLocation>> ReleaseProfile::*>;
  const Lists lists = {&ReleaseProfile::event_log_dirs, &ReleaseProfile::history_dirs,
                       &ReleaseProfile::data_dirs};
  // Buckets some release reaches through a named endpoint, and which.
  std::map<std::string, std::set<std::string>> named;
  for (const auto& release : releases) {
    for (const auto list : lists) {
      for (const auto& l : release.*list) {
        if (l.value.scheme == "s3" && !l.value.endpoint.empty())
          named[l.value.scheme + "://" + l.value.authority].insert(l.value.endpoint);
      }
    }
  }
  for (auto& release : releases) {
    std::set<std::tuple<model::ObjectRef, std::string, std::string>> done;
    for (const auto list : lists) {
      for (const auto& l : release.*list) {
        if (l.value.scheme != "s3" || !l.value.endpoint.empty()) continue;
        const auto endpoints = named.find(l.value.scheme + "://" + l.value.authority);
        if (endpoints == named.end() ||
            !done.emplace(l.evidence.object, l.evidence.detail, l.value.original).second)
          continue;
        release.undetermined.push_back(
            {"S3 endpoint",
             "location " + l.value.original,
             l.evidence,
             {"no fs.s3a.endpoint or spark.hadoop.fs.s3a.endpoint in the release's configuration files, args "
              "or "
              "env",
              fmt::format("other releases reach bucket {} at {}", l.value.authority,
                          fmt::join(endpoints->second, ", "))}});
      }
    }
  }
}

}  // namespace sparkmv::isolation
