#include "verify/local_verify.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "analysis/compare.hpp"
#include "analysis/html_report.hpp"
#include "analysis/json_output.hpp"
#include "analysis/summary.hpp"
#include "common/errors.hpp"
#include "common/utc_time.hpp"
#include "eventlog/scan.hpp"
#include "eventlog/storage.hpp"
#include "isolation/lint.hpp"
#include "stack/config.hpp"
#include "stack/jobs.hpp"
#include "stack/net.hpp"
#include "stack/postgres.hpp"
#include "verify/kube_verify.hpp"
#include "verify/local_checks.hpp"
#include "verify/probe_job.hpp"

namespace sparkmv::verify {

namespace fs = std::filesystem;
using stack::SparkVersion;

namespace {

// The 4.1 batch configuration's master, which the 3.5 pilot run is given too.
constexpr std::string_view pilot_master = "local[2]";

const std::vector<const SparkVersion*>& versions() {
  static const std::vector<const SparkVersion*> all{&stack::spark35(), &stack::spark41()};
  return all;
}

std::string probe_database(const SparkVersion& v) {
  return "sparkmv_verify_" + v.role.substr(5);  // "spark35" -> "sparkmv_verify_35"
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<StackSide> sides_of(const stack::RunningStack& s) {
  std::vector<StackSide> sides;
  for (const auto* v : versions()) {
    const auto layout = s.layout(*v);
    sides.push_back({v->prefix, v->version, v->role, layout.database, layout.event_dir.string(),
                     layout.warehouse_dir.string(), probe_database(*v)});
  }
  return sides;
}

struct PlannedRun {
  stack::JobSpec spec;
  std::string how;
};

PlannedRun probe_run(const stack::RunningStack& s, const SparkVersion& v, stack::JobMode mode,
                     const fs::path& probe, const std::string& tag, std::vector<std::string> args,
                     std::chrono::seconds timeout) {
  PlannedRun p;
  p.spec.version = &v;
  p.spec.mode = mode;
  p.spec.application = probe.string();
  p.spec.args = std::move(args);
  p.spec.tag = tag;
  p.spec.timeout = timeout;
  const auto kind = mode == stack::JobMode::connect ? "connect" : "submit";
  p.spec.label = fmt::format("verify-{}-{}-{}", v.role, kind, p.spec.args.front());
  if (mode == stack::JobMode::connect) {
    p.how = "Spark Connect client to " + s.connect_url();
  } else if (&v == &stack::spark35()) {
    p.how = "spark-submit to " + stack::master_url(s.state.ports);
  } else {
    p.how = "spark-submit, local mode";
  }
  return p;
}

std::vector<ProbeRun> run_probes(const stack::RunningStack& s, const std::vector<PlannedRun>& planned) {
  std::vector<stack::JobSpec> specs;
  for (const auto& p : planned) specs.push_back(p.spec);
  const auto outcomes = stack::run_jobs(s, specs);
  std::vector<ProbeRun> runs;
  for (std::size_t i = 0; i < planned.size(); ++i) {
    ProbeRun r;
    r.side = planned[i].spec.version->prefix;
    r.how = planned[i].how;
    r.exit_code = outcomes[i].exit_code;
    r.timed_out = outcomes[i].timed_out;
    r.seconds = outcomes[i].seconds;
    r.log = outcomes[i].log.string();
    r.output_tail = outcomes[i].output;
    try {
      r.record = find_probe_record(outcomes[i].output);
    } catch (const std::invalid_argument& e) {
      r.record_error = e.what();
    }
    runs.push_back(std::move(r));
  }
  return runs;
}

std::map<std::string, std::vector<std::string>> spark_databases_by_pg(const stack::RunningStack& s,
                                                                      const std::vector<StackSide>& sides,
                                                                      std::vector<std::string>& errors) {
  std::map<std::string, std::vector<std::string>> found;
  const auto password = stack::ensure_secret(s.paths, "postgres");
  for (const auto& side : sides) {
    if (found.count(side.database)) continue;
    try {
      stack::PgConnection db({s.state.ports.at("postgres"), side.database, "postgres", password});
      auto& names = found[side.database];
      if (db.scalar("SELECT to_regclass('public.\"DBS\"')::text").empty()) continue;  // no schema yet
      for (const auto& row : db.rows(R"(SELECT "NAME" FROM "DBS" ORDER BY "NAME")"))
        names.push_back(row.at(0));
    } catch (const EnvironmentError& e) {
      found.erase(side.database);
      errors.push_back(e.what());
    }
  }
  return found;
}

std::vector<RoleAttempt> cross_logins(const stack::RunningStack& s) {
  std::vector<RoleAttempt> attempts;
  for (const auto* v : versions()) {
    const auto* other = v == versions().front() ? versions().back() : versions().front();
    const auto error = stack::connection_error(
        {s.state.ports.at("postgres"), other->database, v->role, stack::ensure_secret(s.paths, v->role)});
    attempts.push_back({v->role, other->database, error});
  }
  return attempts;
}

// Polls the History Server until it lists every expected application or the deadline passes; the last
// listing, or the reason there is none.
std::pair<std::vector<HistoryApplication>, std::string> history_listing(
    const std::string& base_url, const std::vector<std::string>& expected,
    stack::Clock::time_point deadline) {
  std::vector<HistoryApplication> apps;
  std::string error;
  for (;;) {
    const auto r = stack::http_get(base_url + "/api/v1/applications", std::chrono::seconds(10));
    if (r.status == 200) {
      try {
        apps = parse_history_applications(r.body);
        error.clear();
      } catch (const std::invalid_argument& e) {
        error = fmt::format("{}/api/v1/applications: {}", base_url, e.what());
      }
    } else {
      error = fmt::format("{}/api/v1/applications: {}", base_url,
                          r.status ? fmt::format("HTTP {}", r.status) : r.error);
    }
    const bool all =
        error.empty() && std::all_of(expected.begin(), expected.end(), [&](const std::string& id) {
          return std::any_of(apps.begin(), apps.end(),
                             [&](const HistoryApplication& a) { return a.id == id; });
        });
    if (all || stack::Clock::now() >= deadline) return {apps, error};
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// The rule groups that apply to a configuration without Kubernetes objects (no Services, accounts or images).
std::vector<Check> static_rules_checks(const stack::RunningStack& s) {
  std::vector<Check> checks;
  try {
    const auto result = isolation::lint_objects(stack_config_objects(s.paths.root), {});
    for (auto& c : checks_from_lint(result)) {
      if (c.id != "metastore.config" && c.id != "eventlogs.config" && c.id != "storage.warehouse") continue;
      if (c.title.find("(configuration)") == std::string::npos) c.title += " (configuration)";
      if (c.status == CheckStatus::pass) {
        c.evidence = {fmt::format("{} over {}/conf/{{3.5,4.1}}", c.rule, s.paths.root.string())};
      }
      checks.push_back(std::move(c));
    }
  } catch (const InputError& e) {
    Check c{"config.rules",
            "isolation rules over the generated configuration",
            CheckStatus::error,
            {e.what()},
            "",
            "run `sparkmv up`, which writes it"};
    checks.push_back(std::move(c));
  }
  return checks;
}

struct ComparisonFiles {
  fs::path json;
  fs::path html;
};

Check comparison_check(const stack::RunningStack& s, const ProbeRun& base, const ProbeRun& candidate,
                       const fs::path& report_dir, ComparisonFiles& files) {
  Check c;
  c.id = "compare";
  c.title = "the same job compared on 3.5 and 4.1 (events compare, migration pilot stage)";
  if (!base.succeeded() || !candidate.succeeded()) {
    c.status = CheckStatus::skipped;
    c.evidence.push_back("the batch probe did not succeed on both versions (see probe jobs)");
    return c;
  }
  try {
    const auto storage = eventlog::local_storage();
    auto b = analysis::summarize(*storage, s.layout(stack::spark35()).event_dir.string(),
                                 {base.record->app_id, ""});
    auto k = analysis::summarize(*storage, s.layout(stack::spark41()).event_dir.string(),
                                 {candidate.record->app_id, ""});
    const auto comparison = analysis::compare_runs(std::move(b), std::move(k), analysis::CompareOptions{});
    fs::create_directories(report_dir);
    files.json = report_dir / "compare-3.5-vs-4.1.json";
    files.html = report_dir / "compare-3.5-vs-4.1.html";
    stack::write_if_changed(files.json, analysis::to_json(comparison).dump(2) + "\n");
    stack::write_if_changed(files.html, analysis::render_html(comparison));
    c.evidence.push_back(fmt::format(
        "{} ({}) vs {} ({}): {}", base.record->app_id, base.record->spark_version, candidate.record->app_id,
        candidate.record->spark_version, analysis::verdict_name(comparison.verdict)));
    const auto resources = [](const analysis::RunResources& r) {
      return fmt::format("{} {}, {} executor(s), {} core(s), {} MiB", r.master_kind, r.master, r.executors,
                         r.cores, r.memory_mb);
    };
    c.evidence.push_back(fmt::format("resources: {} vs {}", resources(comparison.base_resources),
                                     resources(comparison.candidate_resources)));
    for (const auto& caveat : comparison.caveats) c.evidence.push_back("caveat: " + caveat);
    for (const auto& j : comparison.judgements) {
      c.evidence.push_back(
          fmt::format("{}: {} ms -> {} ms ({})", j.metric, j.base_ms, j.candidate_ms, j.outcome));
    }
    c.evidence.push_back(fmt::format("report {} and {}", files.html.string(), files.json.string()));
  } catch (const std::exception& e) {
    c.status = CheckStatus::error;
    c.evidence.push_back(e.what());
  }
  return c;
}

}  // namespace

std::vector<model::KubeObject> stack_config_objects(const fs::path& state_dir) {
  const stack::StackPaths paths{state_dir};
  std::vector<model::KubeObject> objects;
  for (const auto* v : versions()) {
    model::KubeObject o;
    o.api_version = "v1";
    o.kind = "ConfigMap";
    o.name = v->release + "-conf";
    o.ns = "local";
    o.namespace_explicit = true;
    o.where.file = paths.conf_dir(*v).string();
    o.body = {{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata",
               {{"name", o.name},
                {"namespace", o.ns},
                {"labels",
                 {{"app.kubernetes.io/instance", v->release}, {"app.kubernetes.io/version", v->version}}}}},
              {"data", nlohmann::json::object()}};
    for (const char* file : {"spark-defaults.conf", "hive-site.xml"}) {
      const auto path = paths.conf_dir(*v) / file;
      if (!fs::exists(path)) throw InputError(fmt::format("{}: missing: run `sparkmv up`", path.string()));
      o.body["data"][file] = slurp(path);
    }
    objects.push_back(std::move(o));
  }
  return objects;
}

VerifyReport verify_local(const LocalVerifyOptions& options) {
  const auto s = stack::open_running_stack(options.state_dir);
  VerifyReport report;
  report.target = "local";
  const auto sides = sides_of(s);
  for (const auto* v : versions()) report.scope.push_back(fmt::format("{} ({})", v->release, v->version));

  const auto probe = s.paths.root / "run" / "sparkmv-verify-probe.py";
  fs::create_directories(probe.parent_path());
  stack::write_if_changed(probe, std::string(probe_job_source()));
  const auto tag = "sparkmv-verify-" + utc::now(utc::compact);
  const auto& v35 = stack::spark35();
  const auto& v41 = stack::spark41();
  const auto t = options.job_timeout;
  using stack::JobMode;

  // The two versions' everyday paths at the same time: a batch job on the 3.5 master and a Connect client.
  auto first =
      run_probes(s, {probe_run(s, v35, JobMode::submit, probe, tag, {"write", probe_database(v35)}, t),
                     probe_run(s, v41, JobMode::connect, probe, tag, {"write", probe_database(v41)}, t)});
  // Then the same batch job on both versions in local mode, at the same time, for the comparison: like with
  // like (the 3.5 run above had the standalone master's executors, the 4.1 one the driver's two threads, and
  // the master dominates a small job's time more than the version). And what each catalog shows.
  auto pilot35 = probe_run(s, v35, JobMode::submit, probe, tag, {"write", probe_database(v35)}, t);
  pilot35.spec.conf["spark.master"] = std::string(pilot_master);
  pilot35.spec.label += "-pilot";
  pilot35.how = fmt::format("spark-submit, local mode ({}), the pilot comparison's base", pilot_master);
  auto second =
      run_probes(s, {probe_run(s, v41, JobMode::submit, probe, tag, {"write", probe_database(v41)}, t),
                     probe_run(s, v35, JobMode::submit, probe, tag, {"list"}, t),
                     probe_run(s, v41, JobMode::connect, probe, tag, {"list"}, t), std::move(pilot35)});
  std::vector<ProbeRun> all = first;
  all.insert(all.end(), second.begin(), second.end());
  report.checks.push_back(jobs_check(sides, all));

  report.checks.push_back(catalog_check(sides, {second[1], second[2]}));
  std::vector<std::string> pg_errors;
  const auto dbs = spark_databases_by_pg(s, sides, pg_errors);
  auto databases = metastore_database_check(sides, dbs);
  for (const auto& e : pg_errors) databases.evidence.push_back(e);
  report.checks.push_back(std::move(databases));
  report.checks.push_back(role_check(cross_logins(s)));
  report.checks.push_back(warehouse_check(sides, {first[0], first[1], second[0]}));

  const auto deadline = stack::Clock::now() + options.history_timeout;
  for (const auto* v : versions()) {
    std::vector<std::string> expected;
    for (const auto& run : all) {
      if (run.side == v->prefix && run.succeeded() &&
          std::find(expected.begin(), expected.end(), run.record->app_id) == expected.end()) {
        expected.push_back(run.record->app_id);
      }
    }
    const auto side =
        std::find_if(sides.begin(), sides.end(), [&](const StackSide& x) { return x.prefix == v->prefix; });
    const auto [apps, error] = history_listing(s.history_url(*v), expected, deadline);
    report.checks.push_back(history_check(*side, apps, expected, error));
  }

  {
    eventlog::ScanOptions scan_options;
    for (const auto& side : sides) scan_options.topology.prefixes.push_back({side.event_dir, side.prefix});
    const auto storage = eventlog::local_storage();
    std::vector<std::string> locations{sides.front().event_dir};
    if (!same_or_nested(sides.front().event_dir, sides.back().event_dir))
      locations.push_back(sides.back().event_dir);
    report.checks.push_back(
        event_log_check(sides, eventlog::scan_locations(*storage, locations, scan_options)));
  }
  for (auto& c : static_rules_checks(s)) report.checks.push_back(std::move(c));

  ComparisonFiles files;
  const auto report_dir = options.report_dir.empty() ? s.paths.root / "reports" : options.report_dir;
  report.checks.push_back(comparison_check(s, second[3], second[0], report_dir, files));

  for (const auto* v : versions()) {
    report.outputs.emplace_back(fmt::format("History Server {}", v->version), s.history_url(*v));
  }
  report.outputs.emplace_back("Spark Connect 4.1.0", s.connect_url());
  if (!files.html.empty()) {
    report.outputs.emplace_back("comparison report", files.html.string());
    report.outputs.emplace_back("comparison data", files.json.string());
  }
  report.outputs.emplace_back("stop the stack", "sparkmv down --state-dir " + s.paths.root.string());
  return report;
}

}  // namespace sparkmv::verify
