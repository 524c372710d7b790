#include "isolation/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/errors.hpp"
#include "common/text.hpp"
#include "config/hadoop_xml.hpp"
#include "config/java_properties.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation {

namespace {

std::optional<std::pair<std::string, std::string>> split_assignment(std::string_view word) {
  const auto equals = word.find('=');
  if (equals == std::string_view::npos || equals == 0) return std::nullopt;
  return std::pair{std::string(word.substr(0, equals)), std::string(word.substr(equals + 1))};
}

bool is_env_assignment(std::string_view word) {
  const auto equals = word.find('=');
  if (equals == std::string_view::npos || equals == 0 || word.size() == equals + 1) return false;
  const auto name = word.substr(0, equals);
  const bool starts_well = std::isalpha(static_cast<unsigned char>(name.front())) != 0 || name.front() == '_';
  return starts_well && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
         });
}

void scan_words(const std::vector<std::string>& words,
                std::vector<std::pair<std::string, std::string>>& out) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words[i];
    std::optional<std::pair<std::string, std::string>> found;
    if ((word == "--conf" || word == "-c") && i + 1 < words.size()) {
      found = split_assignment(words[++i]);
    } else if (word.starts_with("--conf=")) {
      found = split_assignment(word.substr(7));
    } else if (word.starts_with("-D") && word.size() > 2) {
      found = split_assignment(word.substr(2));
    } else if (is_env_assignment(word)) {
      // NAME="-Dk=v ..." in a script: the JVM options are inside the assigned value.
      scan_words(text::split_words(word.substr(word.find('=') + 1)), out);
    }
    if (found) out.push_back(std::move(*found));
  }
}

void add_config_file(const model::KubeObject& object, const std::string& key, const std::string& content,
                     std::vector<Setting>& out) {
  const bool properties = key.ends_with(".conf") || key.ends_with(".properties");
  const bool xml = key.ends_with(".xml");
  const bool script = key.ends_with(".sh");
  if (!properties && !xml && !script) return;
  const std::string scope = object.ref().to_string() + "#" + key;
  auto emit = [&](std::string k, std::string v, int line) {
    Evidence evidence{object.ref(), object.where, object.release, fmt::format("data[{}] line {}", key, line)};
    out.push_back({std::move(k), std::move(v), std::move(evidence), scope});
  };
  if (properties) {
    for (auto& p : config::parse_java_properties(content)) emit(std::move(p.key), std::move(p.value), p.line);
  } else if (xml) {
    try {
      for (auto& p : config::parse_hadoop_xml(content)) emit(std::move(p.key), std::move(p.value), p.line);
    } catch (const config::XmlError& e) {
      throw InputError(fmt::format("{}:{}: {} data[{}] line {}: malformed XML: {}", object.where.file,
                                   object.where.line, object.ref().to_string(), key, e.line(), e.what()));
    }
  } else {
    const auto lines = text::split_lines(content);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::vector<std::pair<std::string, std::string>> found;
      scan_words(text::split_words(lines[i]), found);
      for (auto& [k, v] : found) emit(std::move(k), std::move(v), static_cast<int>(i) + 1);
    }
  }
}

void add_container(const model::KubeObject& object, const nlohmann::json& container,
                   std::vector<Setting>& out) {
  const auto name = model::scalar_text(container.value("name", nlohmann::json()));
  const std::string scope = object.ref().to_string() + "#container:" + name;
  auto emit_all = [&](const std::vector<std::pair<std::string, std::string>>& found,
                      const std::string& detail) {
    for (const auto& [k, v] : found) {
      out.push_back({k, v, Evidence{object.ref(), object.where, object.release, detail}, scope});
    }
  };
  std::vector<std::string> words;
  for (const auto& word : model::command_line_of(container)) {
    for (auto& w : text::split_words(word)) words.push_back(std::move(w));
  }
  emit_all(settings_in_words(words), fmt::format("container {} args", name));
  for (const auto& [env_name, value] : model::literal_env_of(container)) {
    emit_all(settings_in_words(text::split_words(value)), fmt::format("container {} env {}", name, env_name));
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> settings_in_words(const std::vector<std::string>& words) {
  std::vector<std::pair<std::string, std::string>> found;
  scan_words(words, found);
  return found;
}

std::vector<Setting> settings_of(const model::KubeObject& object) {
  std::vector<Setting> out;
  if (object.kind == "ConfigMap") {
    const auto data = object.body.find("data");
    if (data != object.body.end() && data->is_object()) {
      for (const auto& [key, value] : data->items())
        add_config_file(object, key, model::scalar_text(value), out);
    }
    return out;
  }
  if (const auto pod = model::pod_template_of(object)) {
    for (const auto* container : model::containers_of(*pod->spec)) add_container(object, *container, out);
  }
  return out;
}

}  // namespace sparkmv::isolation
