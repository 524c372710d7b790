#pragma once

namespace sparkmv::cli {

// Parses the command line, runs the chosen command and returns the process exit code; never throws.
int run(int argc, char** argv);

}  // namespace sparkmv::cli
