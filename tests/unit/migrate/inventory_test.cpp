#include "migrate/inventory.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "support/manifests.hpp"

namespace sparkmv::migrate {
namespace {

TEST(JobInventory, LoadsEveryFieldAndNormalisesVersions) {
  const auto inventory = load_inventory(testing::fixture_path("jobs/jobs.yaml"));
  ASSERT_EQ(inventory.jobs.size(), 7U);
  const auto* revenue = inventory.find("daily-revenue");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->owner, "finance-data");
  EXPECT_EQ(revenue->risk, Risk::medium);
  EXPECT_EQ(revenue->version, "3.5");
  EXPECT_EQ(revenue->kind, JobKind::batch);
  EXPECT_EQ(revenue->submit.main_class, "com.example.finance.DailyRevenue");
  EXPECT_EQ(revenue->submit.args, (std::vector<std::string>{"--date", "{{ ds }}"}));
  EXPECT_EQ(revenue->submit.conf.at("spark.executor.memory"), "4g");
  EXPECT_EQ(revenue->line, 3);
  EXPECT_EQ(inventory.find("ad-attribution")->version, "3.5");      // a YAML number
  EXPECT_EQ(inventory.find("inventory-snapshot")->version, "3.5");  // a patch level
  EXPECT_EQ(inventory.find("churn-features")->kind, JobKind::connect);
  EXPECT_EQ(inventory.find("nope"), nullptr);
}

TEST(JobInventory, EmptyListIsAnEmptyInventory) {
  EXPECT_TRUE(parse_inventory("jobs: []\n", "jobs.yaml").jobs.empty());
  EXPECT_TRUE(parse_inventory("jobs:\n", "jobs.yaml").jobs.empty());
}

struct BadInventory {
  const char* name;
  const char* text;
  const char* message;  // the one-line error must contain this
};

class BadInventoryTest : public ::testing::TestWithParam<BadInventory> {};

TEST_P(BadInventoryTest, NamesFileLineAndJob) {
  try {
    parse_inventory(GetParam().text, "jobs.yaml");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().message), std::string::npos) << e.what();
  }
}

constexpr const char* kOk =
    "jobs:\n  - name: a\n    owner: o\n    risk: low\n    version: '3.5'\n    kind: batch\n"
    "    submit: {python_file: a.py}\n";

const BadInventory kBad[] = {
    {"unknown_version",
     "jobs:\n  - name: a\n    owner: o\n    risk: low\n    version: '3.4'\n    kind: batch\n"
     "    submit: {python_file: a.py}\n",
     "jobs.yaml:5: job 'a': unknown version '3.4' (expected 3.5 or 4.1)"},
    {"unknown_risk",
     "jobs:\n  - name: a\n    owner: o\n    risk: tiny\n    version: '3.5'\n    kind: batch\n"
     "    submit: {python_file: a.py}\n",
     "jobs.yaml:4: job 'a': unknown risk 'tiny'"},
    {"duplicate_name",
     "jobs:\n  - name: a\n    owner: o\n    risk: low\n    version: '3.5'\n    kind: batch\n"
     "    submit: {python_file: a.py}\n  - name: a\n    owner: o\n    risk: low\n    version: '4.1'\n"
     "    kind: batch\n    submit: {python_file: b.py}\n",
     "jobs.yaml:8: job 'a': duplicate name (first at line 2)"},
    {"missing_owner",
     "jobs:\n  - name: a\n    risk: low\n    version: '3.5'\n    kind: batch\n"
     "    submit: {python_file: a.py}\n",
     "jobs.yaml:2: job 'a': missing field 'owner'"},
    {"typo_field", "jobs:\n  - name: a\n    ownr: o\n", "jobs.yaml:3: job 'a': unknown field 'ownr'"},
    {"submit_without_program",
     "jobs:\n  - name: a\n    owner: o\n    risk: low\n    version: '3.5'\n"
     "    kind: batch\n    submit: {args: [x]}\n",
     "jobs.yaml:7: job 'a': 'submit' needs either main_class and application"},
    {"connect_with_jar",
     "jobs:\n  - name: a\n    owner: o\n    risk: low\n    version: '4.1'\n"
     "    kind: connect\n    submit: {main_class: M, application: a.jar}\n",
     "a connect job is a Python client"},
    {"entry_not_mapping", "jobs:\n  - just-a-name\n",
     "jobs.yaml:2: job: each entry of 'jobs' must be a mapping"},
    {"no_jobs_list", "jobs: {a: 1}\n", "jobs.yaml:1: expected a 'jobs' list"},
    {"malformed_yaml", "jobs: [\n", "jobs.yaml:"},
    {"empty_file", "", "jobs.yaml: expected one YAML document"},
};

INSTANTIATE_TEST_SUITE_P(Inventory, BadInventoryTest, ::testing::ValuesIn(kBad),
                         [](const ::testing::TestParamInfo<BadInventory>& test) {
                           return std::string(test.param.name);
                         });

TEST(JobInventory, TheValidBaseOfTheBadCasesLoads) {
  EXPECT_EQ(parse_inventory(kOk, "jobs.yaml").jobs.size(), 1U);
}

}  // namespace
}  // namespace sparkmv::migrate
