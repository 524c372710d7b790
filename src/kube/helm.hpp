#pragma once
// The helm boundary (Helm 3 and Helm 4 take the same flags for everything here): render, install or
// upgrade, and run a release's test hooks. Every call is an argv vector with a time limit.
#include <chrono>
#include <string>
#include <vector>

#include "kube/process.hpp"

namespace sparkmv::kube {

struct HelmOptions {
  std::string path;                   // resolved binary (resolve_tool)
  std::string kube_context;           // --kube-context, "" for the current one
  std::chrono::seconds timeout{600};  // our limit on one helm process
};

// One release as `deploy --kube` installs it.
struct ReleasePlan {
  std::string release;                  // "spark-35"
  std::string chart;                    // "charts/spark-3.5"
  std::string ns;                       // "spark"
  std::string spark_version;            // "3.5.7"
  std::vector<std::string> value_args;  // --set / -f arguments, in order
};

struct UpgradeFlags {
  bool wait = false;
  std::string timeout;  // passed as --timeout when not empty (a Go duration: "10m")
  bool create_namespace = false;
};

class Helm {
 public:
  explicit Helm(HelmOptions options) : options_(std::move(options)) {}

  // Argument vectors, also printed by --dry-run.
  std::vector<std::string> template_argv(const ReleasePlan& plan) const;
  std::vector<std::string> upgrade_argv(const ReleasePlan& plan, const UpgradeFlags& flags) const;
  std::vector<std::string> test_argv(const std::string& release, const std::string& ns,
                                     const std::string& timeout) const;

  ProcessResult run(const std::vector<std::string>& argv) const;
  // `helm template`; a failed render is an InputError carrying helm's message (the chart or values are bad).
  std::string render(const ReleasePlan& plan) const;

  const HelmOptions& options() const { return options_; }

 private:
  HelmOptions options_;
};

// helm's own error line ("Error: ..."), or its last line of standard error.
std::string helm_message(const std::string& stderr_text);

}  // namespace sparkmv::kube
