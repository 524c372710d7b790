// The state-changing migrate commands through the real binary: exit codes, messages and JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "migrate/inventory.hpp"
#include "migrate/journal.hpp"
#include "migrate/store.hpp"
#include "migrate_support.hpp"
#include "support/process.hpp"

namespace sparkmv::migrate {
namespace {

using sparkmv::testing::run_sparkmv;
using testing::Scratch;

TEST(MigrateCli, PromoteWithoutAComparisonExits1AndSaysWhatToRun) {
  Scratch scratch;
  const auto result =
      run_sparkmv({"migrate", "promote", "daily-revenue", "--jobs", scratch.files().jobs.string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("refused daily-revenue"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("sparkmv migrate trial daily-revenue"), std::string::npos) << result.out;
  EXPECT_EQ(scratch.jobs_text(), Scratch::fixture_text());
}

TEST(MigrateCli, ForcedPromoteAsJsonThenANoOp) {
  Scratch scratch;
  const auto jobs = scratch.files().jobs.string();
  auto result = run_sparkmv({"migrate", "promote", "daily-revenue", "--force", "--reason", "deadline",
                             "--jobs", jobs, "-o", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc.at("written"), true);
  EXPECT_EQ(doc.at("action"), "promote");
  EXPECT_EQ(doc.at("jobs").at(0).at("status"), "changed");
  EXPECT_EQ(doc.at("jobs").at(0).at("forced"), true);
  EXPECT_EQ(load_inventory(jobs).find("daily-revenue")->version, "4.1");
  const auto journal = read_journal(scratch.files().journal());
  ASSERT_EQ(journal.entries.size(), 1U);
  EXPECT_TRUE(journal.entries[0].forced);

  result = run_sparkmv({"migrate", "promote", "daily-revenue", "--jobs", jobs});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("already pins 4.1"), std::string::npos) << result.out;
}

TEST(MigrateCli, RollbackWithoutAReasonExits2) {
  Scratch scratch;
  const auto jobs = scratch.files().jobs.string();
  auto result = run_sparkmv({"migrate", "rollback", "churn-features", "--jobs", jobs});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--reason"), std::string::npos) << result.err;
  result = run_sparkmv({"migrate", "rollback", "churn-features", "--reason", "OOM", "--jobs", jobs});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("rolled back churn-features: 4.1 -> 3.5"), std::string::npos) << result.out;
}

TEST(MigrateCli, BadInputExits2) {
  Scratch scratch;
  const auto jobs = scratch.files().jobs.string();
  EXPECT_EQ(run_sparkmv({"migrate", "promote", "nope", "--jobs", jobs}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"migrate", "promote", "--wave", "9", "--jobs", jobs}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"migrate", "promote", "--jobs", jobs}).exit_code, 2);
  EXPECT_EQ(run_sparkmv({"migrate", "submit-config", "daily-revenue", "--target", "mars", "--jobs", jobs})
                .exit_code,
            2);
  testing::write_text(scratch.files().journal(), "garbage\n{}\n");
  const auto result = run_sparkmv({"migrate", "promote", "daily-revenue", "--jobs", jobs});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("jobs.yaml.journal:1: malformed journal entry"), std::string::npos) << result.err;
}

TEST(MigrateCli, RetireRefusesWhileJobsPin35) {
  Scratch scratch;
  const auto result = run_sparkmv({"migrate", "retire", "--jobs", scratch.files().jobs.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("6 job(s) still pin 3.5: ad-attribution, clickstream-sessions"),
            std::string::npos)
      << result.out;
}

TEST(MigrateCli, RetireWithoutARunningStackCannotTestAndExits3) {
  Scratch scratch;
  std::vector<PinChange> changes;
  for (const auto& job : load_inventory(scratch.files().jobs.string()).jobs)
    changes.push_back({job.name, "4.1"});
  testing::write_text(scratch.files().jobs, edit_pins(scratch.jobs_text(), "jobs.yaml", changes));
  const auto result = run_sparkmv({"migrate", "retire", "--jobs", scratch.files().jobs.string(),
                                   "--state-dir", (scratch.root() / "none").string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_FALSE(std::filesystem::exists(scratch.files().journal()));
}

TEST(MigrateCli, SubmitConfigExitCodesAndJson) {
  Scratch scratch;
  const auto jobs = scratch.files().jobs.string();
  auto result = run_sparkmv({"migrate", "submit-config", "daily-revenue", "--jobs", jobs, "--state-dir",
                             (scratch.root() / "none").string()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("no local stack in"), std::string::npos) << result.err;

  result = run_sparkmv({"migrate", "submit-config", "churn-features", "--target", "kube", "--namespace",
                        "dev", "--jobs", jobs, "-o", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto doc = nlohmann::json::parse(result.out);
  EXPECT_EQ(doc.at("connect_url"), "sc://spark-41-connect.dev.svc:15002");
  EXPECT_EQ(doc.at("run_tag"), "sparkmv-job-churn-features");

  result = run_sparkmv({"migrate", "submit-config", "daily-revenue", "--target", "kube", "--jobs", jobs});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("spark://spark-35-master.spark.svc:7077"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace sparkmv::migrate
