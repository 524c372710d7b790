#pragma once
// How a subcommand plugs into the CLI: it registers its options on the app and, when chosen, leaves the
// action to run after parsing succeeded.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "common/errors.hpp"

namespace sparkmv::cli {

using CommandAction = std::function<ExitCode()>;

enum class OutputFormat { table, json };

// Adds `-o/--output table|json` to a subcommand.
void add_output_option(CLI::App& command, OutputFormat& format);

// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
bool use_colour();

void add_lint_command(CLI::App& app, CommandAction& action);
void add_migrate_commands(CLI::App& app, CommandAction& action);
// promote, rollback, retire, submit-config: registered on `migrate` by add_migrate_commands.
void add_migrate_change_commands(CLI::App& migrate, CommandAction& action);
// trial, status: registered on `migrate` by add_migrate_commands.
void add_migrate_run_commands(CLI::App& migrate, CommandAction& action);
void add_events_command(CLI::App& app, CommandAction& action);
void add_kube_commands(CLI::App& app, CommandAction& action);
void add_stack_commands(CLI::App& app, CommandAction& action);

}  // namespace sparkmv::cli
