#pragma once
// The local two-version stack as data: which components run, for which Spark version, on which ports, and
// where each keeps its state under the state directory. Pure values; nothing here touches the machine.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sparkmv::stack {

// One Spark version of the stack and the names derived from it (DESIGN.md, "The topology").
struct SparkVersion {
  std::string version;   // "3.5.7"
  std::string prefix;    // "3.5": event-log, warehouse, conf and log subdirectory
  std::string release;   // "spark-35"
  std::string database;  // "metastore_spark35"
  std::string role;      // "spark35": the only role that can reach `database`
};

const SparkVersion& spark35();
const SparkVersion& spark41();

enum class ComponentKind { postgres, master, worker, history_server, connect_server };

// A process of the stack. Spark components are started through spark-daemon.sh with `main_class`.
struct Component {
  std::string name;  // "postgres", "spark35-master", ...: stable, used in output and pid files
  ComponentKind kind = ComponentKind::postgres;
  const SparkVersion* spark = nullptr;  // null for postgres
  std::string main_class;               // Spark main class; empty for postgres
  std::vector<std::string> port_keys;   // keys into Ports, the first is the one probed
};

// Every component in start order; `down` stops them in reverse.
const std::vector<Component>& components();
const Component& component_named(const std::string& name);  // throws InputError for an unknown name

// Port keys: "postgres", "spark35.master", "spark35.master-ui", "spark35.worker", "spark35.worker-ui",
// "spark35.history", "spark41.connect", "spark41.connect-ui", "spark41.history".
using Ports = std::map<std::string, int>;
std::vector<std::string> port_keys();

// Parses `KEY=PORT` (the `--port` option). Throws InputError naming the problem.
std::pair<std::string, int> parse_port_assignment(const std::string& spec);

// Where everything lives under the state directory.
struct StackPaths {
  std::filesystem::path root;

  std::filesystem::path state_file() const { return root / "stack.json"; }
  std::filesystem::path secrets_dir() const { return root / "secrets"; }
  std::filesystem::path conf_dir(const SparkVersion& v) const { return root / "conf" / v.prefix; }
  std::filesystem::path log_dir(const SparkVersion& v) const { return root / "logs" / v.prefix; }
  std::filesystem::path pid_dir(const SparkVersion& v) const { return root / "run" / v.prefix; }
  std::filesystem::path event_dir(const SparkVersion& v) const {
    return root / "spark-logs" / v.prefix / "events";
  }
  std::filesystem::path warehouse_dir(const SparkVersion& v) const { return root / "warehouse" / v.prefix; }
  std::filesystem::path local_dir(const SparkVersion& v) const { return root / "tmp" / v.prefix; }
  std::filesystem::path worker_dir(const SparkVersion& v) const { return root / "work" / v.prefix; }
  std::filesystem::path postgres_root() const { return root / "postgres"; }
  std::filesystem::path postgres_data() const { return root / "postgres" / "data"; }
  std::filesystem::path postgres_log() const { return root / "logs" / "postgres.log"; }
  std::filesystem::path postgres_pid_file() const { return root / "run" / "postgres.pid"; }
};

// Where one version keeps its data: its metastore database (and the role that owns it), its event-log
// directory and its warehouse. The built-in topology gives each version its own; `sparkmv up --set` may
// point a version elsewhere (at existing directories, or on purpose at the other version's, to see
// `verify --local` catch it). Keys: "<role>.database" (one of the stack's two databases), "<role>.event-dir",
// "<role>.warehouse" (absolute, or relative to the state directory), e.g. "spark41.warehouse".
struct VersionLayout {
  std::string database;
  std::string role;  // the database's owner, the role the version's metastore client logs in as
  std::filesystem::path event_dir;
  std::filesystem::path warehouse_dir;
};
using LayoutOverrides = std::map<std::string, std::string>;

VersionLayout layout_of(const SparkVersion& version, const StackPaths& paths,
                        const LayoutOverrides& overrides);
std::vector<std::string> layout_keys();
// Parses `KEY=VALUE` (the `--set` option); an empty VALUE restores the default. Throws InputError.
std::pair<std::string, std::string> parse_layout_assignment(const std::string& spec);

// The pid file spark-daemon.sh writes for `component` (SPARK_IDENT_STRING is always "sparkmv").
std::filesystem::path spark_pid_file(const StackPaths& paths, const Component& component);
// The glob pattern of the log spark-daemon.sh writes for `component` (the name ends in the host name).
std::string spark_log_prefix(const Component& component);

inline constexpr const char* kIdent = "sparkmv";

}  // namespace sparkmv::stack
