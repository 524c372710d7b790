#pragma once
// `deploy --kube`: the two releases as the topology wants them, the pre-flight (render with helm template and
// run the isolation rules), and the isolation plan the guide's table shows, filled with rendered values.
#include <string>
#include <vector>

#include "isolation/lint.hpp"
#include "kube/helm.hpp"

namespace sparkmv::kube {

struct DeployOptions {
  std::string charts_dir = "charts";      // holds spark-3.5/ and spark-4.1/
  std::string ns = "spark";               // one namespace (the guide's variant 1)
  bool separate_namespaces = false;       // variant 2: namespace = release name, created by helm
  std::vector<std::string> values_files;  // -f FILE, given to both releases after the topology's values
  std::vector<std::string> set_35;        // extra --set for spark-35 (tests and experts)
  std::vector<std::string> set_41;        // extra --set for spark-41
};

// spark-35 first, then spark-41, with the guide's values for the chosen variant.
std::vector<ReleasePlan> plan_releases(const DeployOptions& options);

// Renders every release with `helm template` and runs the isolation rules over the renders together.
isolation::LintResult preflight(const Helm& helm, const std::vector<ReleasePlan>& plans);

// The guide's table, one column per release, values read from the renders.
std::string isolation_plan_table(const std::vector<ReleasePlan>& plans, const isolation::LintResult& lint);
nlohmann::json isolation_plan_json(const std::vector<ReleasePlan>& plans, const isolation::LintResult& lint);

}  // namespace sparkmv::kube
