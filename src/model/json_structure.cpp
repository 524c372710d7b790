#include "model/json_structure.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "model/yaml_reader.hpp"

namespace sparkmv::model {

namespace {

// The end of the string literal starting at `open` (the offset after its closing quote), or npos.
std::size_t string_end(std::string_view text, std::size_t open) {
  for (auto i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Keys compare by their decoded text: "a" and "\u0061" are one key.
std::string decoded_key(std::string_view literal) {
  if (literal.find('\\') == std::string_view::npos) return std::string(literal.substr(1, literal.size() - 2));
  try {
    return nlohmann::json::parse(literal).get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return std::string(literal);  // malformed: the parser will say so
  }
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct Container {
  bool object = false;
  std::map<std::string, std::size_t> keys;  // objects: key -> offset
};

}  // namespace

std::optional<JsonProblem> find_json_structure_problem(std::string_view text) {
  std::vector<Container> open;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      if (open.size() >= max_nesting_depth) {
        return JsonProblem{i, std::nullopt,
                           "nested deeper than " + std::to_string(max_nesting_depth) + " levels"};
      }
      open.push_back(Container{c == '{', {}});
    } else if (c == '}' || c == ']') {
      if (open.empty()) return std::nullopt;  // unbalanced: malformed, the parser reports it
      open.pop_back();
    } else if (c == '"') {
      const auto end = string_end(text, i);
      if (end == std::string_view::npos) return std::nullopt;
      auto next = end;
      while (next < text.size() && is_space(text[next])) ++next;
      if (!open.empty() && open.back().object && next < text.size() && text[next] == ':') {
        const auto [it, fresh] = open.back().keys.emplace(decoded_key(text.substr(i, end - i)), i);
        if (!fresh) return JsonProblem{i, it->second, "duplicate key '" + it->first + "'"};
      }
      i = end - 1;
    }
  }
  return std::nullopt;
}

}  // namespace sparkmv::model
