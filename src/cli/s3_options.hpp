#pragma once
// The S3 options every command that reads event logs takes: --s3-endpoint, --s3-timeout, --s3-path-style.
#include <CLI/CLI.hpp>

#include "eventlog/s3/s3_client.hpp"

namespace sparkmv::cli {

void add_s3_options(CLI::App& command, eventlog::s3::S3Settings& settings);

}  // namespace sparkmv::cli
