#include "cli/text_output.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

#include "common/text.hpp"

namespace sparkmv::cli {

namespace {

// The codes paint() and the verify table are called with; any other escape sequence in the output came
// from the data.
constexpr std::array<std::string_view, 11> own_colour_codes = {"0",  "1",  "2",    "31",   "32",  "33",
                                                               "35", "36", "1;31", "1;32", "1;33"};

// Length of one of our own "ESC [ code m" sequences at the start of `s`, else 0.
std::size_t own_colour_sequence(std::string_view s) {
  if (!s.starts_with("\x1b[")) return 0;
  const auto end = s.find('m', 2);
  if (end == std::string_view::npos) return 0;
  const auto code = s.substr(2, end - 2);
  for (const auto own : own_colour_codes) {
    if (code == own) return end + 1;
  }
  return 0;
}

nlohmann::json utf8_safe(const nlohmann::json& value) {
  if (value.is_string()) return text::escape_invalid_utf8(value.get_ref<const std::string&>());
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(utf8_safe(item));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) out[text::escape_invalid_utf8(key)] = utf8_safe(item);
    return out;
  }
  return value;
}

}  // namespace

std::string terminal_text(std::string_view rendered, bool colour) {
  if (!colour) return text::escape_control(rendered);
  std::string out;
  out.reserve(rendered.size());
  std::size_t plain = 0;  // start of the text not yet escaped
  for (auto esc = rendered.find('\x1b'); esc != std::string_view::npos;
       esc = rendered.find('\x1b', esc + 1)) {
    const auto length = own_colour_sequence(rendered.substr(esc));
    if (length == 0) continue;
    out += text::escape_control(rendered.substr(plain, esc - plain));
    out.append(rendered.substr(esc, length));
    plain = esc + length;
    esc = plain - 1;
  }
  out += text::escape_control(rendered.substr(plain));
  return out;
}

std::string json_text(const nlohmann::json& document) {
  try {
    return document.dump(2);
  } catch (const nlohmann::json::type_error&) {
    return utf8_safe(document).dump(
        2);  // only when some string is not UTF-8: the copy costs nothing otherwise
  }
}

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
