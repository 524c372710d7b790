#include "isolation/settings.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "isolation/inventory.hpp"
#include "model/manifest_loader.hpp"

namespace sparkmv::isolation {
namespace {

std::vector<std::pair<std::string, std::string>> pairs(const std::vector<Setting>& settings) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : settings) out.emplace_back(s.key, s.value);
  return out;
}

TEST(Settings, ReadsConfArgsShellScriptsAndJvmOptionsInEnv) {
  const auto objects = model::load_manifests(R"(
kind: Deployment
metadata: {name: hs}
spec:
  template:
    spec:
      containers:
      - name: hs
        image: apache/spark:3.5.7
        command: [/bin/sh, -c]
        args: ["exec spark-submit --conf spark.a=1 --conf=spark.b=2 -Dspark.c=3 app.py"]
        env:
        - {name: SPARK_HISTORY_OPTS, value: "-Dspark.history.fs.logDirectory=s3a://l/3.5 -Xmx1g"}
        - {name: FROM_SECRET, valueFrom: {secretKeyRef: {name: s, key: k}}}
)",
                                             "d.yaml");
  const auto settings = settings_of(objects.at(0));
  EXPECT_EQ(pairs(settings), (std::vector<std::pair<std::string, std::string>>{
                                 {"spark.a", "1"},
                                 {"spark.b", "2"},
                                 {"spark.c", "3"},
                                 {"spark.history.fs.logDirectory", "s3a://l/3.5"}}));
  EXPECT_EQ(settings.back().evidence.detail, "container hs env SPARK_HISTORY_OPTS");
  EXPECT_EQ(settings.front().scope, settings.back().scope);
}

TEST(Settings, ReadsConfigFilesInConfigMapsAndNamesTheLine) {
  const auto objects = model::load_manifests(R"(
kind: ConfigMap
metadata: {name: conf}
data:
  spark-defaults.conf: |
    # c
    spark.eventLog.dir s3a://l/4.1
  spark-env.sh: |
    export SPARK_HISTORY_OPTS="-Dspark.history.fs.logDirectory=s3a://l/4.1"
  core-site.xml: |
    <configuration><property><name>fs.s3a.endpoint</name><value>http://minio:9000</value></property></configuration>
  README.md: "spark.ignored value"
)",
                                             "c.yaml");
  const auto settings = settings_of(objects.at(0));
  ASSERT_EQ(settings.size(), 3U);
  EXPECT_EQ(settings[0].key, "fs.s3a.endpoint");
  EXPECT_EQ(settings[1].key, "spark.eventLog.dir");
  EXPECT_EQ(settings[1].evidence.detail, "data[spark-defaults.conf] line 2");
  EXPECT_EQ(settings[2].key, "spark.history.fs.logDirectory");
  EXPECT_EQ(settings[2].value, "s3a://l/4.1");
}

TEST(Settings, MalformedHiveSiteIsAnInputErrorNamingObjectAndKey) {
  const auto objects = model::load_manifest_file(std::string(SPARKMV_FIXTURES_DIR) +
                                                 "/manifests/bad/bad-xml-in-configmap.yaml");
  try {
    settings_of(objects.at(0));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("ConfigMap/broken-hive-site data[hive-site.xml]"), std::string::npos)
        << e.what();
  }
}

TEST(Inventory, DetectsSparkVersionFromImagesBeforeLabels) {
  EXPECT_EQ(spark_version_of_tag("3.5.7-scala2.12-java17-python3-ubuntu"), "3.5.7");
  EXPECT_EQ(spark_version_of_tag("v4.1.0"), "4.1.0");
  EXPECT_EQ(spark_version_of_tag("latest"), "");
  EXPECT_TRUE(is_spark_image("docker.io/apache/spark"));
  EXPECT_TRUE(is_spark_image("spark-py"));
  EXPECT_FALSE(is_spark_image("kubeflow/spark-operator"));
}

}  // namespace
}  // namespace sparkmv::isolation
