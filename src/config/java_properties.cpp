#include "config/java_properties.hpp"

#include <charconv>

#include "common/text.hpp"

namespace sparkmv::config {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

// A line ends in a continuation when it ends with an odd number of backslashes.
bool continues(std::string_view line) {
  std::size_t backslashes = 0;
  while (backslashes < line.size() && line[line.size() - 1 - backslashes] == '\\') ++backslashes;
  return backslashes % 2 == 1;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    switch (c) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        unsigned code = 0;
        if (i + 4 < s.size()) {
          const auto digits = s.substr(i + 1, 4);
          const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, 16);
          if (ec == std::errc() && end == digits.data() + digits.size() && code < 0x80) {
            out += static_cast<char>(code);
            i += 4;
            break;
          }
        }
        out += 'u';
        break;
      }
      default:
        out += c;
        break;
    }
  }
  return out;
}

}  // namespace

std::vector<Property> parse_java_properties(std::string_view text) {
  std::vector<Property> properties;
  const auto lines = text::split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view first = lines[i];
    while (!first.empty() && is_blank(first.front())) first.remove_prefix(1);
    if (first.empty() || first.front() == '#' || first.front() == '!') continue;
    const int start_line = static_cast<int>(i) + 1;
    std::string logical(first);
    while (continues(logical) && i + 1 < lines.size()) {
      logical.pop_back();
      std::string_view next = lines[++i];
      while (!next.empty() && is_blank(next.front())) next.remove_prefix(1);
      logical.append(next);
    }
    // The key ends at the first unescaped '=', ':' or blank.
    std::size_t key_end = 0;
    while (key_end < logical.size()) {
      const char c = logical[key_end];
      if (c == '\\') {
        key_end += 2;
        continue;
      }
      if (c == '=' || c == ':' || is_blank(c)) break;
      ++key_end;
    }
    key_end = std::min(key_end, logical.size());
    std::size_t value_start = key_end;
    while (value_start < logical.size() && is_blank(logical[value_start])) ++value_start;
    if (value_start < logical.size() && (logical[value_start] == '=' || logical[value_start] == ':')) {
      ++value_start;
    }
    const auto key = unescape(std::string_view(logical).substr(0, key_end));
    const auto value = unescape(std::string_view(logical).substr(std::min(value_start, logical.size())));
    properties.push_back({key, std::string(text::trim(value)), start_line});
  }
  return properties;
}

}  // namespace sparkmv::config
