#include "kube/deploy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "model/manifest_loader.hpp"

namespace sparkmv::kube {

namespace {

std::string origin_of(const ReleasePlan& plan) {
  return fmt::format("helm template {}", plan.release);
}

std::vector<std::string> unique(std::vector<std::string> values) {
  std::vector<std::string> out;
  for (auto& value : values) {
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
  }
  return out;
}

template <typename T, typename F>
std::string joined(const std::vector<isolation::Located<T>>& items, F&& text) {
  std::vector<std::string> values;
  for (const auto& item : items) values.push_back(text(item.value));
  values = unique(std::move(values));
  return values.empty() ? std::string("-") : fmt::format("{}", fmt::join(values, ", "));
}

struct PlanRow {
  const char* label;
  std::vector<std::string> cells;
};

std::vector<PlanRow> plan_rows(const std::vector<ReleasePlan>& plans, const isolation::LintResult& lint) {
  std::vector<PlanRow> rows = {{"release", {}},
                               {"chart", {}},
                               {"namespace", {}},
                               {"Spark version", {}},
                               {"compute", {}},
                               {"metastore database", {}},
                               {"warehouse", {}},
                               {"event logs (apps)", {}},
                               {"History Server reads", {}},
                               {"ServiceAccount", {}}};
  const auto location = [](const isolation::StorageLocation& l) { return l.original; };
  for (const auto& plan : plans) {
    const auto* profile = lint.inventory.release(plan.release);
    std::vector<std::string> accounts;
    if (profile != nullptr) {
      for (const auto* object : profile->objects) {
        if (object->kind == "ServiceAccount") accounts.push_back(object->name);
      }
    }
    const bool standalone = plan.chart.find("3.5") != std::string::npos;
    std::vector<std::string> cells = {
        plan.release,
        plan.chart,
        plan.ns,
        profile == nullptr || profile->spark_version.empty() ? plan.spark_version : profile->spark_version,
        standalone ? "standalone master + workers" : "Spark Connect server; spark-submit on Kubernetes",
        profile == nullptr
            ? "-"
            : joined(profile->metastore_databases, [](const auto& d) { return d.to_string(); }),
        profile == nullptr ? "-" : joined(profile->data_dirs, location),
        profile == nullptr ? "-" : joined(profile->event_log_dirs, location),
        profile == nullptr ? "-" : joined(profile->history_dirs, location),
        accounts.empty() ? std::string("-") : fmt::format("{}", fmt::join(accounts, ", ")),
    };
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].cells.push_back(cells[i]);
  }
  return rows;
}

}  // namespace

std::vector<ReleasePlan> plan_releases(const DeployOptions& options) {
  const auto chart = [&](const char* name) {
    return (std::filesystem::path(options.charts_dir) / name).string();
  };
  ReleasePlan spark35{
      "spark-35", chart("spark-3.5"), options.separate_namespaces ? "spark-35" : options.ns, "3.5.7", {}};
  ReleasePlan spark41{
      "spark-41", chart("spark-4.1"), options.separate_namespaces ? "spark-41" : options.ns, "4.1.0", {}};
  const auto set = [](ReleasePlan& plan, const std::string& assignment) {
    plan.value_args.insert(plan.value_args.end(), {"--set", assignment});
  };
  // The guide's commands: variant 1 names every component and prefix; variant 2 relies on the defaults.
  set(spark35, "spark-standalone.enabled=true");
  set(spark41, "connect.enabled=true");
  if (!options.separate_namespaces) {
    set(spark35, "spark-standalone.hiveMetastore.enabled=true");
    set(spark35, "spark-standalone.historyServer.enabled=true");
    set(spark35, "spark-standalone.historyServer.logDirectory=s3a://spark-logs/3.5/events");
    set(spark41, "hiveMetastore.enabled=true");
    set(spark41, "hiveMetastore.database.name=metastore_spark41");
    set(spark41, "historyServer.enabled=true");
    set(spark41, "historyServer.logDirectory=s3a://spark-logs/4.1/events");
  }
  for (auto* plan : {&spark35, &spark41}) {
    for (const auto& file : options.values_files)
      plan->value_args.insert(plan->value_args.end(), {"-f", file});
  }
  for (const auto& s : options.set_35) set(spark35, s);
  for (const auto& s : options.set_41) set(spark41, s);
  return {spark35, spark41};
}

isolation::LintResult preflight(const Helm& helm, const std::vector<ReleasePlan>& plans) {
  std::vector<model::KubeObject> objects;
  std::vector<model::ReleaseBinding> bindings;
  for (const auto& plan : plans) {
    auto loaded = model::load_manifests(helm.render(plan), origin_of(plan));
    std::move(loaded.begin(), loaded.end(), std::back_inserter(objects));
    bindings.push_back({plan.release, origin_of(plan), plan.ns});
  }
  return isolation::lint_objects(std::move(objects), bindings);
}

std::string isolation_plan_table(const std::vector<ReleasePlan>& plans, const isolation::LintResult& lint) {
  const auto rows = plan_rows(plans, lint);
  std::size_t label_width = 0;
  std::vector<std::size_t> widths(plans.size(), 0);
  for (const auto& row : rows) {
    label_width = std::max(label_width, std::string_view(row.label).size());
    for (std::size_t i = 0; i < row.cells.size(); ++i) widths[i] = std::max(widths[i], row.cells[i].size());
  }
  std::string out;
  const auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    out += fmt::format("| {:<{}} |", label, label_width);
    for (std::size_t i = 0; i < cells.size(); ++i) out += fmt::format(" {:<{}} |", cells[i], widths[i]);
    out += '\n';
  };
  line("", rows.front().cells);
  std::vector<std::string> rule;
  for (const auto width : widths) rule.push_back(std::string(width, '-'));
  line(std::string(label_width, '-'), rule);
  for (std::size_t r = 1; r < rows.size(); ++r) line(rows[r].label, rows[r].cells);
  return out;
}

nlohmann::json isolation_plan_json(const std::vector<ReleasePlan>& plans, const isolation::LintResult& lint) {
  const auto rows = plan_rows(plans, lint);
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < plans.size(); ++i) {
    nlohmann::json release = nlohmann::json::object();
    for (const auto& row : rows) release[row.label] = row.cells[i];
    out.push_back(std::move(release));
  }
  return out;
}

}  // namespace sparkmv::kube
