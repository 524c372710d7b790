#pragma once
// The error types every command maps to a process exit code (see docs/reference/cli.md).
#include <stdexcept>
#include <string>

namespace sparkmv {

enum class ExitCode : int {
  ok = 0,           // all good
  findings = 1,     // findings, regressions or failed checks
  bad_input = 2,    // bad usage or bad input
  environment = 3,  // a tool is missing or an endpoint is unreachable
};

// Input the user gave us is wrong: a file that does not parse, a missing field. The message names the
// file (and line or object) and says what is wrong, on one line.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The machine is not as we need it: a tool missing, a server unreachable.
class EnvironmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sparkmv
