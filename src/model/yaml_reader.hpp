#pragma once
// Parses YAML documents into JSON values with libyaml, resolving plain scalars the way Kubernetes' YAML
// decoder does (null, booleans, integers, floats), keeping quoted and block scalars as strings, expanding
// aliases and `<<` merge keys. Hostile input is bounded: nesting depth and the nodes aliases may copy are
// limited (docs/reference/limits.md), and a key set twice in one mapping is an error, never "last one wins".
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::model {

struct YamlDocument {
  nlohmann::json value;  // null for an empty (or comments-only) document
  int line = 0;          // 0-based line of the document's root node within the parsed text
  // With line tracking on: the 0-based line of every node, by JSON pointer ("/jobs/0/name").
  std::map<std::string, int> lines;
};

// Deeper than any real manifest or inventory, shallow enough that nothing downstream runs out of stack.
inline constexpr std::size_t max_nesting_depth = 256;
// Nodes that aliases may copy into one stream: real files reuse a few small anchors; a "billion laughs"
// stream of nested anchors would need billions.
inline constexpr std::size_t max_alias_nodes = 100'000;

// Malformed YAML; `line` is 0-based within the parsed text. A duplicate key also names, in `first_line`
// (0-based, else -1), where the key was set first.
class YamlError : public std::runtime_error {
 public:
  YamlError(int line, const std::string& message, int first_line = -1)
      : std::runtime_error(message), line_(line), first_line_(first_line) {}
  int line() const { return line_; }
  int first_line() const { return first_line_; }

 private:
  int line_;
  int first_line_;
};

std::vector<YamlDocument> parse_yaml_documents(std::string_view text, bool track_lines = false);

}  // namespace sparkmv::model
