#include "kube/helm.hpp"

#include <fmt/format.h>

#include <sstream>

#include "common/errors.hpp"

namespace sparkmv::kube {

namespace {

std::vector<std::string> with_context(const HelmOptions& options, std::vector<std::string> argv) {
  if (!options.kube_context.empty()) argv.insert(argv.end(), {"--kube-context", options.kube_context});
  return argv;
}

}  // namespace

std::vector<std::string> Helm::template_argv(const ReleasePlan& plan) const {
  std::vector<std::string> argv{options_.path, "template", plan.release, plan.chart, "--namespace", plan.ns};
  argv.insert(argv.end(), plan.value_args.begin(), plan.value_args.end());
  return argv;
}

std::vector<std::string> Helm::upgrade_argv(const ReleasePlan& plan, const UpgradeFlags& flags) const {
  std::vector<std::string> argv{options_.path, "upgrade",     "--install", plan.release,
                                plan.chart,    "--namespace", plan.ns};
  if (flags.create_namespace) argv.emplace_back("--create-namespace");
  argv.insert(argv.end(), plan.value_args.begin(), plan.value_args.end());
  if (flags.wait) argv.emplace_back("--wait");
  if (!flags.timeout.empty()) argv.insert(argv.end(), {"--timeout", flags.timeout});
  return with_context(options_, std::move(argv));
}

std::vector<std::string> Helm::test_argv(const std::string& release, const std::string& ns,
                                         const std::string& timeout) const {
  std::vector<std::string> argv{options_.path, "test", release, "--namespace", ns};
  if (!timeout.empty()) argv.insert(argv.end(), {"--timeout", timeout});
  return with_context(options_, std::move(argv));
}

ProcessResult Helm::run(const std::vector<std::string>& argv) const {
  ProcessOptions process;
  process.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout);
  return run_process(argv, process);
}

std::string Helm::render(const ReleasePlan& plan) const {
  const auto argv = template_argv(plan);
  const auto result = run(argv);
  if (result.not_started)
    throw EnvironmentError(fmt::format("cannot run helm ({}): {}", options_.path, result.err));
  if (result.timed_out) throw EnvironmentError(fmt::format("helm template {}: timed out", plan.release));
  if (result.exit_code != 0) {
    throw InputError(
        fmt::format("helm template {} {}: {}", plan.release, plan.chart, helm_message(result.err)));
  }
  return result.out;
}

std::string helm_message(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::string last;
  std::string error;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last = line;
    if (error.empty() && line.rfind("Error:", 0) == 0) error = line;
  }
  return error.empty() ? last : error;
}

}  // namespace sparkmv::kube
