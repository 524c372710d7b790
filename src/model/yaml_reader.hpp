#pragma once
// Parses YAML documents into JSON values with libyaml, resolving plain scalars the way Kubernetes' YAML
// decoder does (null, booleans, integers, floats), keeping quoted and block scalars as strings, expanding
// aliases and `<<` merge keys.
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

// Malformed YAML; `line` is 0-based within the parsed text.
class YamlError : public std::runtime_error {
 public:
  YamlError(int line, const std::string& message) : std::runtime_error(message), line_(line) {}
  int line() const { return line_; }

 private:
  int line_;
};

std::vector<YamlDocument> parse_yaml_documents(std::string_view text, bool track_lines = false);

}  // namespace sparkmv::model
