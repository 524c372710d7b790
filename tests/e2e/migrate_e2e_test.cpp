// End to end: the whole migration story of one job on the local stack with real Spark 3.5.7 and 4.1.0.
// The job runs as a scheduler would run it (`migrate submit-config`'s command); `migrate status` finds each
// run by its tag in the version's event logs; a trial runs it in shadow on 4.1; promote moves the pin; the
// next run lands in 4.1; rollback moves it back and the next run lands in 3.5 again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e_support.hpp"
#include "support/process.hpp"

namespace sparkmv {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_sparkmv;

using e2e::kSource;
using e2e::kState;
using e2e::run_json;
const fs::path kWork = kState.parent_path() / "migrate-work";
const std::string kJobs = (kWork / "jobs.yaml").string();

// Runs the job the way `submit-config` says; its exit code.
int run_as_scheduled() {
  const auto config = run_json({"migrate", "submit-config", "report", "--jobs", kJobs, "--target", "local",
                                "--state-dir", kState.string()},
                               0);
  std::string line = "cd " + testing::shell_quote(kWork.string()) + " && env -u PYTHONPATH";
  for (const auto& [key, value] : config["env"].items())
    line += " " + key + "=" + testing::shell_quote(value.get<std::string>());
  for (const auto& arg : config["command"]) line += " " + testing::shell_quote(arg.get<std::string>());
  line += " >>" + testing::shell_quote((kWork / "runs.log").string()) + " 2>&1";
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

json job_status(int expected_exit) {
  const auto report =
      run_json({"migrate", "status", "--jobs", kJobs, "--state-dir", kState.string()}, expected_exit);
  for (const auto& j : report["jobs"]) {
    if (j["job"] == "report") return j;
  }
  ADD_FAILURE() << report.dump(1);
  return json();
}

std::string pin() {
  std::ifstream in(kJobs);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("version: \"4.1\"") != std::string::npos ? "4.1" : "3.5";
}

class MigrationEnvironment : public e2e::ScenarioEnvironment {
 public:
  void SetUp() override {
    e2e::ScenarioEnvironment::SetUp();
    fs::remove_all(kWork);
    fs::create_directories(kWork);
    fs::copy_file(kSource / "tests/e2e/jobs/report_job.py", kWork / "report_job.py");
    std::ofstream(kJobs) << "# The team's jobs (migration e2e test)\n"
                            "jobs:\n"
                            "  - name: report\n"
                            "    owner: e2e\n"
                            "    risk: low\n"
                            "    version: \"3.5\"   # the pin\n"
                            "    kind: batch\n"
                            "    submit:\n"
                            "      python_file: report_job.py\n"
                            "      args: [\"" +
                                (kWork / "production" / "report").string() + "\"]\n";
  }
};

TEST(MigrateE2E, TrialPromoteRunRollbackRun) {
  ASSERT_EQ(run_sparkmv({"up", "--state-dir", kState.string()}).exit_code, 0);
  const auto plan = run_json({"migrate", "plan", "--jobs", kJobs, "--start", "2026-12-01"}, 0);
  EXPECT_EQ(plan["steps"][1]["jobs"], json::array({"report"}));  // the pilot

  // Promotion without a comparison is refused.
  EXPECT_EQ(run_sparkmv({"migrate", "promote", "report", "--jobs", kJobs}).exit_code, 1);

  ASSERT_EQ(run_as_scheduled(), 0);
  auto s = job_status(0);
  EXPECT_EQ(s["last_run"]["version"], "3.5") << s.dump(1);
  EXPECT_EQ(s["last_run"]["spark_version"], "3.5.7");

  const auto trial =
      run_json({"migrate", "trial", "report", "--jobs", kJobs, "--state-dir", kState.string()}, 0);
  EXPECT_EQ(trial["candidate"]["spark_version"], "4.1.0") << trial.dump(1);
  EXPECT_TRUE(fs::exists(trial["html"].get<std::string>()));
  // Shadow: the production output was written once, by the 3.5 run; the trial wrote under the state dir.
  EXPECT_NE(trial["shadow_output"].get<std::string>().find(kState.string()), std::string::npos);

  const auto promoted = run_sparkmv({"migrate", "promote", "report", "--jobs", kJobs});
  ASSERT_EQ(promoted.exit_code, 0) << promoted.out << promoted.err;
  EXPECT_EQ(pin(), "4.1");
  ASSERT_EQ(run_as_scheduled(), 0);
  s = job_status(0);
  EXPECT_EQ(s["last_run"]["version"], "4.1") << s.dump(1);
  EXPECT_EQ(s["last_run"]["spark_version"], "4.1.0");
  EXPECT_TRUE(s["alerts"].empty()) << s.dump(1);

  const auto rolled =
      run_sparkmv({"migrate", "rollback", "report", "--jobs", kJobs, "--reason", "e2e rollback"});
  ASSERT_EQ(rolled.exit_code, 0) << rolled.out << rolled.err;
  EXPECT_EQ(pin(), "3.5");
  ASSERT_EQ(run_as_scheduled(), 0);
  s = job_status(0);
  EXPECT_EQ(s["last_run"]["version"], "3.5") << s.dump(1);

  // The journal holds the whole story, in order.
  std::ifstream journal(kJobs + ".journal");
  std::vector<std::string> actions;
  for (std::string line; std::getline(journal, line);) actions.push_back(json::parse(line)["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"trial", "promote", "rollback"}));
}

}  // namespace
}  // namespace sparkmv

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new sparkmv::MigrationEnvironment);
  return RUN_ALL_TESTS();
}
