#pragma once
// Small string helpers shared by the parsers.
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::text {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::vector<std::string_view> split_lines(std::string_view s);
// Splits on runs of ASCII whitespace; quotes are honoured the way a POSIX shell groups words.
std::vector<std::string> split_words(std::string_view s);
// 1-based line number of byte offset `offset` in `s`.
int line_of_offset(std::string_view s, std::size_t offset);
// Escapes &, <, >, " and ' for HTML and XML text and attribute values.
std::string markup_escape(std::string_view s);
// True when `s` holds a NUL byte or is not valid UTF-8: such input is binary, not text.
bool looks_binary(std::string_view s);

}  // namespace sparkmv::text
