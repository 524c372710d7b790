#include "cli/text_output.hpp"

#include <fmt/format.h>

#include <iterator>

namespace sparkmv::cli {

std::string paint(const std::string& text, const char* code, bool colour) {
  return colour ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}

std::string human_bytes(std::uint64_t bytes) {
  constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

std::string human_bytes(std::int64_t bytes) {
  if (bytes >= 0) return human_bytes(static_cast<std::uint64_t>(bytes));
  return "-" + human_bytes(static_cast<std::uint64_t>(-(bytes + 1)) + 1);
}

}  // namespace sparkmv::cli
