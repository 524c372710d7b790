#pragma once
// The local two-version stack's three operations. `up` starts what is not running and waits (with a deadline)
// until every component answers; `status` looks without changing anything; `down` stops exactly the processes
// named by the stack's pid files, waits for them to exit, and keeps the data unless asked to purge it.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stack/topology.hpp"

namespace sparkmv::stack {

struct StackOptions {
  std::filesystem::path state_dir = ".sparkmv";
  Ports configured_ports;             // `--port KEY=PORT`; others are free ports chosen on first `up`
  LayoutOverrides layout_changes;     // `--set KEY=VALUE` (topology.hpp); merged into the stored ones
  std::chrono::seconds timeout{240};  // `up`: deadline for the whole stack to answer
  bool purge = false;                 // `down`: also delete the state directory
};

struct ComponentReport {
  std::string name;
  std::string version;  // Spark version, or "" for postgres
  std::string
      state;  // up: "started" | "running"; status: "running" | "down"; down: "stopped" | "not running"
  std::optional<pid_t> pid;
  bool ready = false;  // the readiness probe passed
  std::string probe;   // the probe's detail
  int port = 0;
  std::string url;
  long rss_kib = 0;
  std::filesystem::path log;  // where the component logs
};

struct StackReport {
  std::filesystem::path state_dir;
  bool exists = true;  // the state directory holds a stack
  std::vector<ComponentReport> components;
  long total_rss_kib = 0;
  double seconds = 0;  // how long the command took

  bool all_ready() const;
};

// Throws EnvironmentError (exit 3) naming the component that failed, with the tail of its log, and
// InputError when `layout_changes` would change the layout under running Spark components.
StackReport stack_up(const StackOptions& options);
StackReport stack_status(const StackOptions& options);
StackReport stack_down(const StackOptions& options);

}  // namespace sparkmv::stack
