// One minimal pair of releases per rule that triggers it, and a near miss that must not. Release spark-35
// comes from a.yaml and spark-41 from b.yaml, both in namespace "spark" unless the YAML says otherwise.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/manifests.hpp"

namespace sparkmv {
namespace {

struct RuleCase {
  const char* name;
  const char* release_a;
  const char* release_b;
  const char* expected_rule;  // nullptr: the pair must lint clean
  bool same_names = false;    // false: release B's objects get distinct names, so ISO001 stays out of the way
};

const std::vector<model::ReleaseBinding> kBindings = {{"spark-35", "a.yaml", "spark"},
                                                      {"spark-41", "b.yaml", "spark"}};

constexpr const char* kMasterService = R"(
kind: Service
metadata: {name: spark-master}
spec: {selector: {app: spark-master, app.kubernetes.io/instance: spark-35}}
)";

constexpr const char* kHiveSite = R"(
kind: ConfigMap
metadata: {name: %NAME%}
data:
  hive-site.xml: |
    <configuration>
      <property><name>javax.jdo.option.ConnectionURL</name><value>%URL%</value></property>
    </configuration>
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

std::string hive_site(const std::string& name, const std::string& url) {
  return replace(replace(kHiveSite, "%NAME%", name), "%URL%", url);
}

std::string defaults(const std::string& name, const std::string& lines) {
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

// Pods run as an account named after them unless `extra_spec` says otherwise ("" = the default account).
constexpr const char* kOwnAccount = "own";

std::string pod(const std::string& name, const std::string& labels, std::string extra_spec = kOwnAccount,
                const std::string& image = "apache/spark:3.5.7", const std::string& container_fields = "") {
  if (extra_spec == kOwnAccount) extra_spec = "      serviceAccountName: " + name + "\n";
  return "kind: Deployment\nmetadata:\n  name: " + name +
         "\n  labels: {app.kubernetes.io/version: \"3.5.7\"}\n" +
         "spec:\n  selector: {matchLabels: " + labels + "}\n  template:\n    metadata: {labels: " + labels +
         "}\n    spec:\n" + extra_spec + "      containers: [{name: main, image: \"" + image + "\"" +
         container_fields + "}]\n";
}

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, FindsExactlyTheExpectedRule) {
  const auto& c = GetParam();
  std::string release_b = c.release_b;
  if (!c.same_names) {
    release_b = replace(replace(release_b, "metadata: {name: ", "metadata: {name: b-"),
                        "metadata:\n  name: ", "metadata:\n  name: b-");
  }
  const auto result = testing::lint_renders({{"a.yaml", c.release_a}, {"b.yaml", release_b}}, kBindings);
  const auto ids = testing::rule_ids(result.report);
  if (c.expected_rule == nullptr) {
    EXPECT_TRUE(ids.empty()) << "unexpected: " << (ids.empty() ? "" : result.report.findings.front().message);
  } else {
    ASSERT_FALSE(ids.empty()) << "expected " << c.expected_rule;
    for (const auto& id : ids) EXPECT_EQ(id, c.expected_rule) << result.report.findings.front().message;
    for (const auto& finding : result.report.findings) {
      EXPECT_FALSE(finding.fix.empty());
      EXPECT_FALSE(finding.evidence.empty());
    }
  }
}

// Owned strings for the parameter table (the cases keep pointers into them).
const std::string k003SameDbTrigger =
    hive_site("hive", "jdbc:postgresql://pg.spark.svc.cluster.local/metastore");
const std::string k003SameDbOther = hive_site("hive", "jdbc:postgresql://pg:5432/metastore?sslmode=require");
const std::string k003Own35 = hive_site("hive", "jdbc:postgresql://pg:5432/metastore_spark35");
const std::string k003Own41 = hive_site("hive", "jdbc:postgresql://pg.spark:5432/metastore_spark41");
const std::string k003OtherServer = hive_site("hive", "jdbc:postgresql://pg-other:5432/metastore");
// The metastore service both point at, with its server (a Hive 3.1 image), so that its version is known.
const std::string kHms =
    "---\nkind: Service\nmetadata: {name: hms}\nspec: {selector: {app: hms}}\n---\n" +
    pod("hms", "{app: hms}", kOwnAccount, "apache/hive:3.1.3",
        ", env: [{name: METASTORE_DB_NAME, value: metastore_spark35}, {name: METASTORE_DB_HOST, value: pg}]");
const std::string k003Thrift35 =
    defaults("conf", "spark.hadoop.hive.metastore.uris thrift://hms.spark.svc:9083") + kHms;
const std::string k003Thrift41 = defaults("conf", "spark.hadoop.hive.metastore.uris=thrift://hms:9083");
const std::string k003Env35 =
    pod("hms35", "{app: hms35}", kOwnAccount, "apache/hive:3.1.3",
        ", env: [{name: POSTGRES_DB, value: metastore}, {name: POSTGRES_HOST, value: pg}]");
const std::string k003Env41 =
    pod("hms41", "{app: hms41}", kOwnAccount, "apache/hive:4.1.0",
        ", env: [{name: DB_NAME, value: metastore}, {name: DB_HOST, value: pg.spark.svc}]");
const std::string k004Nested35 = defaults("conf", "spark.history.fs.logDirectory s3a://spark-logs/3.5");
const std::string k004Nested41 =
    defaults("conf", "spark.history.fs.logDirectory s3://spark-logs/3.5/events/");
const std::string k004Dots41 = defaults("conf", "spark.history.fs.logDirectory s3a://spark-logs/4.1/../3.5");
const std::string k004Own35 = defaults("conf", "spark.history.fs.logDirectory s3a://spark-logs/3.5/events");
const std::string k004Sibling41 =
    defaults("conf", "spark.history.fs.logDirectory s3a://spark-logs/3.5-events");
const std::string k004Minio35 =
    defaults("conf",
             "spark.hadoop.fs.s3a.endpoint http://minio-35:9000\nspark.history.fs.logDirectory "
             "s3a://spark-logs/events");
const std::string k004Minio41 =
    defaults("conf",
             "spark.hadoop.fs.s3a.endpoint http://minio-41:9000\nspark.history.fs.logDirectory "
             "s3a://spark-logs/events");
const std::string k004SameMinio41 =
    defaults("conf",
             "spark.hadoop.fs.s3a.endpoint https://minio-35.spark.svc.cluster.local:9000\n"
             "spark.history.fs.logDirectory s3a://spark-logs/events");
const std::string k005Mismatch =
    defaults("conf",
             "spark.eventLog.enabled true\nspark.eventLog.dir s3a://spark-logs/4.1/event\n"
             "spark.history.fs.logDirectory s3a://spark-logs/4.1/events");
const std::string k005Agree =
    defaults("conf",
             "spark.eventLog.enabled true\nspark.eventLog.dir s3a://spark-logs/4.1/events/\n"
             "spark.history.fs.logDirectory s3a://spark-logs/4.1/events");
const std::string k005Disabled =
    defaults("conf",
             "spark.eventLog.enabled false\nspark.eventLog.dir s3a://spark-logs/elsewhere\n"
             "spark.history.fs.logDirectory s3a://spark-logs/4.1/events");
const std::string k005Args =
    defaults("conf", "spark.history.fs.logDirectory s3a://spark-logs/4.1/events") + "---\n" +
    "kind: Deployment\nmetadata: {name: connect, labels: {app.kubernetes.io/version: \"4.1.0\"}}\n"
    "spec:\n  template:\n    spec:\n      containers:\n      - name: connect\n        image: "
    "apache/spark:4.1.0\n"
    "        args: [--conf, spark.eventLog.enabled=true, --conf, "
    "spark.eventLog.dir=s3a://spark-logs/events]\n";
const std::string k005Env =
    defaults("conf", "spark.eventLog.enabled true\nspark.eventLog.dir s3a://spark-logs/4.1/events") +
    "---\n" +
    "kind: Deployment\nmetadata: {name: history, labels: {app.kubernetes.io/version: \"4.1.0\"}}\n"
    "spec:\n  template:\n    spec:\n      containers:\n      - name: history\n        image: "
    "apache/spark:4.1.0\n"
    "        env: [{name: SPARK_HISTORY_OPTS, value: "
    "\"-Dspark.history.fs.logDirectory=s3a://spark-logs/3.5/x\"}]\n";
const std::string k006Shared35 = pod("master", "{app: m35}", "      serviceAccountName: spark\n");
const std::string k006Shared41 = pod("connect", "{app: c41}", "      serviceAccountName: spark\n");
const std::string k006Own41 = pod("connect", "{app: c41}", "      serviceAccountName: spark-41\n");
const std::string k006Default35 = pod("master", "{app: m35}", "");
const std::string k006Default41 = pod("connect", "{app: c41}", "");
const std::string k006Binding41 =
    pod("connect", "{app: c41}", "      serviceAccountName: spark-41\n") + "---\n" +
    "kind: RoleBinding\nmetadata: {name: spark-41}\nroleRef: {kind: Role, name: spark-41}\n"
    "subjects: [{kind: ServiceAccount, name: spark}]\n";
const std::string k006OtherNamespace =
    "kind: Deployment\nmetadata: {name: connect, namespace: spark-41, labels: {app.kubernetes.io/version: "
    "\"4.1.0\"}}\nspec:\n  template:\n    spec:\n      serviceAccountName: spark\n      containers: [{name: "
    "c, "
    "image: \"apache/spark:4.1.0\"}]\n";
const std::string k007Loose35 =
    pod("worker", "{app: spark-worker, app.kubernetes.io/instance: spark-35}") + "---\n" +
    "kind: Service\nmetadata: {name: spark-35-worker}\nspec: {selector: {app: spark-worker}}\n";
const std::string k007Tight35 =
    pod("worker", "{app: spark-worker, app.kubernetes.io/instance: spark-35}") + "---\n" +
    "kind: Service\nmetadata: {name: spark-35-worker}\n"
    "spec: {selector: {app: spark-worker, app.kubernetes.io/instance: spark-35}}\n";
const std::string k007Pods41 = pod("worker41", "{app: spark-worker, app.kubernetes.io/instance: spark-41}");
const std::string k007Expr35 =
    "kind: Deployment\nmetadata: {name: w, labels: {app.kubernetes.io/version: \"3.5.7\"}}\n"
    "spec:\n  selector:\n    matchExpressions: [{key: app, operator: In, values: [spark-worker]}]\n"
    "  template:\n    metadata: {labels: {app: spark-worker}}\n    spec:\n"
    "      containers: [{name: c, image: \"apache/spark:3.5.7\"}]\n";
const std::string k008Latest = pod("master", "{app: m}", kOwnAccount, "docker.io/apache/spark:latest");
const std::string k008NoTag = pod("master", "{app: m}", kOwnAccount, "registry.local:5000/apache/spark");
const std::string k008Digest = pod("master", "{app: m}", kOwnAccount, "apache/spark@sha256:0123456789abcdef");
const std::string k008Unlabelled =
    "kind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n"
    "      containers: [{name: c, image: \"apache/spark:3.5.7-scala2.12-java17-ubuntu\"}]\n";
const std::string k008Other = pod("db", "{app: db}", kOwnAccount, "postgres:latest");
const std::string k009Cluster =
    "kind: ServiceAccount\nmetadata: {name: spark-41}\n---\n"
    "kind: ClusterRoleBinding\nmetadata: {name: spark-41-admin}\nroleRef: {kind: ClusterRole, name: edit}\n"
    "subjects: [{kind: ServiceAccount, name: spark-41, namespace: spark}]\n";
const std::string k009Namespaced =
    "kind: ServiceAccount\nmetadata: {name: spark-41}\n---\n"
    "kind: RoleBinding\nmetadata: {name: spark-41-edit}\nroleRef: {kind: ClusterRole, name: edit}\n"
    "subjects: [{kind: ServiceAccount, name: spark-41}]\n";
const std::string k010Root = defaults("conf", "spark.sql.warehouse.dir s3a://spark-warehouse/");
const std::string k010Own41 = defaults("conf", "spark.sql.warehouse.dir s3a://spark-warehouse/4.1");
const std::string k010Own35 = hive_site("hive", "jdbc:derby:;databaseName=metastore_db;create=true") +
                              "---\n" +
                              defaults("conf2", "spark.sql.warehouse.dir s3a://spark-warehouse/3.5");
const std::string k010Checkpoint35 =
    defaults("conf", "spark.sql.streaming.checkpointLocation s3a://ckpt/shared");
const std::string k010Checkpoint41 =
    defaults("conf", "spark.sql.streaming.checkpointLocation s3a://ckpt/shared/4.1");
const std::string k010Relative = defaults("conf", "spark.sql.warehouse.dir spark-warehouse");

const RuleCase kCases[] = {
    {"ISO001_same_service_name", kMasterService, kMasterService, "ISO001", true},
    {"ISO001_near_miss_other_namespace", kMasterService,
     "kind: Service\nmetadata: {name: spark-master, namespace: spark-41}\n", nullptr, true},
    {"ISO002_same_cluster_role", "kind: ClusterRole\nmetadata: {name: spark}\n",
     "kind: ClusterRole\nmetadata: {name: spark}\n", "ISO002", true},
    {"ISO002_near_miss_distinct_names", "kind: ClusterRole\nmetadata: {name: spark-35}\n",
     "kind: ClusterRole\nmetadata: {name: spark-41}\n", nullptr},
    {"ISO003_one_database_through_host_aliases", k003SameDbTrigger.c_str(), k003SameDbOther.c_str(),
     "ISO003"},
    {"ISO003_one_metastore_service", k003Thrift35.c_str(), k003Thrift41.c_str(), "ISO003"},
    {"ISO003_one_database_named_in_env", k003Env35.c_str(), k003Env41.c_str(), "ISO003"},
    {"ISO003_near_miss_own_databases_on_one_server", k003Own35.c_str(), k003Own41.c_str(), nullptr},
    {"ISO003_near_miss_same_name_other_server", k003SameDbTrigger.c_str(), k003OtherServer.c_str(), nullptr},
    {"ISO004_nested_across_schemes", k004Nested35.c_str(), k004Nested41.c_str(), "ISO004"},
    {"ISO004_equal_after_dot_dot", k004Own35.c_str(), k004Dots41.c_str(), "ISO004"},
    {"ISO004_one_endpoint_named_two_ways", k004Minio35.c_str(), k004SameMinio41.c_str(), "ISO004"},
    {"ISO004_near_miss_same_bucket_name_on_two_servers", k004Minio35.c_str(), k004Minio41.c_str(), nullptr},
    {"ISO004_near_miss_string_prefix_only", k004Own35.c_str(), k004Sibling41.c_str(), nullptr},
    {"ISO005_writes_elsewhere", "kind: ConfigMap\nmetadata: {name: x}\n", k005Mismatch.c_str(), "ISO005"},
    {"ISO005_connect_args_write_elsewhere", "kind: ConfigMap\nmetadata: {name: x}\n", k005Args.c_str(),
     "ISO005"},
    {"ISO005_history_env_reads_elsewhere", "kind: ConfigMap\nmetadata: {name: x}\n", k005Env.c_str(),
     "ISO005"},
    {"ISO005_near_miss_trailing_slash", "kind: ConfigMap\nmetadata: {name: x}\n", k005Agree.c_str(), nullptr},
    {"ISO005_near_miss_logging_disabled", "kind: ConfigMap\nmetadata: {name: x}\n", k005Disabled.c_str(),
     nullptr},
    {"ISO006_pods_share_account", k006Shared35.c_str(), k006Shared41.c_str(), "ISO006"},
    {"ISO006_both_default_account", k006Default35.c_str(), k006Default41.c_str(), "ISO006"},
    {"ISO006_binding_grants_other_release", k006Shared35.c_str(), k006Binding41.c_str(), "ISO006"},
    {"ISO006_near_miss_own_accounts", k006Shared35.c_str(), k006Own41.c_str(), nullptr},
    {"ISO006_near_miss_same_name_other_namespace", k006Shared35.c_str(), k006OtherNamespace.c_str(), nullptr},
    {"ISO007_service_selects_other_release", k007Loose35.c_str(), k007Pods41.c_str(), "ISO007"},
    {"ISO007_workload_expression_selects_other_release", k007Expr35.c_str(), k007Pods41.c_str(), "ISO007"},
    {"ISO007_near_miss_instance_in_selector", k007Tight35.c_str(), k007Pods41.c_str(), nullptr},
    {"ISO008_latest_tag", k008Latest.c_str(), "kind: ConfigMap\nmetadata: {name: x}\n", "ISO008"},
    {"ISO008_no_tag_with_registry_port", k008NoTag.c_str(), "kind: ConfigMap\nmetadata: {name: x}\n",
     "ISO008"},
    {"ISO008_no_version_label", k008Unlabelled.c_str(), "kind: ConfigMap\nmetadata: {name: x}\n", "ISO008"},
    {"ISO008_near_miss_digest", k008Digest.c_str(), "kind: ConfigMap\nmetadata: {name: x}\n", nullptr},
    {"ISO008_near_miss_not_spark", k008Other.c_str(), "kind: ConfigMap\nmetadata: {name: x}\n", nullptr},
    {"ISO009_cluster_role_binding", "kind: ConfigMap\nmetadata: {name: x}\n", k009Cluster.c_str(), "ISO009"},
    {"ISO009_near_miss_role_binding_to_cluster_role", "kind: ConfigMap\nmetadata: {name: x}\n",
     k009Namespaced.c_str(), nullptr},
    {"ISO010_warehouse_root_contains_other", k010Own35.c_str(), k010Root.c_str(), "ISO010"},
    {"ISO010_nested_checkpoints", k010Checkpoint35.c_str(), k010Checkpoint41.c_str(), "ISO010"},
    {"ISO010_near_miss_sibling_warehouses", k010Own35.c_str(), k010Own41.c_str(), nullptr},
    {"ISO010_near_miss_relative_paths_are_pod_local", k010Relative.c_str(), k010Relative.c_str(), nullptr},
};

INSTANTIATE_TEST_SUITE_P(Isolation, RuleTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<RuleCase>& test) {
                           return std::string(test.param.name);
                         });

TEST(RuleCatalog, EveryRuleIsDocumentedWithIdSeverityAndTitle) {
  const auto& rules = isolation::rule_catalog();
  ASSERT_EQ(rules.size(), 13U);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i].id, fmt::format("ISO{:03}", i + 1));
    EXPECT_FALSE(rules[i].title.empty());
  }
}

TEST(SharedResources, ReportsSharedServerAndBucketsAsAllowed) {
  const auto result =
      testing::lint_renders({{"a.yaml", k003Own35 + "---\n" + k004Own35},
                             {"b.yaml", replace(k003Own41 + "---\n" + k005Agree, "{name: ", "{name: b-")}},
                            kBindings);
  EXPECT_TRUE(result.report.findings.empty());
  std::vector<std::string> kinds;
  for (const auto& shared : result.report.shared) kinds.push_back(shared.kind + " " + shared.resource);
  EXPECT_EQ(kinds, (std::vector<std::string>{"database server postgresql://pg.spark:5432",
                                             "bucket s3://spark-logs"}));
}

}  // namespace
}  // namespace sparkmv
