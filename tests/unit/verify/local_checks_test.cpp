// `verify --local`'s checks on observations shaped like what the stack returns: each passes on an isolated
// stack and fails, with its rule and a fix naming the `--set` key, when one promise is broken. Also the probe
// job's record line and the stack's configuration as objects for the rules.
#include "verify/local_checks.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "isolation/lint.hpp"
#include "stack/config.hpp"
#include "verify/kube_verify.hpp"
#include "verify/local_verify.hpp"
#include "verify/probe_job.hpp"

namespace sparkmv::verify {
namespace {

std::vector<StackSide> isolated_sides() {
  return {{"3.5", "3.5.7", "spark35", "metastore_spark35", "/s/spark-logs/3.5/events", "/s/warehouse/3.5",
           "sparkmv_verify_35"},
          {"4.1", "4.1.0", "spark41", "metastore_spark41", "/s/spark-logs/4.1/events", "/s/warehouse/4.1",
           "sparkmv_verify_41"}};
}

ProbeRun run(const std::string& side, const std::string& version, const std::string& app) {
  ProbeRun r;
  r.side = side;
  r.how = "spark-submit";
  r.exit_code = 0;
  r.seconds = 30;
  r.log = "/s/logs/jobs/x.log";
  ProbeRecord rec;
  rec.mode = "write";
  rec.spark_version = version;
  rec.app_id = app;
  rec.database = side == "3.5" ? "sparkmv_verify_35" : "sparkmv_verify_41";
  rec.table_location = "file:/s/warehouse/" + side + "/" + rec.database + ".db/probe";
  r.record = rec;
  return r;
}

ProbeRun listing(const std::string& side, const std::string& version, std::vector<std::string> dbs) {
  auto r = run(side, version, "app-list-" + side);
  r.record->mode = "list";
  r.record->databases = std::move(dbs);
  return r;
}

TEST(LocalPaths, NestingIgnoresSchemesAndTrailingSlashes) {
  EXPECT_TRUE(lies_under("file:/s/warehouse/3.5/db/t", "/s/warehouse/3.5/"));
  EXPECT_TRUE(lies_under("/s/warehouse/3.5", "/s/warehouse/3.5"));
  EXPECT_FALSE(lies_under("/s/warehouse/3.50/t", "/s/warehouse/3.5"));
  EXPECT_TRUE(same_or_nested("/s/logs", "/s/logs/3.5"));
  EXPECT_FALSE(same_or_nested("/s/logs/3.5", "/s/logs/4.1"));
}

TEST(LocalChecks, JobsPassWhenEveryRunReportsItsOwnVersion) {
  const auto sides = isolated_sides();
  EXPECT_EQ(jobs_check(sides, {run("3.5", "3.5.7", "app-1"), run("4.1", "4.1.0", "local-2")}).status,
            CheckStatus::pass);
  auto wrong = run("4.1", "3.5.7", "app-3");
  const auto c = jobs_check(sides, {run("3.5", "3.5.7", "app-1"), wrong});
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_NE(c.evidence.back().find("ran on Spark 3.5.7, not 4.1.0"), std::string::npos) << c.evidence.back();
  auto failed = run("3.5", "3.5.7", "app-1");
  failed.exit_code = 1;
  failed.record.reset();
  failed.output_tail = "line 1\nTraceback\nValueError: boom\n";
  const auto f = jobs_check(sides, {failed});
  EXPECT_EQ(f.status, CheckStatus::fail);
  EXPECT_NE(f.evidence.front().find("exited with 1"), std::string::npos);
  EXPECT_EQ(f.evidence.back(), "  ValueError: boom");
  EXPECT_NE(f.fix.find("/s/logs/jobs/x.log"), std::string::npos);
}

TEST(LocalChecks, CatalogFailsWhenOneVersionSeesTheOthersDatabase) {
  const auto sides = isolated_sides();
  const auto ok = catalog_check(sides, {listing("3.5", "3.5.7", {"default", "sparkmv_verify_35"}),
                                        listing("4.1", "4.1.0", {"default", "sparkmv_verify_41"})});
  EXPECT_EQ(ok.status, CheckStatus::pass);
  const auto shared =
      catalog_check(sides, {listing("3.5", "3.5.7", {"default", "sparkmv_verify_35", "sparkmv_verify_41"}),
                            listing("4.1", "4.1.0", {"default", "sparkmv_verify_35", "sparkmv_verify_41"})});
  EXPECT_EQ(shared.status, CheckStatus::fail);
  EXPECT_EQ(shared.rule, "ISO003");
  EXPECT_NE(shared.fix.find("--set spark41.database="), std::string::npos);
  // A listing that never ran cannot pass.
  EXPECT_EQ(catalog_check(sides, {}).status, CheckStatus::error);
}

TEST(LocalChecks, MetastoreDatabasesHoldOnlyTheirOwnVersionsObjects) {
  auto sides = isolated_sides();
  EXPECT_EQ(metastore_database_check(sides, {{"metastore_spark35", {"default", "sparkmv_verify_35"}},
                                             {"metastore_spark41", {"default", "sparkmv_verify_41"}}})
                .status,
            CheckStatus::pass);
  sides[1].database = "metastore_spark35";
  const auto c = metastore_database_check(
      sides, {{"metastore_spark35", {"default", "sparkmv_verify_35", "sparkmv_verify_41"}}});
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_NE(c.evidence.front().find("both 3.5 and 4.1 use PostgreSQL database metastore_spark35"),
            std::string::npos);
  EXPECT_EQ(metastore_database_check(isolated_sides(), {}).status, CheckStatus::error);
}

TEST(LocalChecks, RolesMustBeRefused) {
  EXPECT_EQ(role_check({{"spark35", "metastore_spark41", "permission denied"}}).status, CheckStatus::pass);
  const auto c = role_check({{"spark35", "metastore_spark41", std::nullopt}});
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_NE(c.fix.find("REVOKE CONNECT ON DATABASE metastore_spark41"), std::string::npos);
}

TEST(LocalChecks, WarehouseFailsForASharedOrForeignLocation) {
  auto sides = isolated_sides();
  EXPECT_EQ(warehouse_check(sides, {run("3.5", "3.5.7", "a"), run("4.1", "4.1.0", "b")}).status,
            CheckStatus::pass);
  sides[1].warehouse_dir = "/s/warehouse/3.5";
  auto shared = run("4.1", "4.1.0", "b");
  shared.record->table_location = "file:/s/warehouse/3.5/sparkmv_verify_41.db/probe";
  const auto c = warehouse_check(sides, {run("3.5", "3.5.7", "a"), shared});
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_EQ(c.rule, "ISO010");
  EXPECT_NE(c.fix.find("spark41.warehouse"), std::string::npos);
  // A table outside its own warehouse, even when the warehouses are apart.
  auto astray = run("3.5", "3.5.7", "a");
  astray.record->table_location = "file:/elsewhere/probe";
  EXPECT_EQ(warehouse_check(isolated_sides(), {astray}).status, CheckStatus::fail);
  EXPECT_EQ(warehouse_check(isolated_sides(), {}).status, CheckStatus::error);
}

TEST(LocalChecks, HistoryServerListsOnlyItsOwnVersionAndEveryProbe) {
  const auto side = isolated_sides()[0];
  const std::vector<HistoryApplication> own{{"app-1", "a", "3.5.7"}, {"app-2", "b", "3.5.7"}};
  EXPECT_EQ(history_check(side, own, {"app-1"}, "").status, CheckStatus::pass);
  auto mixed = own;
  mixed.push_back({"local-9", "c", "4.1.0"});
  const auto c = history_check(side, mixed, {"app-1"}, "");
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_EQ(c.rule, "ISO004");
  EXPECT_NE(c.evidence.front().find("local-9 (4.1.0)"), std::string::npos);
  EXPECT_NE(c.fix.find("spark35.event-dir"), std::string::npos);
  EXPECT_EQ(history_check(side, own, {"app-7"}, "").status, CheckStatus::fail);
  EXPECT_EQ(history_check(side, {}, {"app-1"}, "connection refused").status, CheckStatus::error);
}

eventlog::ScanEntry log_at(const std::string& path, const std::string& version) {
  eventlog::ScanEntry e;
  e.path = path;
  e.spark_version = version;
  e.status = eventlog::LogStatus::complete;
  return e;
}

TEST(LocalChecks, EventLogsMustLieUnderTheirOwnVersionsDirectory) {
  const auto sides = isolated_sides();
  eventlog::ScanResult ok;
  ok.logs = {log_at("/s/spark-logs/3.5/events/app-1", "3.5.7"),
             log_at("/s/spark-logs/4.1/events/eventlog_v2_local-2", "4.1.0")};
  EXPECT_EQ(event_log_check(sides, ok).status, CheckStatus::pass);
  auto misplaced = ok;
  misplaced.logs.push_back(log_at("/s/spark-logs/3.5/events/local-3", "4.1.0"));
  const auto c = event_log_check(sides, misplaced);
  EXPECT_EQ(c.status, CheckStatus::fail);
  EXPECT_EQ(c.rule, "ISO005");
  EXPECT_NE(c.evidence.front().find("Spark 4.1.0 log in the 3.5 directory"), std::string::npos);
  auto shared_sides = sides;
  shared_sides[1].event_dir = "/s/spark-logs/3.5/events";
  const auto s = event_log_check(shared_sides, ok);
  EXPECT_EQ(s.status, CheckStatus::fail);
  EXPECT_EQ(s.rule, "ISO004");
  auto unreadable = ok;
  unreadable.logs.front().status = eventlog::LogStatus::unreadable;
  unreadable.logs.front().error = "cut at byte 10";
  EXPECT_EQ(event_log_check(sides, unreadable).status, CheckStatus::fail);
}

TEST(ProbeRecord, LastRecordLineWinsAndBadJsonIsAnError) {
  const auto r = find_probe_record(
      "INFO noise SPARKMV-VERIFY {\"mode\":\"x\"}\n"
      "SPARKMV-VERIFY {\"mode\": \"list\", \"spark_version\": \"3.5.7\", \"app_id\": \"app-1\", "
      "\"databases\": [\"default\", \"sparkmv_verify_35\"]}\n"
      "INFO SparkContext: Successfully stopped SparkContext\n");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->mode, "list");
  EXPECT_EQ(r->databases, (std::vector<std::string>{"default", "sparkmv_verify_35"}));
  EXPECT_FALSE(find_probe_record("no record\n").has_value());
  EXPECT_THROW(find_probe_record("SPARKMV-VERIFY {not json\n"), std::invalid_argument);
  EXPECT_THROW(find_probe_record("SPARKMV-VERIFY {\"mode\": 3}\n"), std::invalid_argument);
  EXPECT_NE(probe_job_source().find("SPARKMV-VERIFY "), std::string_view::npos);
}

// The stack's generated configuration, read by the same rules as rendered charts: clean by default, ISO003
// and ISO010 when 4.1 is pointed at 3.5's database and warehouse.
TEST(StackConfigObjects, RulesReadTheGeneratedConfiguration) {
  const auto root = std::filesystem::temp_directory_path() / "sparkmv-config-objects-test";
  std::filesystem::remove_all(root);
  const auto write = [&](const stack::LayoutOverrides& overrides) {
    const stack::StackPaths paths{root};
    stack::Ports ports;
    int next = 42000;
    for (const auto& key : stack::port_keys()) ports[key] = next++;
    for (const auto* v : {&stack::spark35(), &stack::spark41()}) {
      std::filesystem::create_directories(paths.conf_dir(*v));
      const stack::ConfigInputs in{paths, ports, "pw", "/usr/share/java/postgresql.jar",
                                   stack::layout_of(*v, paths, overrides)};
      for (const auto& f : stack::spark_conf_files(*v, in))
        stack::write_if_changed(paths.conf_dir(*v) / f.name, f.content);
    }
    return isolation::lint_objects(stack_config_objects(root), {});
  };
  EXPECT_TRUE(write({}).report.findings.empty());
  const auto broken =
      write({{"spark41.database", "metastore_spark35"}, {"spark41.warehouse", "warehouse/3.5"}});
  std::set<std::string> rules;
  for (const auto& f : broken.report.findings) rules.insert(f.rule);
  EXPECT_EQ(rules, (std::set<std::string>{"ISO003", "ISO010"}));
  std::filesystem::remove(root / "conf" / "4.1" / "hive-site.xml");
  EXPECT_THROW(stack_config_objects(root), InputError);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace sparkmv::verify
