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
  std::vector<std::string> ignores;
  bool strict = false;
  bool explain = false;
  OutputFormat format = OutputFormat::table;
};

ExitCode run_lint(const LintOptions& options) {
  std::vector<model::ReleaseBinding> bindings;
  for (const auto& spec : options.release_specs) bindings.push_back(model::parse_release_binding(spec));
  std::vector<isolation::Suppression> suppressions;
  for (const auto& spec : options.ignores) suppressions.push_back(isolation::parse_suppression(spec));
  auto result = isolation::lint_manifest_files(options.files, bindings);
  isolation::apply_suppressions(result.report, suppressions);
  if (options.format == OutputFormat::json) {
    auto out = isolation_to_json(result);
    out["summary"]["strict"] = options.strict;
    std::cout << json_text(out) << '\n';
  } else {
    // The explanation paints nothing: any escape sequence in it came from the manifests.
    if (options.explain) std::cout << terminal_text(render_explanation(result), false);
    std::cout << terminal_text(render_isolation_table(result, use_colour()), use_colour());
  }
  return isolation::fails(result.report, options.strict) ? ExitCode::findings : ExitCode::ok;
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
  lint->add_flag("--strict", options->strict, "Exit 1 on warnings too (errors always exit 1)");
  lint->add_option("--ignore", options->ignores,
                   "RULE=OBJECT: accept one finding (OBJECT is kind/namespace/name as printed, or a release "
                   "name); the output lists what was ignored; repeatable")
      ->allow_extra_args(false);
  lint->add_flag("--explain", options->explain,
                 "Before the findings, print per release what was determined, and from where, and what "
                 "could not be");
  add_output_option(*lint, options->format);
  lint->callback([&action, options] { action = [options] { return run_lint(*options); }; });
}

}  // namespace sparkmv::cli
