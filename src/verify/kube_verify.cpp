#include "verify/kube_verify.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/errors.hpp"
#include "isolation/location.hpp"
#include "model/release.hpp"
#include "verify/probes.hpp"

namespace sparkmv::verify {

namespace {

struct RuleGroup {
  const char* id;
  const char* title;
  std::vector<std::string> rules;
  // The ISO011 settings without which the group's rules cannot judge (the check is then skip, not pass).
  std::vector<std::string> needs;
  // Facts at least two releases must show for there to be anything to compare (none: always judgeable).
  std::vector<std::vector<isolation::Located<isolation::StorageLocation>> isolation::ReleaseProfile::*>
      locations;
  bool databases = false;  // metastore databases or services
};

// The guide's verification, by rule: "services isolated", "metastores isolated", "History Servers isolated".
const std::vector<RuleGroup>& rule_groups() {
  using isolation::ReleaseProfile;
  static const std::vector<RuleGroup> groups = {
      {"objects.names", "object and Service names do not collide", {"ISO001", "ISO002"}, {}, {}, false},
      {"services.selectors",
       "Services and workloads select only their own release's pods",
       {"ISO007"},
       {},
       {},
       false},
      {"metastore.config",
       "metastore databases isolated (configuration)",
       {"ISO003"},
       {"metastore database"},
       {},
       true},
      {"eventlogs.config",
       "event-log directories isolated (configuration)",
       {"ISO004", "ISO005", "ISO012"},
       {"History Server log directory", "event-log directory", "S3 endpoint"},
       {&ReleaseProfile::history_dirs, &ReleaseProfile::event_log_dirs},
       false},
      {"rbac.accounts",
       "ServiceAccounts and RBAC isolated",
       {"ISO006", "ISO009"},
       {"ServiceAccount"},
       {},
       false},
      {"storage.warehouse",
       "warehouse and checkpoint locations isolated",
       {"ISO010"},
       {"warehouse", "S3 endpoint"},
       {&ReleaseProfile::data_dirs},
       false},
      {"versions.pinned", "Spark versions pinned", {"ISO008"}, {}, {}, false},
  };
  return groups;
}

// Why a group's rules had nothing to compare, or "" when they had.
std::string nothing_to_judge(const RuleGroup& group, const isolation::LintResult& result) {
  const auto& releases = result.inventory.releases();
  if (group.databases) {
    const auto with = std::count_if(releases.begin(), releases.end(), [](const isolation::ReleaseProfile& r) {
      return !r.metastore_databases.empty() || !r.metastore_services.empty();
    });
    if (with < 2)
      return fmt::format("metastore databases or services found for {} release(s): nothing to compare", with);
  }
  if (!group.locations.empty()) {
    const auto with =
        std::count_if(releases.begin(), releases.end(), [&](const isolation::ReleaseProfile& r) {
          return std::any_of(group.locations.begin(), group.locations.end(),
                             [&](const auto list) { return !(r.*list).empty(); });
        });
    if (with < 2) return fmt::format("locations found for {} release(s): nothing to compare", with);
  }
  return {};
}

std::string object_line(const isolation::Evidence& e) {
  return fmt::format("{} ({}){}", e.object.to_string(), e.release, e.detail.empty() ? "" : ": " + e.detail);
}

const isolation::ReleaseProfile* profile_of(const isolation::LintResult& lint, const std::string& release) {
  return lint.inventory.release(release);
}

std::string ns_of(const isolation::ReleaseProfile& profile) {
  return profile.namespaces.empty() ? std::string() : profile.namespaces.front();
}

bool is_running_pod(const model::KubeObject& object) {
  if (object.kind != "Pod") return false;
  const auto status = object.body.find("status");
  if (status == object.body.end() || !status->is_object()) return true;  // no status: assume it serves
  return status->value("phase", "Running") == "Running";
}

bool same_path(const isolation::StorageLocation& a, const isolation::StorageLocation& b) {
  return a.scheme == b.scheme && a.authority == b.authority && a.segments == b.segments;
}

bool is_hook(const model::KubeObject& object) {
  return !object.annotations().value("helm.sh/hook", "").empty();
}

// History Server pods of each release, by the label users query.
std::map<std::string, std::vector<const model::KubeObject*>> history_pods(const isolation::LintResult& lint) {
  std::map<std::string, std::vector<const model::KubeObject*>> out;
  for (const auto& object : lint.inventory.objects()) {
    if (object.label("app") == "spark-history-server" && is_running_pod(object) && !is_hook(object)) {
      out[object.release].push_back(&object);
    }
  }
  return out;
}

void add_presence_checks(VerifyReport& report, const isolation::LintResult& lint,
                         const std::vector<std::string>& releases, const std::set<std::string>& present) {
  for (const auto& release : releases) {
    Check check{
        "release.present", fmt::format("release {} is installed", release), CheckStatus::pass, {}, "", ""};
    const auto* profile = profile_of(lint, release);
    if (profile == nullptr) {
      check.status = CheckStatus::fail;
      check.evidence.push_back(fmt::format("no objects labelled app.kubernetes.io/instance={} in {}", release,
                                           fmt::join(report.scope, ", ")));
      if (!present.empty()) {
        check.evidence.push_back(fmt::format("releases found there: {}", fmt::join(present, ", ")));
      }
      check.fix =
          "install it (sparkmv deploy --kube) or pass the right --namespace / --release; an install refused "
          "with "
          "\"already exists\" means colliding names (sparkmv deploy --kube --dry-run shows them, ISO001)";
    } else {
      check.evidence.push_back(fmt::format("{} objects in namespace(s) {}, Spark {}", profile->objects.size(),
                                           fmt::join(profile->namespaces, ","),
                                           profile->spark_version.empty() ? "?" : profile->spark_version));
    }
    report.checks.push_back(std::move(check));
  }
}

void add_history_log_checks(VerifyReport& report, const kube::Kubectl& kubectl,
                            const isolation::LintResult& lint, const KubeVerifyOptions& options) {
  const auto pods = history_pods(lint);
  std::vector<std::pair<std::string, isolation::StorageLocation>> seen;  // release, directory
  std::vector<std::string> seen_text;
  for (const auto& release : options.releases) {
    const auto* profile = profile_of(lint, release);
    if (profile == nullptr) continue;
    const auto found = pods.find(release);
    if (found == pods.end()) {
      report.checks.push_back({"history.log-directory",
                               fmt::format("{} History Server log directory (live log)", release),
                               CheckStatus::skipped,
                               {"no running pod labelled app=spark-history-server"},
                               "",
                               ""});
      continue;
    }
    for (const auto* pod : found->second) {
      Check check{"history.log-directory",
                  fmt::format("{} History Server log directory (live log of pod {})", release, pod->name),
                  CheckStatus::pass,
                  {},
                  "ISO004",
                  ""};
      const auto logs = kubectl.logs(pod->ns, pod->name, options.log_tail);
      if (!logs.ok()) {
        check.status = CheckStatus::error;
        check.evidence.push_back(logs.timed_out ? std::string("kubectl logs timed out")
                                                : kube::kubectl_message(logs.err));
        check.fix = "check that the pod runs and that you may read pods/log";
        report.checks.push_back(std::move(check));
        continue;
      }
      const auto dirs = log_directories_in_log(logs.out);
      if (dirs.empty()) {
        check.status = CheckStatus::error;
        check.evidence.push_back(fmt::format("no [logDirectory=...] in the last {} lines", options.log_tail));
        check.fix = "the pod's log4j2 pattern must carry the directory (charts' History Server ConfigMap)";
        report.checks.push_back(std::move(check));
        continue;
      }
      check.evidence.push_back(fmt::format("logDirectory={}", fmt::join(dirs, ", ")));
      // It must read what its release configures.
      std::vector<std::string> configured;
      for (const auto& dir : profile->history_dirs) configured.push_back(dir.value.original);
      for (const auto& dir : dirs) {
        auto location = isolation::parse_location(dir);
        if (!location) continue;
        // The log names the path; the configuration also knows the endpoint serving the bucket.
        const auto known = std::find_if(profile->history_dirs.begin(), profile->history_dirs.end(),
                                        [&](const auto& d) { return same_path(d.value, *location); });
        if (known != profile->history_dirs.end()) {
          location = known->value;
        } else if (!configured.empty()) {
          check.status = CheckStatus::fail;
          check.evidence.push_back(fmt::format("configured: {}", fmt::join(configured, ", ")));
          check.fix = "restart the History Server so it reads its configured directory";
        }
        seen.emplace_back(release, *location);
        seen_text.push_back(fmt::format("{}: {}", release, dir));
      }
      report.checks.push_back(std::move(check));
    }
  }
  // Across releases: no two History Servers may read one directory, or one inside the other.
  Check distinct{"history.distinct", "History Servers read distinct log directories (live)",
                 CheckStatus::pass,  seen_text,
                 "ISO004",           ""};
  for (std::size_t i = 0; i < seen.size(); ++i) {
    for (std::size_t j = i + 1; j < seen.size(); ++j) {
      if (seen[i].first != seen[j].first && isolation::overlaps(seen[i].second, seen[j].second)) {
        distinct.status = CheckStatus::fail;
        distinct.evidence.push_back(fmt::format("{} and {} overlap: {} / {}", seen[i].first, seen[j].first,
                                                seen[i].second.original, seen[j].second.original));
        distinct.fix =
            "give each version its own prefix: historyServer.logDirectory=s3a://spark-logs/<version>/events";
      }
    }
  }
  if (distinct.evidence.empty()) {
    distinct.status = CheckStatus::skipped;
    distinct.evidence.push_back("no History Server log directory seen");
  }
  report.checks.push_back(std::move(distinct));
}

void add_history_api_checks(VerifyReport& report, const kube::Kubectl& kubectl,
                            const isolation::LintResult& lint, const KubeVerifyOptions& options) {
  const auto pods = history_pods(lint);
  for (const auto& release : options.releases) {
    const auto* profile = profile_of(lint, release);
    const auto found = pods.find(release);
    if (profile == nullptr || found == pods.end()) continue;
    const auto own_line = version_line(profile->spark_version);
    for (const auto* pod : found->second) {
      Check check{"history.applications",
                  fmt::format("{} History Server lists only Spark {} applications (REST API of pod {})",
                              release, own_line.empty() ? "?" : own_line, pod->name),
                  CheckStatus::pass,
                  {},
                  "ISO004",
                  ""};
      try {
        const auto forward = kubectl.port_forward(pod->ns, pod->name, 18080);
        const auto body = http_get_local(forward->local_port(), "/api/v1/applications",
                                         static_cast<long>(kubectl.options().timeout.count()));
        const auto apps = parse_history_applications(body);
        std::vector<std::string> foreign;
        for (const auto& app : apps) {
          const auto line = version_line(app.spark_version);
          if (!own_line.empty() && !line.empty() && line != own_line) {
            foreign.push_back(fmt::format("{} ({}, Spark {})", app.id, app.name, app.spark_version));
          }
        }
        check.evidence.push_back(fmt::format("{} application(s) listed", apps.size()));
        if (!foreign.empty()) {
          check.status = CheckStatus::fail;
          check.evidence.push_back(fmt::format("other version's applications: {}", fmt::join(foreign, "; ")));
          check.fix = "separate the event-log prefixes; move misplaced logs (sparkmv events scan finds them)";
        }
      } catch (const EnvironmentError& e) {
        check.status = CheckStatus::error;
        check.evidence.push_back(e.what());
        check.fix = "check that the pod is ready and that you may create pods/portforward";
      } catch (const std::invalid_argument& e) {
        check.status = CheckStatus::error;
        check.evidence.push_back(fmt::format("GET /api/v1/applications: {}", e.what()));
        check.fix = "is port 18080 of this pod a Spark History Server?";
      }
      report.checks.push_back(std::move(check));
    }
  }
}

void add_metastore_env_check(VerifyReport& report, const isolation::LintResult& lint,
                             const KubeVerifyOptions& options) {
  Check check{"metastore.databases",
              "metastore databases isolated (live env of app=hive-metastore)",
              CheckStatus::pass,
              {},
              "ISO003",
              ""};
  std::map<isolation::DatabaseEndpoint, std::vector<std::string>> users;
  std::vector<std::string> undetermined;
  std::set<std::string> determined_releases;
  for (const auto& object : lint.inventory.objects()) {
    if ((object.kind != "Deployment" && object.kind != "StatefulSet") ||
        object.label("app") != "hive-metastore") {
      continue;
    }
    if (std::find(options.releases.begin(), options.releases.end(), object.release) ==
        options.releases.end()) {
      continue;
    }
    const auto db = metastore_database_from_env(object);
    if (!db) {
      undetermined.push_back(
          fmt::format("{} ({}): database not determined (looked in its first container's env: "
                      "METASTORE_DB_NAME/HOST/PORT "
                      "or a JDBC URL)",
                      object.ref().to_string(), object.release));
      continue;
    }
    check.evidence.push_back(fmt::format("{}: {} ({}, {})", object.release, db->endpoint.to_string(),
                                         object.ref().to_string(), db->detail));
    determined_releases.insert(object.release);
    auto& names = users[db->endpoint];
    if (std::find(names.begin(), names.end(), object.release) == names.end()) names.push_back(object.release);
  }
  for (const auto& [endpoint, releases] : users) {
    if (releases.size() > 1) {
      check.status = CheckStatus::fail;
      check.evidence.insert(check.evidence.begin(),
                            fmt::format("{} share {}", fmt::join(releases, " and "), endpoint.to_string()));
      check.fix =
          "give each version its own database: metastore_spark35 / metastore_spark41 "
          "(hiveMetastore.database.name)";
    }
  }
  const bool nothing = check.evidence.empty() && undetermined.empty();
  const bool unknown = !undetermined.empty();
  for (auto& u : undetermined) check.evidence.push_back(std::move(u));
  if (nothing) {
    check.status = CheckStatus::skipped;
    check.evidence.push_back("no Deployment or StatefulSet labelled app=hive-metastore");
  } else if (check.status != CheckStatus::fail && (unknown || determined_releases.size() < 2)) {
    // One release's database alone, or one not known, proves nothing about sharing.
    check.status = CheckStatus::skipped;
    if (determined_releases.size() < 2)
      check.evidence.push_back(fmt::format("databases determined for {} release(s): nothing to compare",
                                           determined_releases.size()));
  }
  report.checks.push_back(std::move(check));
}

void add_helm_test_checks(VerifyReport& report, const HelmAccess& helm, const isolation::LintResult& lint,
                          const KubeVerifyOptions& options) {
  for (const auto& release : options.releases) {
    const auto* profile = profile_of(lint, release);
    if (profile == nullptr) continue;
    Check check{"helm.test", fmt::format("helm test {}", release), CheckStatus::pass, {}, "", ""};
    if (!options.helm_test) {
      check.status = CheckStatus::skipped;
      check.evidence.push_back("--skip-helm-test");
    } else if (helm.helm == nullptr) {
      check.status = CheckStatus::error;
      check.evidence.push_back(helm.missing_reason);
      check.fix = "install helm, or pass --helm PATH, or --skip-helm-test";
    } else {
      const auto argv = helm.helm->test_argv(release, ns_of(*profile), options.helm_test_timeout);
      const auto result = helm.helm->run(argv);
      const auto suites = helm_test_suites(result.out);
      if (result.ok()) {
        check.evidence.push_back(suites.empty() ? std::string("no test hooks")
                                                : fmt::format("{}", fmt::join(suites, "; ")));
      } else {
        check.status = result.not_started || result.timed_out ? CheckStatus::error : CheckStatus::fail;
        check.evidence.push_back(result.timed_out ? std::string("helm test timed out")
                                                  : kube::helm_message(result.err));
        if (!suites.empty()) check.evidence.push_back(fmt::format("{}", fmt::join(suites, "; ")));
        check.fix = fmt::format(
            "kubectl logs -n {} -l app.kubernetes.io/instance={},helm.sh/hook=test (or helm test {} --logs)",
            ns_of(*profile), release, release);
      }
    }
    report.checks.push_back(std::move(check));
  }
}

size_t collect(char* data, size_t size, size_t count, void* sink) {
  static_cast<std::string*>(sink)->append(data, size * count);
  return size * count;
}

}  // namespace

std::vector<Check> checks_from_lint(const isolation::LintResult& result) {
  std::vector<Check> checks;
  for (const auto& group : rule_groups()) {
    Check check{group.id, group.title, CheckStatus::pass, {}, fmt::format("{}", fmt::join(group.rules, ",")),
                ""};
    std::vector<std::string> unknown;
    for (const auto& finding : result.report.findings) {
      if (finding.rule == "ISO011") {
        if (std::find(group.needs.begin(), group.needs.end(), finding.setting) != group.needs.end())
          unknown.push_back(finding.message);
        continue;
      }
      if (std::find(group.rules.begin(), group.rules.end(), finding.rule) == group.rules.end()) continue;
      if (finding.severity == isolation::Severity::error) check.status = CheckStatus::fail;
      if (check.status != CheckStatus::fail || check.fix.empty()) check.rule = finding.rule;
      check.evidence.push_back(
          fmt::format("{} {}: {}", finding.rule, to_string(finding.severity), finding.message));
      for (const auto& e : finding.evidence) check.evidence.push_back("  " + object_line(e));
      if (check.fix.empty()) check.fix = finding.fix;
    }
    // A check that could not see is not a pass: say what it could not judge.
    if (check.status != CheckStatus::fail) {
      const auto empty = nothing_to_judge(group, result);
      if (!unknown.empty() || !empty.empty()) check.status = CheckStatus::skipped;
      if (!empty.empty()) check.evidence.push_back(empty);
      for (const auto& u : unknown) check.evidence.push_back("ISO011 " + u);
    }
    if (check.evidence.empty()) check.evidence.push_back("no finding");
    checks.push_back(std::move(check));
  }
  return checks;
}

std::string http_get_local(int port, const std::string& path, long timeout_seconds) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) throw EnvironmentError("libcurl could not start");
  const auto url = fmt::format("http://127.0.0.1:{}{}", port, path);
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  const auto code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) throw EnvironmentError(fmt::format("GET {}: {}", url, curl_easy_strerror(code)));
  if (status != 200) throw EnvironmentError(fmt::format("GET {}: HTTP {}", url, status));
  return body;
}

VerifyReport verify_kube(const kube::Kubectl& kubectl, const HelmAccess& helm, KubeVerifyOptions options) {
  if (options.namespaces.empty()) options.namespaces = {"spark"};
  if (options.releases.empty()) options.releases = {"spark-35", "spark-41"};
  VerifyReport report;
  report.target = "kube";

  std::vector<model::KubeObject> objects;
  for (const auto& ns : options.namespaces) {
    auto live = kubectl.get_objects(ns);
    std::move(live.begin(), live.end(), std::back_inserter(objects));
  }
  model::assign_releases(objects, {});
  std::set<std::string> present;
  for (const auto& object : objects) {
    if (!object.label("app.kubernetes.io/instance").empty()) present.insert(object.release);
  }
  // Only the releases asked about: a namespace may hold other workloads, and hook pods are transient.
  const std::set<std::string> wanted(options.releases.begin(), options.releases.end());
  std::erase_if(objects,
                [&](const model::KubeObject& o) { return !wanted.contains(o.release) || is_hook(o); });
  for (const auto& release : options.releases) {
    report.scope.push_back(fmt::format("{} ({})", release, fmt::join(options.namespaces, ",")));
  }
  const auto lint = isolation::lint_objects(std::move(objects), {});

  add_presence_checks(report, lint, options.releases, present);
  auto rule_checks = checks_from_lint(lint);
  std::move(rule_checks.begin(), rule_checks.end(), std::back_inserter(report.checks));
  add_metastore_env_check(report, lint, options);
  add_history_log_checks(report, kubectl, lint, options);
  if (options.history_api) add_history_api_checks(report, kubectl, lint, options);
  add_helm_test_checks(report, helm, lint, options);
  return report;
}

}  // namespace sparkmv::verify
