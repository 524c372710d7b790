#pragma once
// Formatting shared by the commands' table output.
#include <cstdint>
#include <string>

namespace sparkmv::cli {

// Wraps text in an ANSI colour code when colour is on (see use_colour()).
std::string paint(const std::string& text, const char* code, bool colour);

// 1536 -> "1.5 KiB"; negative counts (deltas) keep their sign.
std::string human_bytes(std::uint64_t bytes);
std::string human_bytes(std::int64_t bytes);

}  // namespace sparkmv::cli
