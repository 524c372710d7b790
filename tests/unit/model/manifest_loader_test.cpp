#include "model/manifest_loader.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "support/manifests.hpp"

namespace sparkmv::model {
namespace {

TEST(ManifestLoader, KeepsHelmSourceCommentAndDocumentLine) {
  const auto objects = load_manifests(
      "---\n# Source: spark-3.5/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
      "  namespace: spark\n---\n# Source: spark-3.5/templates/b.yaml\nkind: Service\nmetadata: {name: b}\n",
      "render.yaml");
  ASSERT_EQ(objects.size(), 2U);
  EXPECT_EQ(objects[0].where.template_path, "spark-3.5/templates/a.yaml");
  EXPECT_EQ(objects[0].where.line, 3);
  EXPECT_EQ(objects[0].ns, "spark");
  EXPECT_TRUE(objects[0].namespace_explicit);
  EXPECT_EQ(objects[1].where.template_path, "spark-3.5/templates/b.yaml");
  EXPECT_EQ(objects[1].where.line, 10);
  EXPECT_EQ(objects[1].ns, "");
  EXPECT_FALSE(objects[1].namespace_explicit);
}

TEST(ManifestLoader, ClusterScopedKindsHaveNoNamespace) {
  const auto objects =
      load_manifests("kind: ClusterRole\nmetadata: {name: r, namespace: ignored}\n", "render.yaml");
  ASSERT_EQ(objects.size(), 1U);
  EXPECT_EQ(objects[0].ns, "");
  EXPECT_EQ(objects[0].ref().to_string(), "ClusterRole/r");
}

TEST(ManifestLoader, QuotedScalarsStayStringsAndPlainOnesResolve) {
  const auto objects = load_manifests(
      "kind: ConfigMap\nmetadata: {name: a}\ndata: {v: \"3.5\", n: 3.5, b: true, s: 'true', i: 42}\n",
      "x.yaml");
  const auto& data = objects.at(0).body["data"];
  EXPECT_TRUE(data["v"].is_string());
  EXPECT_TRUE(data["n"].is_number_float());
  EXPECT_TRUE(data["b"].is_boolean());
  EXPECT_TRUE(data["s"].is_string());
  EXPECT_EQ(data["i"].get<int>(), 42);
}

TEST(ManifestLoader, ExpandsKubectlListJson) {
  const auto objects = load_manifest_file(testing::fixture_path("manifests/isolated/kubectl-get-all.json"));
  const auto yaml35 = load_manifest_file(testing::fixture_path("manifests/isolated/spark-35.yaml"));
  const auto yaml41 = load_manifest_file(testing::fixture_path("manifests/isolated/spark-41.yaml"));
  ASSERT_EQ(objects.size(), yaml35.size() + yaml41.size());
  for (std::size_t i = 0; i < yaml35.size(); ++i) {
    EXPECT_EQ(objects[i].ref(), yaml35[i].ref());
    EXPECT_EQ(objects[i].body.value("data", nlohmann::json()),
              yaml35[i].body.value("data", nlohmann::json()));
  }
}

TEST(ManifestLoader, LoadsThirdPartyRenderWithCrdListHooksAndEmptyDocuments) {
  const auto objects =
      load_manifest_file(testing::fixture_path("manifests/third-party/operator-render.yaml"));
  std::vector<std::string> refs;
  for (const auto& o : objects) refs.push_back(o.ref().to_string());
  EXPECT_EQ(refs, (std::vector<std::string>{
                      "CustomResourceDefinition/sparkapplications.sparkoperator.k8s.io",
                      "ServiceAccount/spark-operator/ops-spark-operator",
                      "ClusterRole/ops-spark-operator",
                      "ClusterRoleBinding/ops-spark-operator",
                      "Job/spark-operator/ops-spark-operator-webhook-cleanup-*",
                      "Pod/spark-operator/ops-spark-operator-test-connection",
                  }));
  // Anchors and aliases resolve: the ClusterRole carries the ServiceAccount's labels.
  EXPECT_EQ(objects[2].label("app.kubernetes.io/instance"), "ops");
  // A document that starts on its own marker line keeps its Source comment.
  EXPECT_EQ(objects[4].where.template_path, "spark-operator/templates/webhook-cleanup.yaml");
}

struct BadInput {
  const char* name;
  const char* fixture;
  const char* message;  // the one-line error must contain this
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, RaisesOneLineInputErrorNamingFileAndLine) {
  const auto& c = GetParam();
  const auto path = testing::fixture_path(std::string("manifests/bad/") + c.fixture);
  try {
    load_manifest_file(path);
    FAIL() << "no error for " << c.fixture;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(c.message), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

const BadInput kBadInputs[] = {
    {"malformed_yaml", "malformed.yaml", ":5: malformed YAML"},
    {"malformed_json", "malformed.json", ":3: malformed JSON"},
    {"document_without_kind", "no-kind.yaml", ":7: object has no kind"},
    {"document_without_name", "no-name.yaml", ":1: Service has no metadata.name"},
    {"empty_input", "empty.yaml", "empty input"},
    {"comments_only_input", "comments-only.yaml", "no Kubernetes objects"},
    {"binary_file", "binary.bin", "binary data"},
    {"scalar_document", "scalar.yaml", ":1: document is not a mapping"},
    {"missing_file", "does-not-exist.yaml", "No such file or directory"},
};

INSTANTIATE_TEST_SUITE_P(Loader, BadInputTest, ::testing::ValuesIn(kBadInputs),
                         [](const ::testing::TestParamInfo<BadInput>& test) {
                           return std::string(test.param.name);
                         });

TEST(ManifestLoader, DirectoryIsAnInputError) {
  EXPECT_THROW(load_manifest_file(testing::fixture_path("manifests")), InputError);
}

TEST(ManifestLoader, TruncatedJsonAtEveryCutIsAnInputErrorNeverACrash) {
  const auto text = read_input(testing::fixture_path("manifests/isolated/kubectl-get-all.json"));
  for (std::size_t cut = 1; cut < text.size(); cut += 97) {
    try {
      load_manifests(std::string_view(text).substr(0, cut), "cut.json");
    } catch (const InputError&) {
      continue;
    }
    ADD_FAILURE() << "cut at " << cut << " loaded without error";
  }
}

TEST(ManifestLoader, TruncatedYamlAtEveryLineLoadsOrFailsCleanly) {
  const auto text = read_input(testing::fixture_path("manifests/isolated/spark-41.yaml"));
  for (std::size_t cut = text.find('\n'); cut != std::string::npos; cut = text.find('\n', cut + 1)) {
    try {
      load_manifests(std::string_view(text).substr(0, cut), "cut.yaml");
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("cut.yaml", 0), 0U) << e.what();
    }
  }
}

}  // namespace
}  // namespace sparkmv::model
