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

// One row of what was determined: setting, value, source.
struct Determined {
  std::string setting;
  std::string value;
  const isolation::Evidence* source;
};

std::vector<Determined> determined_of(const isolation::ReleaseProfile& release) {
  std::vector<Determined> rows;
  const auto locations = [&](const char* setting, const auto& list) {
    for (const auto& item : list) rows.push_back({setting, item.value.original, &item.evidence});
  };
  locations("History Server log directory", release.history_dirs);
  locations("event-log directory", release.event_log_dirs);
  locations("warehouse or checkpoint", release.data_dirs);
  for (const auto& db : release.metastore_databases)
    rows.push_back({"metastore database", db.value.to_string(), &db.evidence});
  for (const auto& service : release.metastore_services)
    rows.push_back({"metastore service", "thrift://" + service.value, &service.evidence});
  for (const auto& endpoint : release.s3_endpoints)
    rows.push_back({"S3 endpoint", endpoint.value, &endpoint.evidence});
  return rows;
}

std::string source_text(const isolation::Evidence& e) {
  const auto where = where_of(e);
  return fmt::format("{}{}{}", e.object.to_string(), where.empty() ? "" : " " + where,
                     e.detail.empty() ? "" : " " + e.detail);
}

nlohmann::json determined_json(const isolation::ReleaseProfile& release) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : determined_of(release))
    out.push_back({{"setting", row.setting}, {"value", row.value}, {"source", evidence_json(*row.source)}});
  return out;
}

nlohmann::json undetermined_json(const isolation::ReleaseProfile& release) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : release.undetermined) {
    out.push_back({{"setting", u.setting},
                   {"role", u.role},
                   {"object", evidence_json(u.evidence)},
                   {"looked_in", u.looked_in}});
  }
  return out;
}

}  // namespace

std::string render_explanation(const isolation::LintResult& result) {
  std::string out;
  for (const auto& release : result.inventory.releases()) {
    out += fmt::format("{} ({}): what sparkmv determined, and from where\n", release.name,
                       release.spark_version.empty() ? "no Spark version" : "Spark " + release.spark_version);
    const auto rows = determined_of(release);
    if (rows.empty()) out += "  nothing the rules compare\n";
    for (const auto& row : rows) {
      out += fmt::format("  {:<30} {}\n  {:<30}   from {}\n", row.setting, row.value, "",
                         source_text(*row.source));
    }
    for (const auto& u : release.undetermined) {
      out += fmt::format("  {:<30} NOT DETERMINED for {} {}\n", u.setting, u.role,
                         u.evidence.object.to_string());
      for (const auto& place : u.looked_in) out += fmt::format("  {:<30}   looked: {}\n", "", place);
    }
    out += '\n';
  }
  return out;
}

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
  for (const auto& ignored : result.report.ignored) {
    out += fmt::format("{} {} {}: {}\n", paint("ignored (--ignore " + ignored.by + ")", "2", colour),
                       ignored.finding.rule, to_string(ignored.finding.severity), ignored.finding.message);
  }
  for (const auto& unused : result.report.unused_suppressions)
    out += fmt::format("note: --ignore {} matched no finding\n", unused);
  std::vector<std::string> releases;
  for (const auto& release : result.inventory.releases()) {
    releases.push_back(fmt::format(
        "{} [{}{}]", release.name,
        release.spark_version.empty() ? "no Spark version" : "Spark " + release.spark_version,
        release.namespaces.empty() ? "" : ", ns " + fmt::format("{}", fmt::join(release.namespaces, ","))));
  }
  out += fmt::format(
      "{} objects in {} release(s): {}: {} error(s), {} warning(s){}\n", result.inventory.objects().size(),
      releases.size(), fmt::join(releases, ", "), errors, warnings,
      result.report.ignored.empty() ? std::string()
                                    : fmt::format(", {} ignored", result.report.ignored.size()));
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
        {"s3_endpoints", located_json(release.s3_endpoints, [](const std::string& s) { return s; })},
        {"determined", determined_json(release)},
        {"undetermined", undetermined_json(release)},
    });
  }
  nlohmann::json findings = nlohmann::json::array();
  int errors = 0;
  int warnings = 0;
  for (const auto& finding : result.report.findings) {
    (finding.severity == isolation::Severity::error ? errors : warnings) += 1;
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& e : finding.evidence) objects.push_back(evidence_json(e));
    nlohmann::json j = {{"rule", finding.rule},         {"severity", to_string(finding.severity)},
                        {"message", finding.message},   {"fix", finding.fix},
                        {"releases", finding.releases}, {"objects", objects}};
    if (!finding.setting.empty()) j["setting"] = finding.setting;
    findings.push_back(std::move(j));
  }
  nlohmann::json ignored = nlohmann::json::array();
  for (const auto& i : result.report.ignored) {
    ignored.push_back({{"rule", i.finding.rule},
                       {"severity", to_string(i.finding.severity)},
                       {"message", i.finding.message},
                       {"releases", i.finding.releases},
                       {"by", i.by}});
  }
  nlohmann::json shared = nlohmann::json::array();
  for (const auto& s : result.report.shared) {
    shared.push_back(
        {{"kind", s.kind}, {"resource", s.resource}, {"releases", s.releases}, {"uses", s.uses}});
  }
  return {{"releases", releases},
          {"findings", findings},
          {"shared", shared},
          {"ignored", ignored},
          {"unused_ignores", result.report.unused_suppressions},
          {"summary",
           {{"objects", result.inventory.objects().size()},
            {"errors", errors},
            {"warnings", warnings},
            {"ignored", result.report.ignored.size()}}}};
}

}  // namespace sparkmv::cli
