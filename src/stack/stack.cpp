#include "stack/stack.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <thread>

#include "common/errors.hpp"
#include "stack/config.hpp"
#include "stack/install.hpp"
#include "stack/launch.hpp"
#include "stack/net.hpp"
#include "stack/postgres.hpp"
#include "stack/probe.hpp"
#include "stack/process.hpp"
#include "stack/state.hpp"

namespace sparkmv::stack {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kLogTail = 20;

StackPaths paths_for(const StackOptions& options) {
  StackPaths paths{fs::absolute(options.state_dir).lexically_normal()};
  if (paths.root.filename().empty()) paths.root = paths.root.parent_path();
  check_state_dir_path(paths.root);
  return paths;
}

fs::path pid_file_of(const Component& c, const StackPaths& paths) {
  return c.kind == ComponentKind::postgres ? paths.postgres_pid_file() : spark_pid_file(paths, c);
}

// What identifies the component's process in its command line, so a recycled pid is never taken for it.
std::string identity_token(const Component& c, const StackPaths& paths) {
  return c.kind == ComponentKind::postgres ? paths.postgres_data().string() : c.main_class;
}

std::optional<pid_t> running_pid(const Component& c, const StackPaths& paths) {
  const auto pid = read_pid_file(pid_file_of(c, paths));
  if (pid && process_matches(*pid, identity_token(c, paths))) return pid;
  return std::nullopt;
}

fs::path log_of(const Component& c, const StackPaths& paths) {
  if (c.kind == ComponentKind::postgres) return paths.postgres_log();
  // spark-daemon.sh names it spark-<ident>-<class>-1-<host>.out; the newest one is the current run's.
  fs::path newest;
  fs::file_time_type newest_time{};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(paths.log_dir(*c.spark), ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(spark_log_prefix(c), 0) != 0 || entry.path().extension() != ".out") continue;
    const auto t = entry.last_write_time(ec);
    if (newest.empty() || t > newest_time) {
      newest = entry.path();
      newest_time = t;
    }
  }
  return newest.empty() ? paths.log_dir(*c.spark) / (c.name + ".launch.log") : newest;
}

[[noreturn]] void fail_component(const Component& c, const StackPaths& paths, const std::string& what) {
  const auto log = log_of(c, paths);
  throw EnvironmentError(
      fmt::format("{} {}; the end of its log {}:\n{}", c.name, what, log.string(), tail_of(log, kLogTail)));
}

ComponentReport report_for(const Component& c, const StackPaths& paths, const Ports& ports, bool with_probe) {
  ComponentReport r;
  r.name = c.name;
  r.version = c.spark ? c.spark->version : "";
  r.port = ports.count(c.port_keys.front()) ? ports.at(c.port_keys.front()) : 0;
  r.url = r.port ? component_url(c, ports) : "";
  r.log = log_of(c, paths);
  r.pid = running_pid(c, paths);
  r.state = r.pid ? "running" : "down";
  if (r.pid) {
    r.rss_kib = rss_kib(*r.pid);
    if (with_probe) {
      const auto p = probe(c, ports);
      r.ready = p.ok;
      r.probe = p.detail;
    }
  } else {
    r.probe = "no process";
  }
  return r;
}

void total(StackReport& report) {
  report.total_rss_kib = 0;
  for (const auto& c : report.components) report.total_rss_kib += c.rss_kib;
}

void make_directories(const StackPaths& paths, const LayoutOverrides& layout) {
  fs::create_directories(paths.root);
  for (const auto* v : {&spark35(), &spark41()}) {
    const auto l = layout_of(*v, paths, layout);
    for (const auto& d : {paths.conf_dir(*v), paths.log_dir(*v), paths.pid_dir(*v), l.event_dir,
                          l.warehouse_dir, paths.local_dir(*v)}) {
      fs::create_directories(d);
    }
  }
  fs::create_directories(paths.worker_dir(spark35()));
  fs::permissions(paths.root / "conf", fs::perms::owner_all);  // hive-site.xml carries passwords
  fs::create_directories(paths.postgres_pid_file().parent_path());
}

void check_ports_free(const Component& c, const Ports& ports) {
  for (const auto& key : c.port_keys) {
    if (!port_free(ports.at(key))) {
      throw EnvironmentError(fmt::format(
          "cannot start {}: port {} ({}) on 127.0.0.1 is in use by another process; choose another with "
          "`sparkmv up --port {}=PORT`",
          c.name, ports.at(key), key, key));
    }
  }
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void start_postgres(const StackPaths& paths, const Installation& install, const Ports& ports,
                    const std::string& superuser_password, Clock::time_point deadline) {
  const Component& pg = component_named("postgres");
  ensure_cluster(paths, install.postgres, superuser_password);
  check_ports_free(pg, ports);
  Child server(postgres_launch(paths, install.postgres, ports.at("postgres")));
  write_pid_file(paths.postgres_pid_file(), server.pid());
  for (;;) {
    if (server.wait_until(Clock::now())) fail_component(pg, paths, "exited while starting");
    if (postgres_accepting(ports.at("postgres"))) break;
    if (Clock::now() >= deadline) fail_component(pg, paths, "did not accept connections before the deadline");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  server.release();
}

}  // namespace

bool StackReport::all_ready() const {
  if (!exists || components.empty()) return false;
  for (const auto& c : components) {
    if (!c.ready) return false;
  }
  return true;
}

StackReport stack_up(const StackOptions& options) {
  const auto t0 = Clock::now();
  const auto deadline = t0 + options.timeout;
  const StackPaths paths = paths_for(options);
  const Installation install = locate_installation();
  if (install.postgres.run_as) check_reachable_by(*install.postgres.run_as, paths.root);
  StackState state = load_state(paths).value_or(StackState{});
  auto layout = state.layout;
  for (const auto& [key, value] : options.layout_changes) {
    if (value.empty()) {
      layout.erase(key);
    } else {
      layout[key] = value;
    }
  }
  if (layout != state.layout) {
    // Running daemons read their configuration once; a changed layout under them would be a lie.
    for (const auto& c : components()) {
      if (c.kind != ComponentKind::postgres && running_pid(c, paths)) {
        throw InputError(
            fmt::format("--set changes where the stack keeps its data, but {} is running: stop the "
                        "stack first (sparkmv down)",
                        c.name));
      }
    }
    state.layout = layout;
  }
  make_directories(paths, state.layout);
  state.ports = resolve_ports(state.ports, options.configured_ports, free_ports(port_keys().size()));
  save_state(paths, state);
  const Ports& ports = state.ports;

  const std::string superuser_password = ensure_secret(paths, "postgres");
  std::vector<RoleSecret> roles;
  for (const auto* v : {&spark35(), &spark41()}) {
    const auto where = layout_of(*v, paths, state.layout);
    const ConfigInputs inputs{paths, ports, ensure_secret(paths, where.role), install.jdbc_driver, where};
    for (const auto& file : spark_conf_files(*v, inputs))
      write_if_changed(paths.conf_dir(*v) / file.name, file.content);
    roles.push_back({v, ensure_secret(paths, v->role)});
  }

  std::vector<std::string> started;
  if (!running_pid(component_named("postgres"), paths)) {
    start_postgres(paths, install, ports, superuser_password, deadline);
    started.push_back("postgres");
  }
  ensure_metastore_databases(ports.at("postgres"), superuser_password, roles);

  // Spark components not running yet are launched together: spark-daemon.sh waits a few seconds per launch.
  std::vector<std::pair<const Component*, Child>> launchers;
  for (const auto& c : components()) {
    if (c.kind == ComponentKind::postgres || running_pid(c, paths)) continue;
    check_ports_free(c, ports);
    fs::remove(spark_pid_file(paths, c));
    launchers.emplace_back(&c, Child(spark_daemon_launch(c, paths, ports, install.spark_home(*c.spark))));
    started.push_back(c.name);
  }
  for (auto& [c, launcher] : launchers) {
    const auto rc = launcher.wait_until(Clock::now() + std::chrono::seconds(90));
    if (!rc || *rc != 0) fail_component(*c, paths, "could not be launched by spark-daemon.sh");
    if (!read_pid_file(spark_pid_file(paths, *c))) fail_component(*c, paths, "left no pid file");
  }

  // Everything answers, or the deadline passes; a component whose process dies fails at once.
  std::vector<const Component*> pending;
  for (const auto& c : components()) pending.push_back(&c);
  while (!pending.empty()) {
    std::vector<const Component*> still;
    for (const auto* c : pending) {
      if (!running_pid(*c, paths)) fail_component(*c, paths, "is not running (it exited while starting)");
      if (!probe(*c, ports).ok) still.push_back(c);
    }
    pending = still;
    if (pending.empty()) break;
    if (Clock::now() >= deadline) {
      const auto& c = *pending.front();
      fail_component(
          c, paths,
          fmt::format("did not answer within {} s ({})", options.timeout.count(), probe(c, ports).detail));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }

  StackReport report{paths.root, true, {}, 0, 0};
  for (const auto& c : components()) {
    auto r = report_for(c, paths, ports, true);
    r.state = std::find(started.begin(), started.end(), c.name) != started.end() ? "started" : "running";
    report.components.push_back(std::move(r));
  }
  total(report);
  report.seconds = seconds_since(t0);
  return report;
}

namespace {

// What `status` and `down` start from: the stack's paths, its stored state (none when the directory holds no
// stack) and a report that says whether it exists.
struct ExistingStack {
  Clock::time_point t0 = Clock::now();
  StackPaths paths;
  std::optional<StackState> state;
  StackReport report;
};

ExistingStack existing_stack(const StackOptions& options) {
  ExistingStack s;
  s.paths = paths_for(options);
  s.report = StackReport{s.paths.root, false, {}, 0, 0};
  s.state = load_state(s.paths);
  s.report.exists = s.state.has_value();
  return s;
}

}  // namespace

StackReport stack_status(const StackOptions& options) {
  auto [t0, paths, state, report] = existing_stack(options);
  if (!state) return report;
  for (const auto& c : components()) report.components.push_back(report_for(c, paths, state->ports, true));
  total(report);
  report.seconds = seconds_since(t0);
  return report;
}

StackReport stack_down(const StackOptions& options) {
  auto [t0, paths, state, report] = existing_stack(options);
  if (!state) return report;
  const auto& all = components();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const Component& c = *it;
    ComponentReport r = report_for(c, paths, state->ports, false);
    r.probe.clear();
    if (r.pid) {
      // PostgreSQL: SIGINT is its fast shutdown. Spark daemons: SIGTERM, as spark-daemon.sh stop sends.
      const int signal = c.kind == ComponentKind::postgres ? SIGINT : SIGTERM;
      if (!stop_process(*r.pid, signal, std::chrono::seconds(60))) {
        throw EnvironmentError(fmt::format("{} (pid {}) did not exit", c.name, *r.pid));
      }
      r.state = "stopped";
    } else {
      r.state = "not running";
    }
    std::error_code ec;
    fs::remove(pid_file_of(c, paths), ec);
    report.components.insert(report.components.begin(), std::move(r));
  }
  if (options.purge) fs::remove_all(paths.root);
  report.seconds = seconds_since(t0);
  return report;
}

}  // namespace sparkmv::stack
