#pragma once
// Runs an external program (helm, kubectl) from an argv vector, never through a shell: captures its standard
// output and error, its exit status, and stops it when it overruns its time limit.
#include <chrono>
#include <string>
#include <vector>

namespace sparkmv::kube {

struct ProcessResult {
  int exit_code = -1;        // the program's exit status; -1 when it was killed or could not start
  bool timed_out = false;    // killed because it overran ProcessOptions::timeout
  bool not_started = false;  // the program could not be executed (missing, not executable)
  std::string out;
  std::string err;

  bool ok() const { return exit_code == 0 && !timed_out && !not_started; }
};

struct ProcessOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
  std::string input;  // written to the program's standard input, which is then closed
};

// argv[0] is a path or a name looked up on PATH.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A program left running in the background (kubectl port-forward), stopped and reaped when destroyed.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads standard output until a line contains `marker` or the time runs out; returns that line, or ""
  // (then `output_so_far()` and `error_output()` say why).
  std::string wait_for_line(const std::string& marker, std::chrono::milliseconds timeout);
  const std::string& output_so_far() const { return out_; }
  // Standard error gathered so far (read without blocking).
  std::string error_output();

 private:
  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
};

// Looks `name` up on PATH (names containing '/' are taken as paths); "" when not found or not executable.
std::string find_program(const std::string& name);

// Quotes one argument for display as a POSIX shell word (for --dry-run output and messages).
std::string shell_word(const std::string& arg);
std::string shell_command(const std::vector<std::string>& argv);

}  // namespace sparkmv::kube
