#pragma once
// A structural pass over JSON text before it is parsed: nlohmann's parser keeps the last of two equal keys
// and has no depth limit, and neither tells where an object starts. This pass finds both problems and
// names their lines.
#include <optional>
#include <string>
#include <string_view>

namespace sparkmv::model {

struct JsonProblem {
  std::size_t offset = 0;                   // byte offset of the problem
  std::optional<std::size_t> first_offset;  // a duplicate key: where it was first set
  std::string what;                         // "duplicate key 'name'", "nested deeper than 256 levels"
};

// The first duplicate key or excess nesting in `text`, or nothing. Malformed JSON is left to the parser: this
// pass only looks at brackets, strings and colons.
std::optional<JsonProblem> find_json_structure_problem(std::string_view text);

}  // namespace sparkmv::model
