#include <iostream>

#include "cli/command.hpp"
#include "cli/isolation_output.hpp"
#include "cli/text_output.hpp"
#include "isolation/lint.hpp"

namespace sparkmv::cli {

namespace {

struct LintOptions {
  std::vector<std::string> release_specs;
  std::vector<std::string> files;
  OutputFormat format = OutputFormat::table;
};

ExitCode run_lint(const LintOptions& options) {
  std::vector<model::ReleaseBinding> bindings;
  for (const auto& spec : options.release_specs) bindings.push_back(model::parse_release_binding(spec));
  const auto result = isolation::lint_manifest_files(options.files, bindings);
  if (options.format == OutputFormat::json) {
    std::cout << json_text(isolation_to_json(result)) << '\n';
  } else {
    std::cout << terminal_text(render_isolation_table(result, use_colour()), use_colour());
  }
  return result.report.findings.empty() ? ExitCode::ok : ExitCode::findings;
}

}  // namespace

void add_lint_command(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<LintOptions>();
  auto* lint = app.add_subcommand("lint",
                                  "Static isolation analysis of rendered manifests (helm template output "
                                  "or kubectl get -o json); reads standard input when no FILE is given");
  lint->add_option(
          "--release", options->release_specs,
          "NAME=FILE[@NAMESPACE]: objects in FILE belong to release NAME (and, when the render omits "
          "metadata.namespace, to NAMESPACE); repeatable")
      ->allow_extra_args(false);
  lint->add_option("files", options->files, "Manifest files, or - for standard input");
  add_output_option(*lint, options->format);
  lint->callback([&action, options] { action = [options] { return run_lint(*options); }; });
}

}  // namespace sparkmv::cli
