#pragma once
// Process supervision: fork/exec with a prepared environment, optionally as another user, output appended to
// a log; pid files; liveness, identity and memory of a pid; stopping by pid with a deadline. Processes are
// never found by name: only by the pid files the stack writes (or spark-daemon.sh writes for it).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sparkmv::stack {

using Clock = std::chrono::steady_clock;

struct LaunchSpec {
  std::vector<std::string> argv;           // argv[0] is an absolute path
  std::map<std::string, std::string> env;  // the whole environment of the new process
  std::filesystem::path cwd;               // working directory (must exist)
  std::filesystem::path log;               // stdout and stderr are appended here
  std::optional<std::string> run_as;       // user to become (only when we are root)
};

// The current environment with `overrides` applied; a value of "" in `removed` drops the variable.
std::map<std::string, std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                                    const std::vector<std::string>& removed = {});

// A child process this program started. The destructor kills (SIGKILL) and reaps a child that is still
// running and was not released, so no process outlives an error path.
class Child {
 public:
  explicit Child(const LaunchSpec& spec);  // forks and execs; throws EnvironmentError when fork fails
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  // Waits until the child exits or `deadline` passes; the exit status (128+signal when killed), or nothing.
  std::optional<int> wait_until(Clock::time_point deadline);
  // Leaves a long-running child running when this object goes away.
  void release() { released_ = true; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  bool released_ = false;
  int status_ = 0;
};

// Runs `spec` to completion within `timeout`; returns its exit status. A child still running at the deadline
// is killed and reported as an EnvironmentError naming `what`.
int run_to_completion(const LaunchSpec& spec, std::chrono::milliseconds timeout, const std::string& what);

std::optional<pid_t> read_pid_file(const std::filesystem::path& path);
void write_pid_file(const std::filesystem::path& path, pid_t pid);

// True while `pid` exists and is not a zombie.
bool process_alive(pid_t pid);
// True when `pid` is alive and its command line contains `token` (guards against a recycled pid).
bool process_matches(pid_t pid, const std::string& token);
// Resident set size in KiB (0 when unknown).
long rss_kib(pid_t pid);

// Sends `signal` to `pid`, waits until it is gone or `grace` passes, then SIGKILLs it and waits again.
// True when the process is gone at the end.
bool stop_process(pid_t pid, int signal, std::chrono::milliseconds grace);

// The last `lines` lines of a file ("" when unreadable).
std::string tail_of(const std::filesystem::path& path, std::size_t lines);

}  // namespace sparkmv::stack
