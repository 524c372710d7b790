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
bool is_valid_utf8(std::string_view s);
// `s` with each byte that is not part of valid UTF-8 written as the four characters \xNN: file names and log
// values can hold any bytes, JSON output only UTF-8.
std::string escape_invalid_utf8(std::string_view s);
// `s` safe to print on a terminal: control characters (C0 but newline, DEL, C1) and invalid UTF-8 written as
// \xNN (\t, \r as such), so a file name or a value read from a log cannot move the cursor, retitle the
// window or hide text. `keep_newlines` false escapes \n too (one-line messages).
std::string escape_control(std::string_view s, bool keep_newlines = true);

}  // namespace sparkmv::text
