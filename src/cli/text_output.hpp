#pragma once
// Formatting shared by the commands' table output.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sparkmv::cli {

// Wraps text in an ANSI colour code when colour is on (see use_colour()).
std::string paint(const std::string& text, const char* code, bool colour);

// Rendered table text safe for a terminal: every control character escaped (text::escape_control), except,
// when colour is on, the colour codes paint() writes. File names and values read from logs or manifests
// reach the output unchanged otherwise.
std::string terminal_text(std::string_view rendered, bool colour);

// The JSON document, indented, with any byte that is not valid UTF-8 (a file name can hold any bytes) written
// as \xNN instead of making the dump fail.
std::string json_text(const nlohmann::json& document);

// 1536 -> "1.5 KiB"; negative counts (deltas) keep their sign.
std::string human_bytes(std::uint64_t bytes);
std::string human_bytes(std::int64_t bytes);

}  // namespace sparkmv::cli
