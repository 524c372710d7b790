// ISO011: a setting a rule needs was not found where the tool looks. Without it the rule cannot judge the
// workload, and silence would read as "isolated": say what is missing, for which object, and where the
// tool looked.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "isolation/rules/rule_support.hpp"

namespace sparkmv::isolation::rules {

namespace {

std::string fix_for(const std::string& setting) {
  if (setting == "History Server log directory")
    return "set spark.history.fs.logDirectory in the History Server's spark-defaults.conf (a ConfigMap it "
           "mounts) or in SPARK_HISTORY_OPTS as -Dspark.history.fs.logDirectory=...";
  if (setting == "metastore database")
    return "name the database in the metastore's hive-site.xml (javax.jdo.option.ConnectionURL) or in its "
           "env (METASTORE_DB_NAME and METASTORE_DB_HOST)";
  if (setting == "event-log directory")
    return "set spark.eventLog.dir next to spark.eventLog.enabled, to the History Server's directory";
  if (setting == "warehouse") return "set spark.sql.warehouse.dir to this version's own prefix";
  if (setting == "ServiceAccount")
    return "set spark.kubernetes.authenticate.driver.serviceAccountName (and .executor.) to the release's "
           "own ServiceAccount";
  if (setting == "S3 endpoint")
    return "set fs.s3a.endpoint (core-site.xml) or spark.hadoop.fs.s3a.endpoint where the location is set";
  return "set it where sparkmv reads settings (rules.md, \"Where the rules look\")";
}

}  // namespace

void check_undetermined(const Inventory& inventory, FindingSink& sink) {
  for (const auto& release : inventory.releases()) {
    for (const auto& u : release.undetermined) {
      Finding finding{
          "ISO011",
          Severity::warning,
          fmt::format("{} of {} {} ({}) could not be determined; looked in: {}", u.setting, u.role,
                      u.evidence.object.to_string(), describe(release), fmt::join(u.looked_in, "; ")),
          fix_for(u.setting),
          {release.name},
          {u.evidence},
          u.setting};
      sink.add(std::move(finding));
    }
  }
}

}  // namespace sparkmv::isolation::rules
