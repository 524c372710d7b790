// The process runner and the kubectl/helm adapters' parsing, without any cluster.
#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "kube/helm.hpp"
#include "kube/kubectl.hpp"
#include "kube/process.hpp"
#include "kube/tools.hpp"

namespace sparkmv::kube {
namespace {

TEST(Process, CapturesOutputErrorAndExitCodeWithoutAShell) {
  const auto r = run_process({"sh", "-c", "echo out; echo err >&2; exit 7"});
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_FALSE(r.ok());
  // Arguments reach the program as they are: no word splitting, no globbing.
  const auto literal = run_process({"printf", "%s|", "a b", "*", "$HOME"});
  EXPECT_EQ(literal.out, "a b|*|$HOME|");
}

TEST(Process, FeedsStandardInput) {
  ProcessOptions options;
  options.input = std::string(200000, 'x');
  const auto r = run_process({"wc", "-c"}, options);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.out.substr(r.out.find_first_not_of(' ')), "200000\n");
}

TEST(Process, KillsAProgramThatOverrunsItsTime) {
  ProcessOptions options;
  options.timeout = std::chrono::milliseconds(200);
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_process({"sh", "-c", "sleep 20 & wait"}, options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(Process, MissingProgramDoesNotStart) {
  const auto r = run_process({"/nonexistent/kubectl", "version"});
  EXPECT_TRUE(r.not_started);
  EXPECT_EQ(find_program("/nonexistent/kubectl"), "");
  EXPECT_NE(find_program("sh"), "");
}

TEST(Process, ShellWordsForDisplay) {
  EXPECT_EQ(shell_word("--set"), "--set");
  EXPECT_EQ(shell_word("a=s3a://b/c"), "a=s3a://b/c");
  EXPECT_EQ(shell_word("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_word(""), "''");
  EXPECT_EQ(shell_command({"helm", "x y"}), "helm 'x y'");
}

TEST(Tools, MissingToolSaysHowToPointAtIt) {
  try {
    resolve_tool({"kubectl", "--kubectl", "SPARKMV_TEST_UNSET_VARIABLE"}, "/nonexistent/kubectl");
    FAIL();
  } catch (const EnvironmentError& e) {
    EXPECT_STREQ(e.what(), "kubectl not found or not executable: /nonexistent/kubectl (from --kubectl)");
  }
}

struct KubectlError {
  const char* text;
  KubectlFailure failure;
  const char* message;
};

class KubectlErrors : public ::testing::TestWithParam<KubectlError> {};

TEST_P(KubectlErrors, ClassifiedWithKubectlsOwnLine) {
  EXPECT_EQ(classify_kubectl_error(GetParam().text), GetParam().failure);
  EXPECT_EQ(kubectl_message(GetParam().text), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, KubectlErrors,
    ::testing::Values(
        KubectlError{
            "E0602 10:00:00.000000   1 memcache.go:265] \"Unhandled Error\" err=\"connection refused\"\n"
            "The connection to the server localhost:8080 was refused - did you specify the right host or "
            "port?\n",
            KubectlFailure::unreachable,
            "The connection to the server localhost:8080 was refused - did you specify the right host or "
            "port?"},
        KubectlError{"Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout\n",
                     KubectlFailure::unreachable,
                     "Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout"},
        KubectlError{
            "Error from server (Forbidden): pods is forbidden: User \"jane\" cannot list resource \"pods\"\n",
            KubectlFailure::forbidden,
            "Error from server (Forbidden): pods is forbidden: User \"jane\" cannot list resource \"pods\""},
        KubectlError{"Error from server (NotFound): namespaces \"x\" not found\n", KubectlFailure::not_found,
                     "Error from server (NotFound): namespaces \"x\" not found"},
        KubectlError{"", KubectlFailure::none, ""}),
    [](const ::testing::TestParamInfo<KubectlError>& param) { return std::to_string(param.index); });

TEST(Kubectl, ForwardingLine) {
  EXPECT_EQ(parse_forwarding_line("Forwarding from 127.0.0.1:43123 -> 18080"), 43123);
  EXPECT_EQ(parse_forwarding_line("Forwarding from [::1]:43123 -> 18080"), 43123);
  EXPECT_EQ(parse_forwarding_line("Handling connection for 43123"), 0);
  EXPECT_EQ(parse_forwarding_line("Forwarding from 127.0.0.1:99999999 -> 18080"), 0);
}

TEST(Kubectl, SecretNamesCarryLabelsButNoData) {
  const auto secrets =
      parse_secret_names("spark-35-metastore-db\t{\"app.kubernetes.io/instance\":\"spark-35\"}\nplain\t\n",
                         "spark", "kubectl get secrets");
  ASSERT_EQ(secrets.size(), 2U);
  EXPECT_EQ(secrets[0].kind, "Secret");
  EXPECT_EQ(secrets[0].label("app.kubernetes.io/instance"), "spark-35");
  EXPECT_FALSE(secrets[0].body.contains("data"));
  EXPECT_EQ(secrets[1].name, "plain");
  EXPECT_EQ(secrets[1].where.line, 2);
  EXPECT_THROW(parse_secret_names("x\t{not json", "spark", "o"), EnvironmentError);
}

TEST(Kubectl, ArgvCarriesContextAndRequestTimeout) {
  const Kubectl kubectl({"kubectl", "prod", std::chrono::seconds(7)});
  EXPECT_EQ(kubectl.argv({"get", "pods"}), (std::vector<std::string>{"kubectl", "--context", "prod",
                                                                     "--request-timeout=7s", "get", "pods"}));
}

TEST(Helm, UpgradeAndTestArgv) {
  const Helm helm({"helm", "", std::chrono::seconds(60)});
  const ReleasePlan plan{"spark-35", "charts/spark-3.5", "spark-35", "3.5.7", {"--set", "a=b"}};
  EXPECT_EQ(helm.upgrade_argv(plan, {true, "10m", true}),
            (std::vector<std::string>{"helm", "upgrade", "--install", "spark-35", "charts/spark-3.5",
                                      "--namespace", "spark-35", "--create-namespace", "--set", "a=b",
                                      "--wait", "--timeout", "10m"}));
  EXPECT_EQ(
      helm.test_argv("spark-35", "spark", "5m"),
      (std::vector<std::string>{"helm", "test", "spark-35", "--namespace", "spark", "--timeout", "5m"}));
  EXPECT_EQ(helm_message("walk.go:75: warning\nError: INSTALLATION FAILED: boom\n"),
            "Error: INSTALLATION FAILED: boom");
}

}  // namespace
}  // namespace sparkmv::kube
