// End to end: `sparkmv verify --local` on a stack misconfigured on purpose, one promise broken at a time
// (both versions on one metastore database; one shared event-log directory; one shared warehouse), with real
// PostgreSQL, Spark 3.5.7 and Spark 4.1.0. Each must fail with the right check and rule id, and say what to
// fix. (The passing run is scripts/test-coexistence.sh --local, test e2e.coexistence_local.)
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/process.hpp"

namespace sparkmv {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_sparkmv;

const fs::path kState = SPARKMV_E2E_STATE;

void purge() {
  run_sparkmv({"down", "--purge", "--state-dir", kState.string()});
}

// A fresh stack with `settings` (`--set` values), then verify; the report.
json verify_with(const std::vector<std::string>& settings) {
  purge();
  std::vector<std::string> up{"up", "--state-dir", kState.string()};
  for (const auto& s : settings) up.insert(up.end(), {"--set", s});
  const auto started = run_sparkmv(up);
  EXPECT_EQ(started.exit_code, 0) << started.out << started.err;
  const auto r = run_sparkmv({"verify", "--local", "--state-dir", kState.string(), "-o", "json"});
  auto doc = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << r.out << r.err;
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  if (!doc.is_discarded()) {
    for (const auto& c : doc["checks"]) {
      std::cout << "VERIFY " << c["status"].get<std::string>() << " " << c["id"].get<std::string>() << "\n";
    }
  }
  return doc;
}

const json& check(const json& report, const std::string& id) {
  static const json none;
  for (const auto& c : report["checks"]) {
    if (c["id"] == id) return c;
  }
  ADD_FAILURE() << "no check " << id << " in " << report.dump(1);
  return none;
}

void expect_failed(const json& report, const std::string& id, const std::string& rule,
                   const std::string& fix_mentions) {
  const auto& c = check(report, id);
  if (c.is_null()) return;
  EXPECT_EQ(c["status"], "fail") << c.dump(1);
  EXPECT_EQ(c["rule"], rule) << c.dump(1);
  ASSERT_TRUE(c["fix"].is_string()) << c.dump(1);
  EXPECT_NE(c["fix"].get<std::string>().find(fix_mentions), std::string::npos) << c.dump(1);
}

void expect_passed(const json& report, const std::string& id) {
  const auto& c = check(report, id);
  if (!c.is_null()) {
    EXPECT_EQ(c["status"], "pass") << c.dump(1);
  }
}

class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { fs::create_directories(kState.parent_path()); }
  void TearDown() override { purge(); }
};

TEST(VerifyNegativeE2E, BothVersionsOnOneMetastoreDatabase) {
  const auto report = verify_with({"spark41.database=metastore_spark35"});
  expect_failed(report, "metastore.databases", "ISO003", "spark41.database");
  expect_failed(report, "metastore.catalog", "ISO003", "spark41.database");
  expect_failed(report, "metastore.config", "ISO003", "");
  // The other promises still hold: the failure names the metastore, not everything.
  expect_passed(report, "warehouse.locations");
  expect_passed(report, "events.scan");
}

TEST(VerifyNegativeE2E, OneSharedEventLogDirectory) {
  const auto report = verify_with({"spark41.event-dir=spark-logs/3.5/events"});
  expect_failed(report, "events.scan", "ISO004", "spark41.event-dir");
  expect_failed(report, "history.3.5", "ISO004", "event-dir");
  expect_failed(report, "history.4.1", "ISO004", "event-dir");
  expect_failed(report, "eventlogs.config", "ISO004", "");
  expect_passed(report, "metastore.databases");
  expect_passed(report, "warehouse.locations");
}

TEST(VerifyNegativeE2E, OneSharedWarehouse) {
  const auto report = verify_with({"spark41.warehouse=warehouse/3.5"});
  expect_failed(report, "warehouse.locations", "ISO010", "spark41.warehouse");
  expect_failed(report, "storage.warehouse", "ISO010", "");
  expect_passed(report, "metastore.databases");
  expect_passed(report, "events.scan");
}

}  // namespace
}  // namespace sparkmv

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new sparkmv::StackEnvironment);
  return RUN_ALL_TESTS();
}
