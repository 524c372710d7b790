#include "migrate/inventory.hpp"

#include <fmt/format.h>

#include <set>

#include "common/errors.hpp"
#include "common/text.hpp"
#include "model/manifest_loader.hpp"
#include "model/object.hpp"
#include "model/yaml_reader.hpp"

namespace sparkmv::migrate {

namespace {

// Where an entry's problems are reported: file:line: job 'name'.
class EntryContext {
 public:
  EntryContext(const std::string& origin, const model::YamlDocument& document, std::string pointer)
      : origin_(origin), document_(document), pointer_(std::move(pointer)) {}

  int line_of(const std::string& field = {}) const {
    auto it = document_.lines.find(field.empty() ? pointer_ : pointer_ + "/" + field);
    if (it == document_.lines.end()) it = document_.lines.find(pointer_);
    return (it == document_.lines.end() ? document_.line : it->second) + 1;
  }

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    const auto who = name_.empty() ? std::string("job") : fmt::format("job '{}'", name_);
    throw InputError(fmt::format("{}:{}: {}: {}", origin_, line_of(field), who, what));
  }

  void set_name(std::string name) { name_ = std::move(name); }

 private:
  const std::string& origin_;
  const model::YamlDocument& document_;
  std::string pointer_;
  std::string name_;
};

std::string required_text(const nlohmann::json& entry, const char* field, const EntryContext& context) {
  const auto it = entry.find(field);
  if (it == entry.end() || it->is_null()) context.fail("", fmt::format("missing field '{}'", field));
  if (it->is_object() || it->is_array())
    context.fail(field, fmt::format("'{}' must be a single value", field));
  auto value = std::string(text::trim(model::scalar_text(*it)));
  if (value.empty()) context.fail(field, fmt::format("'{}' is empty", field));
  return value;
}

Risk parse_risk(const std::string& value, const EntryContext& context) {
  if (value == "low") return Risk::low;
  if (value == "medium") return Risk::medium;
  if (value == "high") return Risk::high;
  context.fail("risk", fmt::format("unknown risk '{}' (expected low, medium or high)", value));
}

JobKind parse_kind(const std::string& value, const EntryContext& context) {
  if (value == "batch") return JobKind::batch;
  if (value == "connect") return JobKind::connect;
  context.fail("kind", fmt::format("unknown kind '{}' (expected batch or connect)", value));
}

std::string parse_version(const std::string& value, const EntryContext& context) {
  // "3.5.7" pins the same line as "3.5": the inventory speaks of the two releases, not of patch levels.
  for (const auto version : {legacy_version, target_version}) {
    if (value == version || value.starts_with(std::string(version) + ".")) return std::string(version);
  }
  context.fail("version", fmt::format("unknown version '{}' (expected 3.5 or 4.1)", value));
}

SubmitSpec parse_submit(const nlohmann::json& entry, JobKind kind, const EntryContext& context) {
  const auto it = entry.find("submit");
  if (it == entry.end() || !it->is_object()) context.fail("", "missing mapping 'submit'");
  static const std::set<std::string, std::less<>> known = {"main_class", "application", "python_file", "args",
                                                           "conf"};
  for (const auto& [key, value] : it->items()) {
    if (!known.contains(key)) context.fail("submit/" + key, fmt::format("unknown field 'submit.{}'", key));
  }
  SubmitSpec spec;
  spec.main_class = model::scalar_text(it->value("main_class", nlohmann::json()));
  spec.application = model::scalar_text(it->value("application", nlohmann::json()));
  spec.python_file = model::scalar_text(it->value("python_file", nlohmann::json()));
  const auto args = it->value("args", nlohmann::json::array());
  if (!args.is_array()) context.fail("submit/args", "'submit.args' must be a list");
  for (const auto& arg : args) spec.args.push_back(model::scalar_text(arg));
  const auto conf = it->value("conf", nlohmann::json::object());
  if (!conf.is_object()) context.fail("submit/conf", "'submit.conf' must be a mapping of Spark settings");
  for (const auto& [key, value] : conf.items()) spec.conf[key] = model::scalar_text(value);
  const bool jvm = !spec.main_class.empty() && !spec.application.empty();
  const bool python = !spec.python_file.empty();
  if (jvm == python) {
    context.fail("submit", "'submit' needs either main_class and application (a jar) or python_file");
  }
  if (kind == JobKind::connect && !python) {
    context.fail("submit", "a connect job is a Python client: give submit.python_file");
  }
  return spec;
}

}  // namespace

std::string_view to_string(Risk risk) {
  switch (risk) {
    case Risk::low:
      return "low";
    case Risk::medium:
      return "medium";
    case Risk::high:
      return "high";
  }
  return "?";
}

std::string_view to_string(JobKind kind) {
  return kind == JobKind::batch ? "batch" : "connect";
}

bool operator==(const SubmitSpec& a, const SubmitSpec& b) {
  return a.main_class == b.main_class && a.application == b.application && a.python_file == b.python_file &&
         a.args == b.args && a.conf == b.conf;
}

bool operator==(const Job& a, const Job& b) {
  return a.name == b.name && a.owner == b.owner && a.risk == b.risk && a.version == b.version &&
         a.kind == b.kind && a.submit == b.submit && a.line == b.line && a.version_line == b.version_line;
}

const Job* JobInventory::find(std::string_view name) const {
  for (const auto& job : jobs) {
    if (job.name == name) return &job;
  }
  return nullptr;
}

JobInventory parse_inventory(std::string_view text, const std::string& origin) {
  if (text::looks_binary(text))
    throw InputError(fmt::format("{}: binary data, not a YAML job inventory", origin));
  std::vector<model::YamlDocument> documents;
  try {
    documents = model::parse_yaml_documents(text, true);
  } catch (const model::YamlError& e) {
    const auto first = e.first_line() >= 0 ? fmt::format(" (first at line {})", e.first_line() + 1) : "";
    throw InputError(fmt::format("{}:{}: malformed YAML: {}{}", origin, e.line() + 1, e.what(), first));
  }
  if (documents.size() != 1 || !documents[0].value.is_object()) {
    throw InputError(fmt::format("{}: expected one YAML document with a 'jobs' list", origin));
  }
  const auto& document = documents[0];
  const auto jobs = document.value.find("jobs");
  if (jobs == document.value.end() || !(jobs->is_array() || jobs->is_null())) {
    throw InputError(fmt::format("{}:{}: expected a 'jobs' list", origin, document.line + 1));
  }
  JobInventory inventory;
  inventory.path = origin;
  if (jobs->is_null()) return inventory;
  static const std::set<std::string, std::less<>> known = {"name",    "owner", "risk",
                                                           "version", "kind",  "submit"};
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < jobs->size(); ++i) {
    const auto& entry = (*jobs)[i];
    EntryContext context(origin, document, "/jobs/" + std::to_string(i));
    if (!entry.is_object()) context.fail("", "each entry of 'jobs' must be a mapping");
    if (entry.contains("name") && entry["name"].is_string())
      context.set_name(entry["name"].get<std::string>());
    for (const auto& [key, value] : entry.items()) {
      if (!known.contains(key)) context.fail(key, fmt::format("unknown field '{}'", key));
    }
    Job job;
    job.line = context.line_of();
    job.name = required_text(entry, "name", context);
    job.owner = required_text(entry, "owner", context);
    job.risk = parse_risk(required_text(entry, "risk", context), context);
    job.version = parse_version(required_text(entry, "version", context), context);
    job.version_line = context.line_of("version");
    job.kind = parse_kind(required_text(entry, "kind", context), context);
    job.submit = parse_submit(entry, job.kind, context);
    if (const auto [it, fresh] = first_line.emplace(job.name, job.line); !fresh) {
      context.fail("name", fmt::format("duplicate name (first at line {})", it->second));
    }
    inventory.jobs.push_back(std::move(job));
  }
  return inventory;
}

JobInventory load_inventory(const std::string& path) {
  return parse_inventory(model::read_input(path), path);
}

}  // namespace sparkmv::migrate
