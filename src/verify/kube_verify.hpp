#pragma once
// `verify --kube`: reads the releases' live objects through kubectl, runs the isolation rules on them (the
// same rules as `lint`), and adds live probes (History Server logs and REST API, metastore env, helm test).
#include <string>
#include <vector>

#include "isolation/lint.hpp"
#include "kube/helm.hpp"
#include "kube/kubectl.hpp"
#include "verify/check.hpp"

namespace sparkmv::verify {

struct KubeVerifyOptions {
  std::vector<std::string> namespaces;  // where to read; empty means {"spark"}
  std::vector<std::string> releases;    // which releases; empty means {"spark-35", "spark-41"}
  bool helm_test = true;
  bool history_api = true;
  std::string helm_test_timeout = "5m";
  int log_tail = 200;  // lines of each History Server pod's log to read
};

// Where helm comes from for `helm test`: a resolved adapter, or why there is none (the checks then report
// "could not run" instead of stopping the other checks).
struct HelmAccess {
  const kube::Helm* helm = nullptr;
  std::string missing_reason;
};

// A cluster that cannot be reached raises EnvironmentError (exit 3) with kubectl's message.
VerifyReport verify_kube(const kube::Kubectl& kubectl, const HelmAccess& helm, KubeVerifyOptions options);

// The rule-based checks over loaded objects: one check per group of rules, failing with the findings.
std::vector<Check> checks_from_lint(const isolation::LintResult& result);

// GET http://127.0.0.1:PORT/PATH; throws EnvironmentError when nothing answers.
std::string http_get_local(int port, const std::string& path, long timeout_seconds);

}  // namespace sparkmv::verify
