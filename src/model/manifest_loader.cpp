#include "model/manifest_loader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "common/errors.hpp"
#include "common/text.hpp"
#include "model/json_structure.hpp"
#include "model/yaml_reader.hpp"

namespace sparkmv::model {

namespace {

// One YAML document of a multi-document stream, with the line it starts on.
struct DocumentChunk {
  std::string text;
  int first_line = 1;  // 1-based line of the chunk's first line in the input
  std::string template_path;
};

bool is_document_marker(std::string_view line) {
  auto marker = [&](std::string_view m) {
    return line.substr(0, 3) == m && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
  };
  return marker("---") || marker("...");
}

// Splits at document markers in column 0, which YAML forbids inside any scalar, so the split is exact.
std::vector<DocumentChunk> split_documents(std::string_view text) {
  std::vector<DocumentChunk> chunks;
  DocumentChunk current;
  const auto lines = text::split_lines(text);
  constexpr std::string_view source_prefix = "# Source: ";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    if (is_document_marker(line)) {
      chunks.push_back(std::move(current));
      current = DocumentChunk{};
      current.first_line = static_cast<int>(i) + 2;
      // Content after "--- " on the marker line belongs to the new document.
      const auto rest = line.size() > 4 ? line.substr(4) : std::string_view();
      if (line.substr(0, 3) == "---" && !text::trim(rest).empty()) {
        current.first_line = static_cast<int>(i) + 1;
        current.text.append(rest).append("\n");
        const auto comment = text::trim(rest);
        if (comment.substr(0, source_prefix.size()) == source_prefix) {
          current.template_path = std::string(text::trim(comment.substr(source_prefix.size())));
        }
      }
      continue;
    }
    if (current.template_path.empty() && line.substr(0, source_prefix.size()) == source_prefix) {
      current.template_path = std::string(text::trim(line.substr(source_prefix.size())));
    }
    current.text.append(line).append("\n");
  }
  chunks.push_back(std::move(current));
  return chunks;
}

std::string string_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool is_list_kind(const nlohmann::json& body) {
  const auto kind = string_field(body, "kind");
  return kind.size() >= 4 && kind.ends_with("List") && body.contains("items") && body["items"].is_array();
}

// Validates one object and fills in identity fields; `where` names it in messages.
KubeObject make_object(nlohmann::json body, SourceLocation where) {
  const std::string at = fmt::format("{}:{}", where.file, where.line);
  if (!body.is_object())
    throw InputError(fmt::format("{}: document is not a mapping (a Kubernetes object)", at));
  KubeObject object;
  object.kind = string_field(body, "kind");
  if (object.kind.empty()) throw InputError(fmt::format("{}: object has no kind", at));
  object.api_version = string_field(body, "apiVersion");
  const auto metadata = body.find("metadata");
  if (metadata == body.end() || !metadata->is_object()) {
    throw InputError(fmt::format("{}: {} has no metadata", at, object.kind));
  }
  object.name = string_field(*metadata, "name");
  if (object.name.empty()) {
    // Hooks often let the API server generate a name; such objects can never collide by name.
    const auto generated = string_field(*metadata, "generateName");
    if (generated.empty()) throw InputError(fmt::format("{}: {} has no metadata.name", at, object.kind));
    object.name = generated + "*";
  }
  if (!is_cluster_scoped(object.kind)) {
    object.ns = string_field(*metadata, "namespace");
    object.namespace_explicit = !object.ns.empty();
  }
  object.where = std::move(where);
  object.body = std::move(body);
  return object;
}

void append_objects(nlohmann::json body, const SourceLocation& where, std::vector<KubeObject>& out) {
  if (body.is_object() && is_list_kind(body)) {
    for (auto& item : body["items"]) append_objects(std::move(item), where, out);
    return;
  }
  out.push_back(make_object(std::move(body), where));
}

// The line of an out-of-range number such as 1e400, which nlohmann reports without a position.
int line_of_literal(std::string_view text, const std::string& message) {
  const auto open = message.find('\'');
  const auto close = message.rfind('\'');
  if (open == std::string::npos || close <= open) return 1;
  const auto at = text.find(std::string_view(message).substr(open + 1, close - open - 1));
  return at == std::string_view::npos ? 1 : text::line_of_offset(text, at);
}

// nlohmann's messages start with their own prefix ("[json.exception.parse_error.101] parse error at line 1,
// column 2: "): keep only the description.
std::string description_of(const nlohmann::json::exception& e) {
  std::string what = e.what();
  if (const auto pos = what.rfind(": "); pos != std::string::npos) return what.substr(pos + 2);
  if (what.starts_with('[')) {
    if (const auto end = what.find("] "); end != std::string::npos) return what.substr(end + 2);
  }
  return what;
}

nlohmann::json parse_json(std::string_view text, const std::string& origin) {
  if (const auto problem = find_json_structure_problem(text)) {
    const auto first = problem->first_offset ? fmt::format(" (first at line {})",
                                                           text::line_of_offset(text, *problem->first_offset))
                                             : std::string();
    throw InputError(fmt::format("{}:{}: {}{}", origin, text::line_of_offset(text, problem->offset),
                                 problem->what, first));
  }
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    const auto line = text::line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0);
    throw InputError(fmt::format("{}:{}: malformed JSON: {}", origin, line, description_of(e)));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(
        fmt::format("{}:{}: malformed JSON: {}", origin, line_of_literal(text, e.what()), description_of(e)));
  }
}

std::vector<KubeObject> load_json(std::string_view text, const std::string& origin) {
  auto root = parse_json(text, origin);
  std::vector<KubeObject> objects;
  const SourceLocation where{origin, 1, {}};
  if (root.is_array()) {
    for (auto& item : root) append_objects(std::move(item), where, objects);
  } else {
    append_objects(std::move(root), where, objects);
  }
  return objects;
}

std::vector<KubeObject> load_yaml(std::string_view text, const std::string& origin) {
  std::vector<KubeObject> objects;
  for (auto& chunk : split_documents(text)) {
    std::vector<YamlDocument> documents;
    try {
      documents = parse_yaml_documents(chunk.text);
    } catch (const YamlError& e) {
      // Errors found at the end of input point one line past the last one; name the last line instead.
      const int lines = static_cast<int>(text::split_lines(chunk.text).size());
      const int line = std::min(chunk.first_line + e.line(), chunk.first_line + std::max(lines - 1, 0));
      const auto first =
          e.first_line() >= 0 ? fmt::format(" (first at line {})", chunk.first_line + e.first_line()) : "";
      throw InputError(fmt::format("{}:{}: malformed YAML: {}{}", origin, line, e.what(), first));
    }
    for (auto& document : documents) {
      if (document.value.is_null()) continue;  // empty or comments-only document
      const SourceLocation where{origin, chunk.first_line + document.line, chunk.template_path};
      if (!document.value.is_object()) {
        throw InputError(
            fmt::format("{}:{}: document is not a mapping (a Kubernetes object)", origin, where.line));
      }
      append_objects(std::move(document.value), where, objects);
    }
  }
  return objects;
}

}  // namespace

std::vector<KubeObject> load_manifests(std::string_view text, const std::string& origin) {
  if (text::looks_binary(text)) {
    throw InputError(fmt::format("{}: binary data, not YAML or JSON manifests", origin));
  }
  const auto content = text::trim(text);
  if (content.empty()) throw InputError(fmt::format("{}: empty input, no manifests", origin));
  const bool json = content.front() == '{' || content.front() == '[';
  auto objects = json ? load_json(text, origin) : load_yaml(text, origin);
  if (objects.empty()) throw InputError(fmt::format("{}: no Kubernetes objects in input", origin));
  return objects;
}

std::string read_input(const std::string& path) {
  const auto name = path == "-" ? std::string("<stdin>") : path;
  if (path != "-") {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      throw InputError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    }
    if (S_ISDIR(info.st_mode)) throw InputError(fmt::format("{}: is a directory, not a file", path));
    // A pipe is fine (`<(helm template ...)`); a device or socket never ends or is no input at all.
    if (!S_ISREG(info.st_mode) && !S_ISFIFO(info.st_mode)) {
      throw InputError(fmt::format("{}: not a regular file (a device or socket), not read", path));
    }
  }
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw InputError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::string content;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > max_input_bytes) {
      throw InputError(fmt::format("{}: larger than {} MiB, the limit for a manifest or inventory", name,
                                   max_input_bytes >> 20));
    }
  }
  if (in.bad()) throw InputError(fmt::format("{}: cannot read: {}", name, std::strerror(errno)));
  return content;
}

std::vector<KubeObject> load_manifest_file(const std::string& path) {
  return load_manifests(read_input(path), path == "-" ? "<stdin>" : path);
}

}  // namespace sparkmv::model
