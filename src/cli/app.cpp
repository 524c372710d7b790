#include "cli/app.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "common/text.hpp"

namespace sparkmv::cli {

void add_output_option(CLI::App& command, OutputFormat& format) {
  const std::map<std::string, OutputFormat> formats = {{"table", OutputFormat::table},
                                                       {"json", OutputFormat::json}};
  command.add_option("-o,--output", format, "Output format: table (default) or json")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
}

bool use_colour() {
  return ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
}

int run(int argc, char** argv) {
  CLI::App app{
      "sparkmv: run Apache Spark 3.5.7 and 4.1.0 side by side, isolated, and migrate jobs between them"};
  app.set_version_flag("--version", "sparkmv " SPARKMV_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 all good, 1 findings or regressions, 2 bad usage or input, 3 environment problem.");

  CommandAction action;
  add_lint_command(app, action);
  add_migrate_commands(app, action);
  add_events_command(app, action);
  add_kube_commands(app, action);
  add_stack_commands(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::bad_input);
  }
  try {
    return static_cast<int>(action());
  } catch (const InputError& e) {
    std::cerr << "sparkmv: error: " << text::escape_control(e.what(), false) << '\n';
    return static_cast<int>(ExitCode::bad_input);
  } catch (const EnvironmentError& e) {
    std::cerr << "sparkmv: error: " << text::escape_control(e.what(), false) << '\n';
    return static_cast<int>(ExitCode::environment);
  } catch (const std::bad_alloc&) {
    std::cerr << "sparkmv: error: out of memory\n";
    return static_cast<int>(ExitCode::environment);
  } catch (const std::exception& e) {
    std::cerr << "sparkmv: internal error: " << text::escape_control(e.what(), false) << '\n';
    return static_cast<int>(ExitCode::bad_input);
  }
}

}  // namespace sparkmv::cli
