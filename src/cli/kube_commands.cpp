// `deploy --kube` and `verify --kube | --local`.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/isolation_output.hpp"
#include "cli/text_output.hpp"
#include "kube/deploy.hpp"
#include "kube/tools.hpp"
#include "verify/kube_verify.hpp"
#include "verify/local_verify.hpp"

namespace sparkmv::cli {

namespace {

struct DeployCliOptions {
  bool kube = false;
  bool dry_run = false;
  bool force = false;
  bool wait = false;
  std::string timeout;
  std::string helm;
  std::string kube_context;
  kube::DeployOptions deploy;
  OutputFormat format = OutputFormat::table;
};

struct VerifyCliOptions {
  bool kube = false;
  bool local = false;
  std::string kubectl;
  std::string helm;
  std::string context;
  int request_timeout = 30;
  bool skip_helm_test = false;
  bool skip_history_api = false;
  std::string state_dir = ".sparkmv";
  std::string report_dir;
  verify::KubeVerifyOptions verify;
  OutputFormat format = OutputFormat::table;
};

nlohmann::json commands_json(const std::vector<std::vector<std::string>>& commands) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& argv : commands) out.push_back(argv);
  return out;
}

ExitCode run_deploy(const DeployCliOptions& options) {
  if (!options.kube) {
    throw InputError("deploy needs --kube (the local two-version stack is `sparkmv up`)");
  }
  kube::HelmOptions helm_options;
  helm_options.path = kube::resolve_tool(kube::helm_tool, options.helm);
  helm_options.kube_context = options.kube_context;
  const kube::Helm helm(helm_options);
  const auto plans = kube::plan_releases(options.deploy);
  kube::UpgradeFlags flags;
  flags.wait = options.wait;
  flags.timeout = options.timeout;
  flags.create_namespace = options.deploy.separate_namespaces;

  const auto lint = kube::preflight(helm, plans);
  const auto findings = lint.report.findings.size();
  std::vector<std::vector<std::string>> commands;
  for (const auto& plan : plans) commands.push_back(helm.upgrade_argv(plan, flags));

  const bool refuse = findings > 0 && !options.force;
  const bool json = options.format == OutputFormat::json;
  nlohmann::json out = {{"dry_run", options.dry_run},
                        {"commands", commands_json(commands)},
                        {"plan", kube::isolation_plan_json(plans, lint)},
                        {"preflight", isolation_to_json(lint)},
                        {"installed", nlohmann::json::array()}};
  if (!json) {
    std::cout << "Isolation plan (from helm template of each release):\n"
              << terminal_text(kube::isolation_plan_table(plans, lint), false)
              << "\nPre-flight (isolation rules on the renders):\n"
              << terminal_text(render_isolation_table(lint, use_colour()), use_colour()) << '\n';
    std::cout << (options.dry_run ? "Commands (dry run, nothing installed):\n" : "Commands:\n");
    for (const auto& argv : commands) std::cout << "  " << kube::shell_command(argv) << '\n';
  }
  if (findings > 0 && options.force) {
    std::cerr << fmt::format(
        "sparkmv: WARNING: --force: {} isolation finding(s) above are ignored; the releases may collide or "
        "share "
        "state\n",
        findings);
  }
  if (refuse) {
    std::cerr << fmt::format("sparkmv: refusing to {}: {} isolation finding(s); fix them or pass --force\n",
                             options.dry_run ? "plan an install" : "install", findings);
  }
  if (options.dry_run || refuse) {
    if (json) std::cout << json_text(out) << '\n';
    return refuse ? ExitCode::findings : ExitCode::ok;
  }

  // One release after the other; a failure stops before the next and leaves earlier ones as installed.
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (!json) std::cout << "\n$ " << kube::shell_command(commands[i]) << '\n' << std::flush;
    const auto result = helm.run(commands[i]);
    if (!json) std::cout << result.out << std::flush;
    if (!result.ok()) {
      std::string earlier;
      for (std::size_t j = 0; j < i; ++j) {
        earlier +=
            fmt::format("{}{} (namespace {})", earlier.empty() ? "" : ", ", plans[j].release, plans[j].ns);
      }
      if (json) std::cout << json_text(out) << '\n';
      throw EnvironmentError(
          fmt::format("helm upgrade --install {} failed: {}{}", plans[i].release,
                      result.timed_out ? std::string("timed out") : kube::helm_message(result.err),
                      earlier.empty() ? std::string("; nothing was changed by this run")
                                      : fmt::format("; left untouched: {}", earlier)));
    }
    out["installed"].push_back(plans[i].release);
  }
  if (json) {
    std::cout << json_text(out) << '\n';
  } else {
    std::cout << "\nInstalled. Check the live isolation with: sparkmv verify --kube --namespace "
              << plans.front().ns;
    if (plans.back().ns != plans.front().ns) std::cout << " --namespace " << plans.back().ns;
    std::cout << '\n';
  }
  return ExitCode::ok;
}

ExitCode run_verify(VerifyCliOptions options) {
  if (options.local) {
    verify::LocalVerifyOptions local;
    local.state_dir = options.state_dir;
    local.report_dir = options.report_dir;
    const auto report = verify::verify_local(local);
    if (options.format == OutputFormat::json) {
      std::cout << json_text(verify::to_json(report)) << '\n';
    } else {
      std::cout << terminal_text(verify::render_table(report, use_colour()), use_colour());
    }
    return verify::exit_code(report);
  }
  if (!options.kube) throw InputError("verify needs --kube or --local");
  kube::KubectlOptions kubectl_options;
  kubectl_options.path = kube::resolve_tool(kube::kubectl_tool, options.kubectl);
  kubectl_options.context = options.context;
  kubectl_options.timeout = std::chrono::seconds(options.request_timeout);
  const kube::Kubectl kubectl(kubectl_options);

  std::unique_ptr<kube::Helm> helm;
  verify::HelmAccess access;
  if (!options.skip_helm_test) {
    try {
      kube::HelmOptions helm_options;
      helm_options.path = kube::resolve_tool(kube::helm_tool, options.helm);
      helm_options.kube_context = options.context;
      helm = std::make_unique<kube::Helm>(helm_options);
      access.helm = helm.get();
    } catch (const EnvironmentError& e) {
      access.missing_reason = e.what();
    }
  }
  options.verify.helm_test = !options.skip_helm_test;
  options.verify.history_api = !options.skip_history_api;
  const auto report = verify::verify_kube(kubectl, access, options.verify);
  if (options.format == OutputFormat::json) {
    std::cout << json_text(verify::to_json(report)) << '\n';
  } else {
    std::cout << terminal_text(verify::render_table(report, use_colour()), use_colour());
  }
  return verify::exit_code(report);
}

}  // namespace

void add_kube_commands(CLI::App& app, CommandAction& action) {
  auto deploy_options = std::make_shared<DeployCliOptions>();
  auto* deploy = app.add_subcommand("deploy",
                                    "Install or upgrade both Spark releases on Kubernetes (helm upgrade "
                                    "--install), after a pre-flight that "
                                    "renders them with helm template and refuses on any isolation finding");
  deploy->add_flag("--kube", deploy_options->kube, "Deploy to the Kubernetes cluster of the current context")
      ->required();
  auto* ns = deploy->add_option("--namespace", deploy_options->deploy.ns,
                                "One namespace for both releases (default: spark)");
  deploy
      ->add_flag("--separate-namespaces", deploy_options->deploy.separate_namespaces,
                 "Production variant: spark-35 and spark-41 each in its own namespace (created if missing)")
      ->excludes(ns);
  deploy->add_flag("--dry-run", deploy_options->dry_run,
                   "Print the isolation plan and the exact helm commands; install nothing");
  deploy->add_flag("--force", deploy_options->force,
                   "Install even when the pre-flight finds isolation problems");
  deploy->add_flag("--wait", deploy_options->wait, "Pass --wait to helm");
  deploy->add_option("--timeout", deploy_options->timeout, "Pass --timeout DURATION to helm (e.g. 10m)");
  deploy->add_option("--charts", deploy_options->deploy.charts_dir,
                     "Directory holding spark-3.5/ and spark-4.1/ (default: charts)");
  deploy->add_option("-f,--values", deploy_options->deploy.values_files,
                     "Values file given to both releases (e.g. docs/examples/values-multi-version.yaml)");
  deploy->add_option("--set-35", deploy_options->deploy.set_35, "Extra --set for spark-35");
  deploy->add_option("--set-41", deploy_options->deploy.set_41, "Extra --set for spark-41");
  deploy->add_option("--helm", deploy_options->helm,
                     "helm binary (default: $SPARKMV_HELM, else helm on PATH)");
  deploy->add_option("--kube-context", deploy_options->kube_context, "kubeconfig context for helm");
  add_output_option(*deploy, deploy_options->format);
  deploy->callback(
      [&action, deploy_options] { action = [deploy_options] { return run_deploy(*deploy_options); }; });

  auto verify_options = std::make_shared<VerifyCliOptions>();
  auto* verify = app.add_subcommand(
      "verify",
      "Live coexistence checks: the isolation rules on the live objects, History Server logs and REST API, "
      "metastore env, helm test");
  auto* kube_flag = verify->add_flag("--kube", verify_options->kube, "Verify the releases on Kubernetes");
  auto* local_flag = verify->add_flag("--local", verify_options->local,
                                      "Verify the local two-version stack: run probe jobs on both versions, "
                                      "then check metastores, warehouses, History Servers, event logs and "
                                      "the generated configuration, and compare the same job on both");
  kube_flag->excludes(local_flag);
  verify->add_option("--state-dir", verify_options->state_dir,
                     "--local: directory holding the stack's state (default .sparkmv)");
  verify->add_option("--report-dir", verify_options->report_dir,
                     "--local: where the comparison report goes (default <state-dir>/reports)");
  verify->add_option("--namespace", verify_options->verify.namespaces,
                     "Namespace to read; repeatable (default: spark)");
  verify->add_option("--release", verify_options->verify.releases,
                     "Release to verify; repeatable (default: spark-35 and spark-41)");
  verify->add_option("--kubectl", verify_options->kubectl,
                     "kubectl binary (default: $SPARKMV_KUBECTL, else kubectl on PATH)");
  verify->add_option("--helm", verify_options->helm,
                     "helm binary (default: $SPARKMV_HELM, else helm on PATH)");
  verify->add_option("--context", verify_options->context, "kubeconfig context");
  verify
      ->add_option("--request-timeout", verify_options->request_timeout,
                   "Seconds to wait for each kubectl call (default: 30)")
      ->check(CLI::Range(1, 3600));
  verify->add_flag("--skip-helm-test", verify_options->skip_helm_test, "Do not run helm test");
  verify->add_flag("--skip-history-api", verify_options->skip_history_api,
                   "Do not port-forward to the History Servers' REST API");
  verify->add_option("--helm-test-timeout", verify_options->verify.helm_test_timeout,
                     "helm test --timeout (default: 5m)");
  add_output_option(*verify, verify_options->format);
  verify->callback(
      [&action, verify_options] { action = [verify_options] { return run_verify(*verify_options); }; });
}

}  // namespace sparkmv::cli
