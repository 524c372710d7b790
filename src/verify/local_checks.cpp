#include "verify/local_checks.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "common/text.hpp"
#include "eventlog/topology.hpp"

namespace sparkmv::verify {

namespace {

std::string without_scheme(std::string p) {
  if (p.rfind("file://", 0) == 0) return p.substr(7);
  if (p.rfind("file:", 0) == 0) return p.substr(5);
  return p;
}

std::string normal(const std::string& p) {
  auto s = std::filesystem::path(without_scheme(p)).lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

const StackSide* side_named(const std::vector<StackSide>& sides, const std::string& prefix) {
  for (const auto& s : sides) {
    if (s.prefix == prefix) return &s;
  }
  return nullptr;
}

// The other side of a two-sided stack.
const StackSide& other_of(const std::vector<StackSide>& sides, const StackSide& side) {
  return &sides.front() == &side ? sides.back() : sides.front();
}

std::string last_lines(const std::string& text, std::size_t n) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  std::size_t start = end;
  for (std::size_t seen = 0; start > 0; --start) {
    if (text[start - 1] == '\n' && ++seen == n) break;
  }
  return text.substr(start, end - start);
}

Check make(std::string id, std::string title, std::string rule) {
  Check c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.rule = std::move(rule);
  return c;
}

void fail(Check& c, std::string evidence) {
  c.status = CheckStatus::fail;
  c.evidence.push_back(std::move(evidence));
}

}  // namespace

bool lies_under(const std::string& path, const std::string& dir) {
  const auto p = normal(path);
  const auto d = normal(dir);
  return p == d ||
         (p.size() > d.size() && p.compare(0, d.size(), d) == 0 && (d == "/" || p[d.size()] == '/'));
}

bool same_or_nested(const std::string& a, const std::string& b) {
  return lies_under(a, b) || lies_under(b, a);
}

std::string restore_default_hint(const std::string& key) {
  return fmt::format("`sparkmv down` then `sparkmv up --set {}=` (restores the built-in default)", key);
}

Check jobs_check(const std::vector<StackSide>& sides, const std::vector<ProbeRun>& runs) {
  auto c = make("jobs.run", "probe jobs ran on both versions (3.5 and 4.1 at the same time)", "");
  for (const auto& run : runs) {
    const auto* side = side_named(sides, run.side);
    if (run.succeeded() && side && run.record->spark_version == side->version) {
      c.evidence.push_back(fmt::format("{} ({}): {} on Spark {}, {:.0f} s", run.side, run.how,
                                       run.record->app_id, run.record->spark_version, run.seconds));
      continue;
    }
    std::string why = run.timed_out               ? "did not finish before its timeout"
                      : run.exit_code != 0        ? fmt::format("exited with {}", run.exit_code)
                      : !run.record_error.empty() ? run.record_error
                      : !run.record               ? "printed no SPARKMV-VERIFY record"
                                    : fmt::format("ran on Spark {}, not {}", run.record->spark_version,
                                                  side ? side->version : run.side);
    fail(c, fmt::format("{} ({}): {}; log {}", run.side, run.how, why, run.log));
    const auto tail = last_lines(run.output_tail, 3);  // split_lines views into it: it must outlive the loop
    for (const auto line : text::split_lines(tail)) c.evidence.push_back("  " + std::string(line));
    c.fix =
        fmt::format("read the job's log ({}); `sparkmv status` shows whether the stack is healthy", run.log);
  }
  if (runs.empty()) {
    c.status = CheckStatus::error;
    c.evidence.push_back("no probe job ran");
  }
  return c;
}

Check catalog_check(const std::vector<StackSide>& sides, const std::vector<ProbeRun>& list_runs) {
  auto c = make("metastore.catalog", "each version's catalog shows only its own databases", "ISO003");
  for (const auto& side : sides) {
    const auto& other = other_of(sides, side);
    const auto run = std::find_if(list_runs.begin(), list_runs.end(),
                                  [&](const ProbeRun& r) { return r.side == side.prefix && r.succeeded(); });
    if (run == list_runs.end()) {
      c.status = c.status == CheckStatus::fail ? c.status : CheckStatus::error;
      c.evidence.push_back(
          fmt::format("{}: the catalog listing job did not succeed (see probe jobs)", side.prefix));
      continue;
    }
    const auto& dbs = run->record->databases;
    const bool own = std::find(dbs.begin(), dbs.end(), side.probe_database) != dbs.end();
    const bool foreign = std::find(dbs.begin(), dbs.end(), other.probe_database) != dbs.end();
    const auto listed = fmt::format("{}", fmt::join(dbs, ", "));
    if (foreign) {
      fail(c, fmt::format("{} sees {} (written by {}): SHOW DATABASES = {}", side.prefix,
                          other.probe_database, other.prefix, listed));
    } else if (!own) {
      fail(c, fmt::format("{} does not see its own {}: SHOW DATABASES = {}", side.prefix, side.probe_database,
                          listed));
    } else {
      c.evidence.push_back(fmt::format("{}: SHOW DATABASES = {}", side.prefix, listed));
    }
  }
  if (c.status == CheckStatus::fail) {
    c.fix = "give each version its own metastore database: " +
            restore_default_hint(sides.back().role + ".database");
  }
  return c;
}

Check metastore_database_check(const std::vector<StackSide>& sides,
                               const std::map<std::string, std::vector<std::string>>& spark_databases) {
  auto c = make("metastore.databases",
                "each PostgreSQL metastore database holds only its own version's objects", "ISO003");
  if (sides.front().database == sides.back().database) {
    fail(c, fmt::format("both {} and {} use PostgreSQL database {}", sides.front().prefix,
                        sides.back().prefix, sides.front().database));
  }
  for (const auto& side : sides) {
    const auto& other = other_of(sides, side);
    const auto it = spark_databases.find(side.database);
    if (it == spark_databases.end()) {
      c.status = c.status == CheckStatus::fail ? c.status : CheckStatus::error;
      c.evidence.push_back(
          fmt::format("{}: PostgreSQL database {} could not be read", side.prefix, side.database));
      continue;
    }
    const auto& dbs = it->second;
    const auto listed = fmt::format("{}", fmt::join(dbs, ", "));
    if (std::find(dbs.begin(), dbs.end(), other.probe_database) != dbs.end()) {
      fail(c, fmt::format("{} (the {} metastore) holds {}'s {}: DBS = {}", side.database, side.prefix,
                          other.prefix, other.probe_database, listed));
    } else if (std::find(dbs.begin(), dbs.end(), side.probe_database) == dbs.end()) {
      fail(c, fmt::format("{} (the {} metastore) lacks {}: DBS = {}", side.database, side.prefix,
                          side.probe_database, listed));
    } else if (c.status != CheckStatus::fail) {
      c.evidence.push_back(fmt::format("{} ({}): DBS = {}", side.database, side.prefix, listed));
    }
  }
  if (c.status == CheckStatus::fail) {
    c.fix = "give each version its own metastore database: " +
            restore_default_hint(sides.back().role + ".database");
  }
  return c;
}

Check role_check(const std::vector<RoleAttempt>& attempts) {
  auto c =
      make("metastore.roles", "each version's PostgreSQL role cannot open the other's database", "ISO003");
  for (const auto& a : attempts) {
    if (a.refused) {
      c.evidence.push_back(fmt::format("{} -> {}: refused ({})", a.role, a.database, *a.refused));
    } else {
      fail(c, fmt::format("{} -> {}: connected", a.role, a.database));
      c.fix = fmt::format("REVOKE CONNECT ON DATABASE {} FROM PUBLIC (and from {}); `sparkmv up` does it",
                          a.database, a.role);
    }
  }
  return c;
}

Check warehouse_check(const std::vector<StackSide>& sides, const std::vector<ProbeRun>& write_runs) {
  auto c =
      make("warehouse.locations", "each version's table data lies under its own warehouse only", "ISO010");
  const auto& a = sides.front();
  const auto& b = sides.back();
  if (same_or_nested(a.warehouse_dir, b.warehouse_dir)) {
    fail(c, fmt::format("warehouses overlap: {} {} and {} {}", a.prefix, a.warehouse_dir, b.prefix,
                        b.warehouse_dir));
  }
  bool any = false;
  for (const auto& run : write_runs) {
    if (!run.succeeded()) continue;
    const auto* side = side_named(sides, run.side);
    if (side == nullptr) continue;
    any = true;
    const auto& other = other_of(sides, *side);
    const auto& location = run.record->table_location;
    if (!lies_under(location, side->warehouse_dir)) {
      fail(c, fmt::format("{} table {}.probe lies at {}, outside its warehouse {}", side->prefix,
                          run.record->database, location, side->warehouse_dir));
    } else if (lies_under(location, other.warehouse_dir)) {
      fail(c, fmt::format("{} table {}.probe lies at {}, inside {}'s warehouse {}", side->prefix,
                          run.record->database, location, other.prefix, other.warehouse_dir));
    } else {
      c.evidence.push_back(
          fmt::format("{} ({}): {}.probe at {}", side->prefix, run.how, run.record->database, location));
    }
  }
  if (!any && c.status != CheckStatus::fail) {
    c.status = CheckStatus::error;
    c.evidence.push_back("no probe table was written (see probe jobs)");
  }
  if (c.status == CheckStatus::fail) {
    c.fix = "give each version its own warehouse: " + restore_default_hint(b.role + ".warehouse");
  }
  return c;
}

Check history_check(const StackSide& side, const std::vector<HistoryApplication>& listed,
                    const std::vector<std::string>& expected_app_ids, const std::string& error) {
  auto c =
      make("history." + side.prefix,
           fmt::format("the {} History Server lists only Spark {} applications", side.prefix, side.prefix),
           "ISO004");
  if (!error.empty()) {
    c.status = CheckStatus::error;
    c.evidence.push_back(error);
    c.fix = "`sparkmv status` shows whether the History Server runs";
    return c;
  }
  std::vector<std::string> foreign;
  for (const auto& app : listed) {
    if (version_line(app.spark_version) != side.prefix) {
      foreign.push_back(
          fmt::format("{} ({})", app.id, app.spark_version.empty() ? "version unknown" : app.spark_version));
    }
  }
  std::vector<std::string> missing;
  for (const auto& id : expected_app_ids) {
    if (std::none_of(listed.begin(), listed.end(), [&](const HistoryApplication& a) { return a.id == id; })) {
      missing.push_back(id);
    }
  }
  if (!foreign.empty()) {
    fail(c, fmt::format("{} of {} listed application(s) are not Spark {}: {}", foreign.size(), listed.size(),
                        side.prefix, fmt::join(foreign, ", ")));
    c.fix =
        "give each History Server its own log directory: " + restore_default_hint(side.role + ".event-dir");
  }
  if (!missing.empty()) {
    fail(c, fmt::format("the probe applications {} are not listed", fmt::join(missing, ", ")));
    if (c.fix.empty()) {
      c.fix = fmt::format("apps of {} must write event logs where its History Server reads ({})", side.prefix,
                          side.event_dir);
    }
  }
  if (c.status == CheckStatus::pass) {
    c.evidence.push_back(fmt::format("{} application(s), all Spark {}, including the probes' {}",
                                     listed.size(), side.prefix, fmt::join(expected_app_ids, ", ")));
  }
  return c;
}

Check event_log_check(const std::vector<StackSide>& sides, const eventlog::ScanResult& scan) {
  auto c = make("events.scan", "event logs lie under their own version's directory (sparkmv events scan)",
                "ISO005");
  const auto& a = sides.front();
  const auto& b = sides.back();
  if (same_or_nested(a.event_dir, b.event_dir)) {
    c.rule = "ISO004";
    fail(c, fmt::format("event-log directories overlap: {} {} and {} {}", a.prefix, a.event_dir, b.prefix,
                        b.event_dir));
  }
  std::map<std::string, std::map<std::string, int>> versions_in;  // side -> version line -> logs
  for (const auto& log : scan.logs) {
    const StackSide* home = nullptr;
    for (const auto& s : sides) {
      if (lies_under(log.path, s.event_dir) && (!home || s.event_dir.size() > home->event_dir.size()))
        home = &s;
    }
    const auto line = std::string(eventlog::major_minor(log.spark_version));
    if (home) versions_in[home->prefix][line.empty() ? "unknown" : line] += 1;
    if (log.status == eventlog::LogStatus::unreadable) {
      fail(c, fmt::format("{}: unreadable: {}", log.path, log.error));
    } else if (home && !line.empty() && line != home->prefix) {
      fail(c, fmt::format("{}: Spark {} log in the {} directory", log.path, log.spark_version, home->prefix));
    }
  }
  // After the findings (the table shows the first evidence line on the check's own line).
  for (const auto& s : sides) {
    std::vector<std::string> parts;
    for (const auto& [line, n] : versions_in[s.prefix])
      parts.push_back(fmt::format("{} log(s) of {}", n, line));
    c.evidence.push_back(
        fmt::format("{} {}: {}", s.prefix, s.event_dir,
                    parts.empty() ? std::string("no logs") : fmt::format("{}", fmt::join(parts, ", "))));
  }
  if (c.status == CheckStatus::fail) {
    c.fix = "each version writes only where its own History Server reads: " +
            restore_default_hint(b.role + ".event-dir");
  }
  return c;
}

}  // namespace sparkmv::verify
