// Lint precision (issue 23): event logs written into another release's History Server (ISO012), settings
// that could not be determined (ISO011) instead of silence, locations with no S3 endpoint as "possibly the
// same store", suppressions and the exit policy. Release spark-35 comes from a.yaml and spark-41 from
// b.yaml, both in namespace "spark".
#include <gtest/gtest.h>

#include <set>

#include "common/errors.hpp"
#include "isolation/rules.hpp"
#include "support/manifests.hpp"

namespace sparkmv {
namespace {

using isolation::Severity;

const std::vector<model::ReleaseBinding> kBindings = {{"spark-35", "a.yaml", "spark"},
                                                      {"spark-41", "b.yaml", "spark"}};

// A ConfigMap with one spark-defaults.conf; `lines` are its lines.
std::string conf(const std::string& name, const std::string& lines) {
  std::string body = "kind: ConfigMap\nmetadata: {name: " + name + "}\ndata:\n  spark-defaults.conf: |\n";
  std::size_t start = 0;
  while (start < lines.size()) {
    auto end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    body += "    " + lines.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return body;
}

// A Spark Deployment with its own ServiceAccount and version label; `fields` go into its container, `spec`
// into its pod spec.
std::string workload(const std::string& name, const std::string& app, const std::string& fields,
                     const std::string& spec = "", const std::string& image = "apache/spark:3.5.7") {
  return "kind: Deployment\nmetadata: {name: " + name +
         ", labels: {app.kubernetes.io/version: \"3.5.7\"}}\n" +
         "spec:\n  template:\n    metadata: {labels: {app: " + app + "}}\n    spec:\n" +
         "      serviceAccountName: " + name + "\n" + spec + "      containers:\n      - name: main\n" +
         "        image: \"" + image + "\"\n" + fields;
}

using Expected = std::set<std::pair<std::string, Severity>>;

struct PrecisionCase {
  const char* name;
  std::string a;
  std::string b;
  Expected expected;
};

Expected found(const isolation::IsolationReport& report) {
  Expected out;
  for (const auto& f : report.findings) out.emplace(f.rule, f.severity);
  return out;
}

std::string messages(const isolation::IsolationReport& report) {
  std::string out;
  for (const auto& f : report.findings) out += f.rule + ": " + f.message + "\n";
  return out;
}

const std::string kWrites41 = "spark.eventLog.enabled true\nspark.eventLog.dir s3a://logs/4.1/events";
const std::string kReads41 = "spark.history.fs.logDirectory s3a://logs/4.1/events";
const std::string kMinio = "spark.hadoop.fs.s3a.endpoint http://minio:9000\n";
// Release spark-41 when only spark-35 matters.
const std::string kNothing = "kind: ConfigMap\nmetadata: {name: unrelated}\n";

// A Hive Metastore of `image` behind Service hms, and a Spark configuration using it through thrift.
std::string metastore(const std::string& image, const std::string& version, const std::string& extra = "") {
  return conf("spark", "spark.hadoop.hive.metastore.uris thrift://hms.spark.svc:9083\n" + extra) +
         "---\nkind: Service\nmetadata: {name: hms}\nspec: {selector: {app: hms}}\n---\n" +
         "kind: Deployment\nmetadata: {name: hms, labels: {app.kubernetes.io/version: \"" + version +
         "\"}}\n" +
         "spec:\n  template:\n    metadata: {labels: {app: hms}}\n    spec:\n      serviceAccountName: "
         "hms\n" +
         "      containers:\n      - {name: metastore, image: \"" + image +
         "\", env: [{name: METASTORE_DB_NAME, " + "value: metastore_" + version +
         "}, {name: METASTORE_DB_HOST, value: pg}]}\n";
}

const std::vector<PrecisionCase>& cases() {
  static const std::vector<PrecisionCase> all = {
      {"ISO012_writer_into_other_history_directory",
       conf("submit", kWrites41),
       conf("history", kReads41),
       {{"ISO012", Severity::error}}},
      {"ISO012_writer_into_a_parent_is_a_warning",
       conf("submit", "spark.eventLog.enabled true\nspark.eventLog.dir s3a://logs/4.1"),
       conf("history", kReads41),
       {{"ISO012", Severity::warning}}},
      {"ISO012_writer_into_a_child_is_a_warning",
       conf("submit", "spark.eventLog.enabled=true\nspark.eventLog.dir=s3a://logs/4.1/events/team-a"),
       conf("history", kReads41),
       {{"ISO012", Severity::warning}}},
      {"ISO012_with_ISO005_when_the_writer_has_its_own_history_server",
       conf("submit", kWrites41 + "\nspark.history.fs.logDirectory s3a://logs/3.5/events"),
       conf("history", kReads41),
       {{"ISO005", Severity::error}, {"ISO012", Severity::error}}},
      {"ISO012_from_connect_server_args",
       workload(
           "connect", "spark-connect",
           "        command: [/opt/spark/sbin/start-connect-server.sh]\n"
           "        args: [--conf, spark.eventLog.enabled=true, --conf, "
           "\"spark.eventLog.dir=s3a://logs/4.1/events\", --conf, spark.sql.warehouse.dir=s3a://wh/3.5]\n"),
       conf("history", kReads41),
       {{"ISO012", Severity::error}}},
      {"ISO012_near_miss_sibling_prefix",
       conf("submit", "spark.eventLog.enabled true\nspark.eventLog.dir s3a://logs/3.5/events"),
       conf("history", kReads41),
       {}},
      {"ISO012_near_miss_logging_off",
       conf("submit", "spark.eventLog.enabled false\nspark.eventLog.dir s3a://logs/4.1/events"),
       conf("history", kReads41),
       {}},
      {"ISO012_no_endpoint_on_one_side_is_possibly_the_same_store",
       conf("submit", kWrites41),
       conf("history", kMinio + kReads41),
       {{"ISO012", Severity::warning}, {"ISO011", Severity::warning}}},
      {"ISO012_near_miss_two_named_endpoints",
       conf("submit", "spark.hadoop.fs.s3a.endpoint http://minio-35:9000\n" + kWrites41),
       conf("history", kMinio + kReads41),
       {}},
      {"ISO010_no_endpoint_on_one_side_is_a_warning",
       conf("conf", "spark.sql.warehouse.dir s3a://wh/"),
       conf("conf2", kMinio + "spark.sql.warehouse.dir s3a://wh/4.1"),
       {{"ISO010", Severity::warning}, {"ISO011", Severity::warning}}},
      {"ISO004_no_endpoint_on_one_side_is_a_warning",
       conf("history", kReads41),
       conf("history2", kMinio + kReads41),
       {{"ISO004", Severity::warning}, {"ISO011", Severity::warning}}},
      {"ISO004_same_endpoint_is_certain",
       conf("history", kMinio + kReads41),
       conf("history2", kMinio + kReads41),
       {{"ISO004", Severity::error}}},
      {"ISO011_history_server_behind_custom_entrypoint",
       workload("history", "spark-history-server", "        command: [/opt/custom/start-history.sh]\n"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO011_near_miss_history_directory_in_env",
       workload(
           "history", "spark-history-server",
           "        command: [/opt/custom/start-history.sh]\n        env: [{name: SPARK_HISTORY_OPTS, value: "
           "\"-Dspark.history.fs.logDirectory=s3a://logs/3.5/events\"}]\n"),
       kNothing,
       {}},
      {"ISO011_near_miss_history_directory_in_mounted_file",
       workload(
           "history", "spark-history-server",
           "        command: [/opt/spark/bin/spark-class, org.apache.spark.deploy.history.HistoryServer]\n",
           "      volumes: [{name: conf, configMap: {name: history-conf}}]\n") +
           "---\n" + conf("history-conf", "spark.history.fs.logDirectory=s3a://logs/3.5/events"),
       kNothing,
       {}},
      {"ISO011_history_server_recognised_by_its_class_only",
       workload("h", "h", "        args: [org.apache.spark.deploy.history.HistoryServer]\n"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO011_metastore_database_from_a_secret",
       workload(
           "hms", "hms",
           "        env: [{name: SERVICE_NAME, value: metastore}, {name: DB_URL, valueFrom: {secretKeyRef: "
           "{name: db, key: url}}}]\n",
           "", "apache/hive:3.1.3"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO011_near_miss_metastore_database_in_env",
       workload("hms", "hive-metastore",
                "        env: [{name: METASTORE_DB_NAME, value: metastore_spark35}, {name: "
                "METASTORE_DB_HOST, value: "
                "pg}]\n",
                "", "apache/hive:3.1.3"),
       kNothing,
       {}},
      {"ISO011_connect_server_logs_without_directory",
       workload("connect", "c",
                "        command: [/opt/spark/sbin/start-connect-server.sh, --conf, "
                "spark.eventLog.enabled=true]\n"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO011_kubernetes_submit_configuration_without_account",
       conf("submit", "spark.master k8s://https://kubernetes.default.svc\nspark.submit.deployMode cluster"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO011_hive_catalog_without_warehouse",
       conf("submit", "spark.master spark://m:7077\nspark.sql.catalogImplementation hive"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO013_spark35_builtin_client_against_hive4",
       metastore("apache/hive:4.0.1", "3.5.7"),
       kNothing,
       {{"ISO013", Severity::error}}},
      {"ISO013_spark41_builtin_client_against_hive4",
       kNothing,
       metastore("apache/hive:4.1.0", "4.1.0"),
       {{"ISO013", Severity::error}}},
      {"ISO013_near_miss_spark41_with_a_hive4_client",
       kNothing,
       metastore("apache/hive:4.1.0", "4.1.0",
                 "spark.sql.hive.metastore.version 4.1.0\nspark.sql.hive.metastore.jars maven"),
       {}},
      {"ISO013_near_miss_hive3_server", metastore("apache/hive:3.1.3", "3.5.7"), kNothing, {}},
      {"ISO011_metastore_server_not_in_the_input",
       conf("spark", "spark.hadoop.hive.metastore.uris thrift://hms.example.com:9083"),
       kNothing,
       {{"ISO011", Severity::warning}}},
      {"ISO011_near_miss_complete_submit_configuration",
       conf("submit",
            "spark.master k8s://https://kubernetes.default.svc\nspark.kubernetes.authenticate.driver."
            "serviceAccountName spark-35\nspark.sql.catalogImplementation hive\nspark.sql.warehouse.dir "
            "s3a://wh/3.5\nspark.eventLog.enabled true\nspark.eventLog.dir s3a://logs/3.5/events"),
       kNothing,
       {}},
  };
  return all;
}

class PrecisionTest : public ::testing::TestWithParam<PrecisionCase> {};

TEST_P(PrecisionTest, FindsExactlyTheExpectedRulesAndSeverities) {
  const auto& c = GetParam();
  const auto result = testing::lint_renders({{"a.yaml", c.a}, {"b.yaml", c.b}}, kBindings);
  EXPECT_EQ(found(result.report), c.expected) << messages(result.report);
  for (const auto& finding : result.report.findings) {
    EXPECT_FALSE(finding.fix.empty()) << finding.message;
    EXPECT_FALSE(finding.evidence.empty()) << finding.message;
  }
}

INSTANTIATE_TEST_SUITE_P(Precision, PrecisionTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<PrecisionCase>& test) {
                           return std::string(test.param.name);
                         });

TEST(Precision, PossibleStoreNamesBothEndpoints) {
  const auto result = testing::lint_renders(
      {{"a.yaml", conf("submit", kWrites41)}, {"b.yaml", conf("history", kMinio + kReads41)}}, kBindings);
  const auto iso012 = std::find_if(result.report.findings.begin(), result.report.findings.end(),
                                   [](const auto& f) { return f.rule == "ISO012"; });
  ASSERT_NE(iso012, result.report.findings.end());
  EXPECT_NE(iso012->message.find("with no S3 endpoint configured"), std::string::npos) << iso012->message;
  EXPECT_NE(iso012->message.find("at minio.spark:9000"), std::string::npos) << iso012->message;
}

TEST(Precision, UndeterminedSaysWhereItLooked) {
  const auto result = testing::lint_renders(
      {{"a.yaml", workload("history", "spark-history-server", "        command: [/start.sh]\n",
                           "      volumes: [{name: conf, configMap: {name: not-rendered}}]\n")}},
      kBindings);
  ASSERT_EQ(result.report.findings.size(), 1U) << messages(result.report);
  const auto& f = result.report.findings[0];
  EXPECT_EQ(f.setting, "History Server log directory");
  EXPECT_NE(f.message.find("Deployment/spark/history"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("ConfigMap/spark/not-rendered (used, but not in the input)"), std::string::npos)
      << f.message;
  const auto& profile = *result.inventory.release("spark-35");
  ASSERT_EQ(profile.undetermined.size(), 1U);
  EXPECT_EQ(profile.undetermined[0].role, "History Server");
}

TEST(Suppressions, MoveTheNamedFindingAsideAndReportUnusedOnes) {
  auto result = testing::lint_renders(
      {{"a.yaml", conf("submit", kWrites41)}, {"b.yaml", conf("history", kReads41)}}, kBindings);
  ASSERT_EQ(result.report.findings.size(), 1U);
  EXPECT_TRUE(isolation::fails(result.report, false));
  isolation::apply_suppressions(result.report, {isolation::parse_suppression("ISO012=ConfigMap/spark/submit"),
                                                isolation::parse_suppression("ISO003=spark-41")});
  EXPECT_TRUE(result.report.findings.empty());
  ASSERT_EQ(result.report.ignored.size(), 1U);
  EXPECT_EQ(result.report.ignored[0].by, "ISO012=ConfigMap/spark/submit");
  EXPECT_EQ(result.report.unused_suppressions, (std::vector<std::string>{"ISO003=spark-41"}));
  EXPECT_FALSE(isolation::fails(result.report, true));
}

TEST(Suppressions, ReleaseNameMatchesAndOtherRulesStay) {
  auto result = testing::lint_renders(
      {{"a.yaml", conf("submit", kWrites41 + "\nspark.history.fs.logDirectory s3a://logs/3.5/events")},
       {"b.yaml", conf("history", kReads41)}},
      kBindings);
  isolation::apply_suppressions(result.report, {isolation::parse_suppression("ISO012=spark-35")});
  ASSERT_EQ(result.report.findings.size(), 1U);
  EXPECT_EQ(result.report.findings[0].rule, "ISO005");
}

TEST(Suppressions, MalformedOrUnknownRuleIsBadInput) {
  EXPECT_THROW(isolation::parse_suppression("ISO012"), InputError);
  EXPECT_THROW(isolation::parse_suppression("=x"), InputError);
  EXPECT_THROW(isolation::parse_suppression("ISO999=x"), InputError);
}

TEST(ExitPolicy, WarningsFailOnlyWhenStrict) {
  const auto result = testing::lint_renders(
      {{"a.yaml", conf("submit", "spark.eventLog.enabled true\nspark.eventLog.dir s3a://logs/4.1")},
       {"b.yaml", conf("history", kReads41)}},
      kBindings);
  ASSERT_EQ(found(result.report), (Expected{{"ISO012", Severity::warning}}));
  EXPECT_FALSE(isolation::fails(result.report, false));
  EXPECT_TRUE(isolation::fails(result.report, true));
}

}  // namespace
}  // namespace sparkmv
