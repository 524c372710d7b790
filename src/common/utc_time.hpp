#pragma once
// UTC timestamps as text: one place for the formats sparkmv writes (file names, journals, tables).
#include <cstdint>
#include <string>

namespace sparkmv::utc {

// Now, formatted with strftime's `format` (e.g. "%Y%m%dT%H%M%SZ" for file names).
std::string now(const char* format);
// `epoch_ms` formatted with `format`.
std::string format(std::int64_t epoch_ms, const char* format);
// "YYYY-MM-DDTHH:MM:SSZ" as epoch milliseconds; 0 for anything else.
std::int64_t parse_iso8601(const std::string& text);

inline constexpr const char* iso8601 = "%Y-%m-%dT%H:%M:%SZ";
inline constexpr const char* compact = "%Y%m%dT%H%M%SZ";  // for file names and run ids

}  // namespace sparkmv::utc
