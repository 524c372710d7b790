#include "model/release.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "model/manifest_loader.hpp"

namespace sparkmv::model {
namespace {

TEST(ReleaseBinding, ParsesNameFileAndNamespace) {
  const auto b = parse_release_binding("spark-35=out/render.yaml@spark");
  EXPECT_EQ(b.name, "spark-35");
  EXPECT_EQ(b.file, "out/render.yaml");
  EXPECT_EQ(b.ns, "spark");
  const auto plain = parse_release_binding("spark-41=-");
  EXPECT_EQ(plain.file, "-");
  EXPECT_EQ(plain.ns, "");
}

TEST(ReleaseBinding, RejectsMalformedSpecs) {
  for (const char* spec : {"spark-35", "=a.yaml", "spark-35=", "a=b.yaml@", "a=@ns"}) {
    EXPECT_THROW(parse_release_binding(spec), InputError) << spec;
  }
}

TEST(AssignReleases, UsesInstanceLabelThenReleaseLabelThenFileMajorityThenFileName) {
  auto objects = load_manifests(
      "kind: ConfigMap\nmetadata: {name: a, labels: {app.kubernetes.io/instance: spark-35}}\n---\n"
      "kind: ConfigMap\nmetadata: {name: b, labels: {release: spark-35}}\n---\n"
      "kind: ConfigMap\nmetadata: {name: c}\n",
      "out/spark.yaml");
  auto orphans = load_manifests("kind: ConfigMap\nmetadata: {name: d}\n", "out/other-render.yaml");
  objects.push_back(orphans.front());
  assign_releases(objects, {});
  EXPECT_EQ(objects[0].release, "spark-35");
  EXPECT_EQ(objects[1].release, "spark-35");
  EXPECT_EQ(objects[2].release, "spark-35");
  EXPECT_EQ(objects[3].release, "other-render");
  EXPECT_EQ(objects[3].ns, "default");
}

TEST(AssignReleases, BindingWinsAndSuppliesMissingNamespaceOnly) {
  auto objects = load_manifests(
      "kind: ConfigMap\nmetadata: {name: a, labels: {app.kubernetes.io/instance: wrong}}\n---\n"
      "kind: ConfigMap\nmetadata: {name: b, namespace: explicit}\n---\n"
      "kind: ClusterRole\nmetadata: {name: c}\n",
      "r.yaml");
  assign_releases(objects, {parse_release_binding("spark-41=r.yaml@spark-41")});
  EXPECT_EQ(objects[0].release, "spark-41");
  EXPECT_EQ(objects[0].ns, "spark-41");
  EXPECT_EQ(objects[1].ns, "explicit");
  EXPECT_EQ(objects[2].ns, "");
}

}  // namespace
}  // namespace sparkmv::model
