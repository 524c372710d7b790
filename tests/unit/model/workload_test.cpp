#include "model/workload.hpp"

#include <gtest/gtest.h>

#include "model/manifest_loader.hpp"

namespace sparkmv::model {
namespace {

TEST(Workload, FindsPodTemplatesOfEveryWorkloadKind) {
  const auto objects = load_manifests(R"(
kind: CronJob
metadata: {name: c}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {a: b}}, spec: {serviceAccountName: sa, containers: [{name: x, image: i}]}}}}}
---
kind: Pod
metadata: {name: p}
spec: {initContainers: [{name: init, image: i}], containers: [{name: x, image: i}]}
---
kind: Service
metadata: {name: s}
)",
                                      "w.yaml");
  const auto cron = pod_template_of(objects[0]);
  ASSERT_TRUE(cron);
  EXPECT_EQ(cron->labels["a"], "b");
  EXPECT_EQ(service_account_of(*cron->spec), "sa");
  const auto pod = pod_template_of(objects[1]);
  ASSERT_TRUE(pod);
  EXPECT_EQ(containers_of(*pod->spec).size(), 2U);
  EXPECT_EQ(service_account_of(*pod->spec), "default");
  EXPECT_FALSE(pod_template_of(objects[2]));
}

TEST(Workload, ParsesImageReferences) {
  struct Case {
    const char* image;
    const char* repository;
    const char* tag;
    const char* digest;
  };
  for (const auto& c :
       {Case{"apache/spark:3.5.7", "apache/spark", "3.5.7", ""},
        Case{"registry:5000/apache/spark", "registry:5000/apache/spark", "", ""},
        Case{"registry:5000/spark:4.1.0@sha256:ab", "registry:5000/spark", "4.1.0", "sha256:ab"},
        Case{"spark", "spark", "", ""}}) {
    const auto ref = parse_image(c.image);
    EXPECT_EQ(ref.repository, c.repository) << c.image;
    EXPECT_EQ(ref.tag, c.tag) << c.image;
    EXPECT_EQ(ref.digest, c.digest) << c.image;
  }
}

TEST(Workload, MatchesSelectors) {
  const nlohmann::json labels = {{"app", "hs"}, {"tier", "web"}};
  EXPECT_TRUE(selector_matches({{"app", "hs"}}, labels));
  EXPECT_FALSE(selector_matches({{"app", "hs"}, {"release", "x"}}, labels));
  EXPECT_FALSE(selector_matches(nlohmann::json::object(), labels));
  EXPECT_TRUE(selector_matches({{"matchLabels", {{"app", "hs"}}}}, labels));
  const nlohmann::json in = {
      {"matchExpressions", {{{"key", "tier"}, {"operator", "In"}, {"values", {"web"}}}}}};
  EXPECT_TRUE(selector_matches(in, labels));
  const nlohmann::json not_in = {
      {"matchExpressions", {{{"key", "tier"}, {"operator", "NotIn"}, {"values", {"web"}}}}}};
  EXPECT_FALSE(selector_matches(not_in, labels));
  const nlohmann::json missing = {{"matchExpressions", {{{"key", "release"}, {"operator", "DoesNotExist"}}}}};
  EXPECT_TRUE(selector_matches(missing, labels));
}

}  // namespace
}  // namespace sparkmv::model
