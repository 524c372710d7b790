#pragma once
// The kubectl boundary: every call sparkmv makes to a cluster goes through here, as an argv vector with a
// time limit. A cluster that cannot be reached, a request RBAC forbids, a call that overruns its time and
// output that is not what kubectl prints all become EnvironmentError (exit 3) carrying kubectl's own message.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "kube/process.hpp"
#include "model/object.hpp"

namespace sparkmv::kube {

struct KubectlOptions {
  std::string path;     // resolved binary (resolve_tool)
  std::string context;  // --context, "" for the current one
  std::chrono::seconds timeout{30};
};

// Why a kubectl call failed, read from its standard error.
enum class KubectlFailure { none, unreachable, forbidden, not_found, timeout, other };

KubectlFailure classify_kubectl_error(const std::string& stderr_text);
// The line of kubectl's standard error that says what went wrong (klog noise "E1124 ..." skipped).
std::string kubectl_message(const std::string& stderr_text);

// The kinds `verify --kube` reads (Secrets separately: names and labels only).
inline constexpr const char* live_kinds =
    "deployments,statefulsets,services,configmaps,serviceaccounts,roles,rolebindings,pods";

class PortForward;

class Kubectl {
 public:
  explicit Kubectl(KubectlOptions options);

  // `kubectl [--context C] --request-timeout T ARGS...`
  std::vector<std::string> argv(const std::vector<std::string>& args) const;
  // Runs kubectl; a failed, timed-out or unstartable call raises EnvironmentError naming `what`.
  std::string run_checked(const std::vector<std::string>& args, const std::string& what) const;
  ProcessResult run(const std::vector<std::string>& args) const;

  // Live objects of `live_kinds` plus Secrets (metadata only) in one namespace, as loaded objects whose
  // SourceLocation names the kubectl call.
  std::vector<model::KubeObject> get_objects(const std::string& ns) const;
  // The last `tail` lines of one pod's log.
  ProcessResult logs(const std::string& ns, const std::string& pod, int tail) const;
  // `kubectl port-forward pod/POD :PORT`; waits until kubectl says where it listens.
  std::unique_ptr<PortForward> port_forward(const std::string& ns, const std::string& pod, int port) const;

  const KubectlOptions& options() const { return options_; }

 private:
  KubectlOptions options_;
};

// A running `kubectl port-forward`, stopped when destroyed.
class PortForward {
 public:
  PortForward(std::unique_ptr<BackgroundProcess> process, int local_port)
      : process_(std::move(process)), local_port_(local_port) {}
  int local_port() const { return local_port_; }

 private:
  std::unique_ptr<BackgroundProcess> process_;
  int local_port_;
};

// The local port in a "Forwarding from 127.0.0.1:PORT -> REMOTE" line, or 0.
int parse_forwarding_line(const std::string& line);

// Secrets as printed by `kubectl get secrets -o jsonpath=...` with `secret_jsonpath`: one line per secret,
// name TAB labels-as-JSON. Values never leave the cluster's answer into sparkmv's objects.
inline constexpr const char* secret_jsonpath =
    R"({range .items[*]}{.metadata.name}{"\t"}{.metadata.labels}{"\n"}{end})";
std::vector<model::KubeObject> parse_secret_names(const std::string& text, const std::string& ns,
                                                  const std::string& origin);

}  // namespace sparkmv::kube
