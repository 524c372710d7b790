#include "model/yaml_reader.hpp"

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>

namespace sparkmv::model {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// YAML 1.2 core-schema integers: [-+]?(0|[1-9][0-9]*).
bool is_integer(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty() || !std::all_of(s.begin(), s.end(), is_digit)) return false;
  return s.size() == 1 || s.front() != '0';
}

// YAML 1.2 core-schema floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?.
bool is_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const bool has_int = i > int_start;
  bool has_fraction = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t fraction_start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    has_fraction = i > fraction_start;
  }
  if (!has_int && !has_fraction) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t exponent_start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == exponent_start) return false;
  }
  return i == s.size();
}

nlohmann::json resolve_plain_scalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  // Most scalars in a manifest are names and text: only those that start like a number are looked at again.
  const char first = s.front();
  if (!is_digit(first) && first != '-' && first != '+' && first != '.') return std::string(s);
  if (is_integer(s)) {
    long long value = 0;
    const char* begin = s.data() + (first == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size()) return value;
    return std::string(s);  // out of range: keep the text rather than lose digits
  }
  if (is_float(s)) {
    double value = 0;
    const char* begin = s.data() + (first == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size()) return value;
  }
  return std::string(s);
}

std::string anchor_of(const yaml_char_t* anchor) {
  return anchor == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(anchor));
}

// Builds JSON values from libyaml's event stream.
// "~" and "/" are escaped in JSON pointer tokens (RFC 6901).
std::string pointer_token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// The size of a value the builder made: how many nodes it holds and how deeply they nest, so that an alias
// can be refused before it copies too much or nests too deep.
struct Shape {
  std::size_t nodes = 1;
  std::size_t height = 0;  // 0 for a scalar
};

class Builder {
 public:
  explicit Builder(bool track_lines) : track_lines_(track_lines) {}

  // Returns true when a document is complete.
  bool on_event(const yaml_event_t& event, std::vector<YamlDocument>& out) {
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        document_line_ = -1;
        root_ = nlohmann::json();
        break;
      case YAML_DOCUMENT_END_EVENT:
        out.push_back({std::move(root_), std::max(document_line_, 0), std::move(lines_)});
        lines_.clear();
        anchors_.clear();
        return true;
      case YAML_SCALAR_EVENT: {
        const std::string_view text(reinterpret_cast<const char*>(event.data.scalar.value),
                                    event.data.scalar.length);
        const bool plain =
            event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && event.data.scalar.plain_implicit;
        const auto* tag = reinterpret_cast<const char*>(event.data.scalar.tag);
        const bool string_tag = tag != nullptr && std::string_view(tag) == "tag:yaml.org,2002:str";
        nlohmann::json value =
            plain && !string_tag ? resolve_plain_scalar(text) : nlohmann::json(std::string(text));
        const auto anchor = anchor_of(event.data.scalar.anchor);
        if (!anchor.empty()) anchors_[anchor] = {value, Shape{}};
        if (track_lines_) note_line(next_pointer(), event);
        add(std::move(value), Shape{}, event, plain && text == "<<");
        break;
      }
      case YAML_ALIAS_EVENT: {
        const auto anchor = anchor_of(event.data.alias.anchor);
        const auto it = anchors_.find(anchor);
        if (it == anchors_.end()) throw YamlError(line_of(event), "unknown anchor *" + anchor);
        const auto& [value, shape] = it->second;
        alias_nodes_ += shape.nodes;
        if (alias_nodes_ > max_alias_nodes) {
          throw YamlError(line_of(event), "aliases copy more than " + std::to_string(max_alias_nodes) +
                                              " nodes (nested anchors that expand without bound?)");
        }
        check_depth(stack_.size() + shape.height, event);
        add(value, shape, event, false);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
        open(nlohmann::json::array(), anchor_of(event.data.sequence_start.anchor), event);
        break;
      case YAML_MAPPING_START_EVENT:
        open(nlohmann::json::object(), anchor_of(event.data.mapping_start.anchor), event);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        close(event);
        break;
      default:
        break;
    }
    return false;
  }

 private:
  struct Open {
    nlohmann::json value;
    std::string anchor;
    std::string pointer;  // only with line tracking
    std::string key;      // for mappings: the key awaiting its value
    bool have_key = false;
    bool merge_key = false;
    Shape shape;
    std::map<std::string, int> key_lines;  // mappings: the keys set so far, with their lines
  };

  struct Anchored {
    nlohmann::json value;
    Shape shape;
  };

  static int line_of(const yaml_event_t& event) { return static_cast<int>(event.start_mark.line); }

  static void check_depth(std::size_t depth, const yaml_event_t& event) {
    if (depth > max_nesting_depth) {
      throw YamlError(line_of(event), "nested deeper than " + std::to_string(max_nesting_depth) + " levels");
    }
  }

  // The pointer of the value about to be added to the innermost open container.
  std::string next_pointer() const {
    if (stack_.empty()) return "";
    const auto& parent = stack_.back();
    if (parent.value.is_array()) return parent.pointer + "/" + std::to_string(parent.value.size());
    return parent.have_key ? parent.pointer + "/" + pointer_token(parent.key) : std::string();
  }

  void note_line(const std::string& pointer, const yaml_event_t& event) {
    if (track_lines_ && (stack_.empty() || stack_.back().value.is_array() || stack_.back().have_key)) {
      lines_.emplace(pointer, line_of(event));
    }
  }

  void open(nlohmann::json value, std::string anchor, const yaml_event_t& event) {
    check_depth(stack_.size() + 1, event);
    if (stack_.empty() && document_line_ < 0) document_line_ = line_of(event);
    std::string pointer = track_lines_ ? next_pointer() : std::string();
    note_line(pointer, event);
    stack_.push_back(Open{std::move(value), std::move(anchor), std::move(pointer), {}, false, false, {}, {}});
  }

  void close(const yaml_event_t& event) {
    Open done = std::move(stack_.back());
    stack_.pop_back();
    done.shape.height += 1;
    if (!done.anchor.empty()) anchors_[done.anchor] = {done.value, done.shape};
    add(std::move(done.value), done.shape, event, false);
  }

  static std::string key_text(const nlohmann::json& key) {
    return key.is_string() ? key.get<std::string>() : key.dump();
  }

  // `<<: *base` or `<<: [*a, *b]`: keys of the merged maps that the mapping does not set itself.
  static void merge_into(nlohmann::json& target, const nlohmann::json& source) {
    if (source.is_array()) {
      for (const auto& item : source) merge_into(target, item);
      return;
    }
    if (!source.is_object()) return;
    for (const auto& [key, value] : source.items()) {
      if (!target.contains(key)) target[key] = value;
    }
  }

  // A key set twice hides the first value (in a manifest, a finding; in jobs.yaml, whole jobs).
  static void remember_key(Open& mapping, const yaml_event_t& event) {
    const auto [it, fresh] = mapping.key_lines.emplace(mapping.key, line_of(event));
    if (!fresh) {
      throw YamlError(line_of(event), "duplicate key '" + mapping.key + "'", it->second);
    }
  }

  void add(nlohmann::json value, const Shape& shape, const yaml_event_t& event, bool is_merge_key) {
    if (stack_.empty()) {
      if (document_line_ < 0) document_line_ = line_of(event);
      root_ = std::move(value);
      return;
    }
    auto& parent = stack_.back();
    parent.shape.nodes += shape.nodes;
    parent.shape.height = std::max(parent.shape.height, shape.height);
    if (parent.value.is_array()) {
      parent.value.push_back(std::move(value));
      return;
    }
    if (!parent.have_key) {
      parent.key = key_text(value);
      parent.merge_key = is_merge_key;
      parent.have_key = true;
      if (!is_merge_key) remember_key(parent, event);
      return;
    }
    if (parent.merge_key) {
      merge_into(parent.value, value);
    } else {
      parent.value[parent.key] = std::move(value);
    }
    parent.have_key = false;
  }

  bool track_lines_;
  std::map<std::string, int> lines_;
  std::vector<Open> stack_;
  std::map<std::string, Anchored> anchors_;
  std::size_t alias_nodes_ = 0;  // over the whole stream (one document per call from the manifest loader)
  nlohmann::json root_;
  int document_line_ = -1;
};

}  // namespace

std::vector<YamlDocument> parse_yaml_documents(std::string_view text, bool track_lines) {
  yaml_parser_t parser;
  if (yaml_parser_initialize(&parser) == 0) throw YamlError(0, "cannot create a YAML parser");
  const std::unique_ptr<yaml_parser_t, decltype(&yaml_parser_delete)> guard(&parser, &yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());

  std::vector<YamlDocument> documents;
  Builder builder(track_lines);
  for (;;) {
    yaml_event_t event;
    if (yaml_parser_parse(&parser, &event) == 0) {
      std::string message = parser.problem != nullptr ? parser.problem : "malformed YAML";
      if (parser.context != nullptr) message = std::string(parser.context) + ": " + message;
      throw YamlError(static_cast<int>(parser.problem_mark.line), message);
    }
    const std::unique_ptr<yaml_event_t, decltype(&yaml_event_delete)> event_guard(&event, &yaml_event_delete);
    if (event.type == YAML_STREAM_END_EVENT) break;
    builder.on_event(event, documents);
  }
  return documents;
}

}  // namespace sparkmv::model
