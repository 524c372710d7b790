// `sparkmv up | down | status`: the local two-version stack (src/stack).
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/text_output.hpp"
#include "stack/stack.hpp"

namespace sparkmv::cli {

namespace {

struct StackCommandOptions {
  std::string state_dir = ".sparkmv";
  std::vector<std::string> ports;
  std::vector<std::string> layout;
  unsigned timeout_seconds = 240;
  bool purge = false;
  OutputFormat format = OutputFormat::table;
};

std::string mib(long kib) {
  return kib > 0 ? fmt::format("{} MiB", (kib + 512) / 1024) : "-";
}

std::string render_table(const stack::StackReport& report, bool with_probe, bool colour) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"COMPONENT", "VERSION", "STATE", "PID", "PORT", "RSS", "URL"});
  if (with_probe) rows.front().push_back("PROBE");
  for (const auto& c : report.components) {
    rows.push_back({c.name, c.version.empty() ? "-" : c.version, c.state,
                    c.pid ? std::to_string(*c.pid) : "-", c.port ? std::to_string(c.port) : "-",
                    mib(c.rss_kib), c.url});
    if (with_probe) rows.back().push_back((c.ready ? "ok: " : "FAIL: ") + c.probe);
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      std::string cell = fmt::format("{:<{}}", rows[r][i], i + 1 == rows[r].size() ? 0 : widths[i] + 2);
      if (r > 0 && with_probe && i + 1 == rows[r].size() && !report.components[r - 1].ready) {
        cell = paint(cell, "1;31", colour);
      }
      out += cell;
    }
    out += '\n';
  }
  return out;
}

nlohmann::json to_json(const stack::StackReport& report) {
  nlohmann::json doc;
  doc["state_dir"] = report.state_dir.string();
  doc["exists"] = report.exists;
  doc["ready"] = report.all_ready();
  doc["total_rss_kib"] = report.total_rss_kib;
  doc["seconds"] = report.seconds;
  doc["components"] = nlohmann::json::array();
  for (const auto& c : report.components) {
    doc["components"].push_back({{"name", c.name},
                                 {"version", c.version},
                                 {"state", c.state},
                                 {"pid", c.pid ? nlohmann::json(*c.pid) : nlohmann::json(nullptr)},
                                 {"ready", c.ready},
                                 {"probe", c.probe},
                                 {"port", c.port},
                                 {"url", c.url},
                                 {"rss_kib", c.rss_kib},
                                 {"log", c.log.string()}});
  }
  return doc;
}

stack::StackOptions to_stack_options(const StackCommandOptions& o) {
  stack::StackOptions options;
  options.state_dir = o.state_dir;
  for (const auto& spec : o.ports) options.configured_ports.insert(stack::parse_port_assignment(spec));
  for (const auto& spec : o.layout) options.layout_changes.insert(stack::parse_layout_assignment(spec));
  options.timeout = std::chrono::seconds(o.timeout_seconds);
  options.purge = o.purge;
  return options;
}

ExitCode run_up(const StackCommandOptions& o) {
  const auto report = stack::stack_up(to_stack_options(o));
  if (o.format == OutputFormat::json) {
    std::cout << json_text(to_json(report)) << '\n';
  } else {
    std::cout << render_table(report, true, use_colour());
    std::cout << fmt::format("stack up in {:.1f} s, {} resident; state in {}\n", report.seconds,
                             mib(report.total_rss_kib), report.state_dir.string());
    std::cout << fmt::format(
        "submit to a version with its own configuration: SPARK_CONF_DIR={}/conf/<3.5|4.1> spark-submit ...\n",
        report.state_dir.string());
  }
  return report.all_ready() ? ExitCode::ok : ExitCode::environment;
}

ExitCode run_status(const StackCommandOptions& o) {
  const auto report = stack::stack_status(to_stack_options(o));
  if (o.format == OutputFormat::json) {
    std::cout << json_text(to_json(report)) << '\n';
  } else if (!report.exists) {
    std::cout << fmt::format("no stack in {}: start one with `sparkmv up`\n", report.state_dir.string());
  } else {
    std::cout << render_table(report, true, use_colour());
    std::size_t ready = 0;
    for (const auto& c : report.components) ready += c.ready ? 1 : 0;
    std::cout << fmt::format("{} of {} components ready, {} resident\n", ready, report.components.size(),
                             mib(report.total_rss_kib));
  }
  return report.all_ready() ? ExitCode::ok : ExitCode::environment;
}

ExitCode run_down(const StackCommandOptions& o) {
  const auto report = stack::stack_down(to_stack_options(o));
  if (o.format == OutputFormat::json) {
    std::cout << json_text(to_json(report)) << '\n';
  } else if (!report.exists) {
    std::cout << fmt::format("no stack in {}: nothing to stop\n", report.state_dir.string());
  } else {
    std::cout << render_table(report, false, use_colour());
    std::cout << (o.purge ? fmt::format("stopped; {} deleted\n", report.state_dir.string())
                          : fmt::format("stopped; data kept in {} (delete it with --purge)\n",
                                        report.state_dir.string()));
  }
  return ExitCode::ok;
}

CLI::App* add_state_dir(CLI::App* command, StackCommandOptions& o) {
  command->add_option("--state-dir", o.state_dir, "Directory holding the stack's state (default .sparkmv)");
  add_output_option(*command, o.format);
  return command;
}

}  // namespace

void add_stack_commands(CLI::App& app, CommandAction& action) {
  auto options = std::make_shared<StackCommandOptions>();
  auto* up = add_state_dir(
      app.add_subcommand(
          "up",
          "Start the local two-version stack (PostgreSQL, Spark 3.5.7 master, worker and History "
          "Server, Spark 4.1.0 Connect server and History Server) and wait until it answers"),
      *options);
  up->add_option("--port", options->ports,
                 "KEY=PORT: fix one port (keys: postgres, spark35.master, spark35.master-ui, spark35.worker, "
                 "spark35.worker-ui, spark35.history, spark41.connect, spark41.connect-ui, spark41.history); "
                 "repeatable; others are free ports chosen on the first up and kept")
      ->allow_extra_args(false);
  up->add_option("--set", options->layout,
                 "KEY=VALUE: move where a version keeps its data (keys: spark35.database, spark35.event-dir, "
                 "spark35.warehouse, and the same for spark41; a database is metastore_spark35 or "
                 "metastore_spark41, a directory absolute or relative to the state directory; empty VALUE "
                 "restores the default); kept until changed; only while the stack is down")
      ->allow_extra_args(false);
  up->add_option("--timeout", options->timeout_seconds, "Seconds to wait for every component (default 240)");
  up->callback([&action, options] { action = [options] { return run_up(*options); }; });

  auto* status = add_state_dir(
      app.add_subcommand("status", "Show each stack component: process, readiness probe, port, memory"),
      *options);
  status->callback([&action, options] { action = [options] { return run_status(*options); }; });

  auto* down = add_state_dir(
      app.add_subcommand("down",
                         "Stop exactly the processes `up` started (by their pid files) and wait for them"),
      *options);
  down->add_flag("--purge", options->purge, "Also delete the state directory (databases, logs, warehouses)");
  down->callback([&action, options] { action = [options] { return run_down(*options); }; });
}

}  // namespace sparkmv::cli
