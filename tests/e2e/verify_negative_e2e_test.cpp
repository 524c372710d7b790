// End to end: `sparkmv verify --local` on a stack misconfigured on purpose, one promise broken at a time
// (both versions on one metastore database; one shared event-log directory; one shared warehouse), with real
// PostgreSQL, Spark 3.5.7 and Spark 4.1.0. Each must fail with the right checks and rule id, say what to fix,
// and leave the promises it did not break passing. (The passing run is scripts/test-coexistence.sh --local,
// test e2e.coexistence_local.)
#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e_support.hpp"
#include "support/process.hpp"

namespace sparkmv {
namespace {

using nlohmann::json;

struct Failing {
  std::string check;
  std::string rule;
  std::string fix_mentions;  // "" when the fix comes from the lint rule itself
};

struct Misconfiguration {
  std::string name;
  std::string setting;  // `sparkmv up --set`
  std::vector<Failing> failing;
  std::vector<std::string> passing;
};

const std::vector<Misconfiguration>& misconfigurations() {
  static const std::vector<Misconfiguration> all = {
      {"OneMetastoreDatabase",
       "spark41.database=metastore_spark35",
       {{"metastore.databases", "ISO003", "spark41.database"},
        {"metastore.catalog", "ISO003", "spark41.database"},
        {"metastore.config", "ISO003", ""}},
       {"warehouse.locations", "events.scan"}},
      {"OneEventLogDirectory",
       "spark41.event-dir=spark-logs/3.5/events",
       {{"events.scan", "ISO004", "spark41.event-dir"},
        {"history.3.5", "ISO004", "event-dir"},
        {"history.4.1", "ISO004", "event-dir"},
        {"eventlogs.config", "ISO004", ""}},
       {"metastore.databases", "warehouse.locations"}},
      {"OneWarehouse",
       "spark41.warehouse=warehouse/3.5",
       {{"warehouse.locations", "ISO010", "spark41.warehouse"}, {"storage.warehouse", "ISO010", ""}},
       {"metastore.databases", "events.scan"}},
  };
  return all;
}

const json& check(const json& report, const std::string& id) {
  static const json none;
  for (const auto& c : report["checks"]) {
    if (c["id"] == id) return c;
  }
  ADD_FAILURE() << "no check " << id << " in " << report.dump(1);
  return none;
}

class VerifyNegativeE2E : public ::testing::TestWithParam<Misconfiguration> {};

TEST_P(VerifyNegativeE2E, FailsWithTheRightCheckRuleAndFix) {
  const auto& m = GetParam();
  e2e::purge_stack();
  const auto up = testing::run_sparkmv({"up", "--state-dir", e2e::kState.string(), "--set", m.setting});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  const auto report = e2e::run_json({"verify", "--local", "--state-dir", e2e::kState.string()}, 1);
  for (const auto& c : report["checks"]) std::cout << "VERIFY " << c["status"] << " " << c["id"] << "\n";
  for (const auto& f : m.failing) {
    const auto& c = check(report, f.check);
    if (c.is_null()) continue;
    EXPECT_EQ(c["status"], "fail") << c.dump(1);
    EXPECT_EQ(c["rule"], f.rule) << c.dump(1);
    ASSERT_TRUE(c["fix"].is_string()) << c.dump(1);
    EXPECT_NE(c["fix"].get<std::string>().find(f.fix_mentions), std::string::npos) << c.dump(1);
  }
  for (const auto& id : m.passing) {
    const auto& c = check(report, id);
    if (!c.is_null()) {
      EXPECT_EQ(c["status"], "pass") << c.dump(1);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(BrokenOnPurpose, VerifyNegativeE2E, ::testing::ValuesIn(misconfigurations()),
                         [](const ::testing::TestParamInfo<Misconfiguration>& p) { return p.param.name; });

}  // namespace
}  // namespace sparkmv

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new sparkmv::e2e::ScenarioEnvironment);
  return RUN_ALL_TESTS();
}
