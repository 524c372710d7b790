#include "cli/isolation_output.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/text_output.hpp"

namespace sparkmv::cli {

namespace {

std::string where_of(const isolation::Evidence& e) {
  std::string out = e.where.file.empty() ? std::string() : fmt::format("{}:{}", e.where.file, e.where.line);
  if (!e.where.template_path.empty()) out += fmt::format(" ({})", e.where.template_path);
  return out;
}

nlohmann::json evidence_json(const isolation::Evidence& e) {
  nlohmann::json j = {{"kind", e.object.kind}, {"namespace", e.object.ns}, {"name", e.object.name},
                      {"release", e.release},  {"file", e.where.file},     {"line", e.where.line}};
  if (!e.where.template_path.empty()) j["template"] = e.where.template_path;
  if (!e.detail.empty()) j["detail"] = e.detail;
  return j;
}

template <typename T, typename F>
nlohmann::json located_json(const std::vector<isolation::Located<T>>& items, F&& to_text) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items)
    out.push_back({{"value", to_text(item.value)}, {"source", evidence_json(item.evidence)}});
  return out;
}

}  // namespace

std::string render_isolation_table(const isolation::LintResult& result, bool colour) {
  std::string out;
  int errors = 0;
  int warnings = 0;
  for (const auto& finding : result.report.findings) {
    const bool error = finding.severity == isolation::Severity::error;
    (error ? errors : warnings) += 1;
    out += fmt::format("{} {}: {}\n", paint(finding.rule, "1", colour),
                       paint(std::string(to_string(finding.severity)), error ? "31" : "33", colour),
                       finding.message);
    for (const auto& e : finding.evidence) {
      out += fmt::format("  {}  {}{}\n", e.object.to_string(), where_of(e),
                         e.detail.empty() ? "" : "  " + e.detail);
    }
    out += fmt::format("  fix: {}\n\n", finding.fix);
  }
  for (const auto& shared : result.report.shared) {
    out += fmt::format("{} {} {}: {}\n", paint("shared (allowed)", "36", colour), shared.kind,
                       shared.resource, fmt::join(shared.uses, "; "));
  }
  std::vector<std::string> releases;
  for (const auto& release : result.inventory.releases()) {
    releases.push_back(fmt::format(
        "{} [{}{}]", release.name,
        release.spark_version.empty() ? "no Spark version" : "Spark " + release.spark_version,
        release.namespaces.empty() ? "" : ", ns " + fmt::format("{}", fmt::join(release.namespaces, ","))));
  }
  out += fmt::format("{} objects in {} release(s): {}: {} error(s), {} warning(s)\n",
                     result.inventory.objects().size(), releases.size(), fmt::join(releases, ", "), errors,
                     warnings);
  return out;
}

nlohmann::json isolation_to_json(const isolation::LintResult& result) {
  nlohmann::json releases = nlohmann::json::array();
  for (const auto& release : result.inventory.releases()) {
    const auto location_text = [](const isolation::StorageLocation& l) { return l.original; };
    releases.push_back({
        {"name", release.name},
        {"namespaces", release.namespaces},
        {"spark_version", release.spark_version},
        {"objects", release.objects.size()},
        {"event_log_dirs", located_json(release.event_log_dirs, location_text)},
        {"history_dirs", located_json(release.history_dirs, location_text)},
        {"data_dirs", located_json(release.data_dirs, location_text)},
        {"metastore_databases",
         located_json(release.metastore_databases,
                      [](const isolation::DatabaseEndpoint& d) { return d.to_string(); })},
        {"metastore_services",
         located_json(release.metastore_services, [](const std::string& s) { return s; })},
    });
  }
  nlohmann::json findings = nlohmann::json::array();
  int errors = 0;
  int warnings = 0;
  for (const auto& finding : result.report.findings) {
    (finding.severity == isolation::Severity::error ? errors : warnings) += 1;
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& e : finding.evidence) objects.push_back(evidence_json(e));
    findings.push_back({{"rule", finding.rule},
                        {"severity", to_string(finding.severity)},
                        {"message", finding.message},
                        {"fix", finding.fix},
                        {"releases", finding.releases},
                        {"objects", objects}});
  }
  nlohmann::json shared = nlohmann::json::array();
  for (const auto& s : result.report.shared) {
    shared.push_back(
        {{"kind", s.kind}, {"resource", s.resource}, {"releases", s.releases}, {"uses", s.uses}});
  }
  return {{"releases", releases},
          {"findings", findings},
          {"shared", shared},
          {"summary",
           {{"objects", result.inventory.objects().size()}, {"errors", errors}, {"warnings", warnings}}}};
}

}  // namespace sparkmv::cli
