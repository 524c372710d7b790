#pragma once
// Running work on the local stack the way a scheduler would: `spark-submit` with a version's generated
// SPARK_CONF_DIR (3.5 on its standalone master, 4.1 in local mode), or a Python Spark Connect client against
// the 4.1 Connect server. Every run carries a run tag so its jobs can be found in the event logs afterwards:
// `spark.job.tags` for spark-submit (Spark copies it into every SQL job's properties), `addTag` for Connect.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "stack/install.hpp"
#include "stack/state.hpp"
#include "stack/topology.hpp"

namespace sparkmv::stack {

// A stack that `sparkmv up` brought up, with what its commands need to reach it.
struct RunningStack {
  StackPaths paths;
  StackState state;
  Installation install;

  VersionLayout layout(const SparkVersion& v) const { return layout_of(v, paths, state.layout); }
  std::string connect_url() const;  // sc://127.0.0.1:PORT
  std::string history_url(const SparkVersion& v) const;
};

// Opens the stack in `state_dir`. EnvironmentError (exit 3) when there is none, or when one of its
// components is not running or not ready, naming it and saying to run `sparkmv up`.
RunningStack open_running_stack(const std::filesystem::path& state_dir);

enum class JobMode {
  submit,   // spark-submit of a Python file or a jar (main_class) on the version's configuration
  connect,  // a Python client of the 4.1 Connect server (SPARK_REMOTE set; the tag added before it runs)
};

struct JobSpec {
  std::string label;  // names the run in errors and its log file (letters, digits, - and _)
  const SparkVersion* version = nullptr;
  JobMode mode = JobMode::submit;
  std::string application;  // .py file or jar
  std::string main_class;   // for a jar
  std::vector<std::string> args;
  std::map<std::string, std::string> conf;  // spark-submit --conf (submit only)
  std::string tag;                          // run tag; empty: none
  std::chrono::seconds timeout{900};
};

struct JobOutcome {
  std::string label;
  int exit_code = -1;  // 128+signal when killed
  bool timed_out = false;
  double seconds = 0;
  std::filesystem::path log;  // the run's whole output
  std::string output;         // the same output, read back
};

// The command line and environment a spec runs with (pure, for tests and `--dry-run`-style output).
struct JobCommand {
  std::vector<std::string> argv;
  std::map<std::string, std::string>
      env;  // the whole environment (Spark and Python settings of the caller dropped)
};
JobCommand job_command(const RunningStack& stack, const JobSpec& spec);

// Runs the specs at the same time and waits for all (each within its own timeout). A spec that cannot be
// started at all (an InputError, e.g. a connect job for 3.5) throws before anything runs.
std::vector<JobOutcome> run_jobs(const RunningStack& stack, const std::vector<JobSpec>& specs);

}  // namespace sparkmv::stack
