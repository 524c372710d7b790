// How jobs are run on the local stack: the command line and environment of a spark-submit or Connect run,
// with its run tag, and the specs that are refused before anything starts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/errors.hpp"
#include "stack/jobs.hpp"

namespace sparkmv::stack {
namespace {

RunningStack sample_stack(const std::filesystem::path& root) {
  RunningStack s{StackPaths{root}, {}, {}};
  int next = 43000;
  for (const auto& key : port_keys()) s.state.ports[key] = next++;
  s.install.spark_homes = {{"3.5.7", "/opt/spark-3.5.7"}, {"4.1.0", "/opt/spark-4.1.0"}};
  s.install.connect_python = "/opt/venv/bin/python";
  return s;
}

bool has(const std::vector<std::string>& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}

TEST(StackJobs, SubmitUsesTheVersionsConfigurationAndCarriesTheRunTag) {
  const auto s = sample_stack("/srv/stack");
  JobSpec spec{"nightly",
               &spark35(),
               JobMode::submit,
               "/jobs/etl.py",
               "",
               {"--day", "1"},
               {{"spark.executor.memory", "1g"}},
               "sparkmv-job-nightly"};
  const auto cmd = job_command(s, spec);
  EXPECT_EQ(cmd.argv.front(), "/opt/spark-3.5.7/bin/spark-submit");
  EXPECT_TRUE(has(cmd.argv, "spark.executor.memory=1g"));
  EXPECT_TRUE(has(cmd.argv, "spark.job.tags=sparkmv-job-nightly"));
  EXPECT_EQ(std::vector<std::string>(cmd.argv.end() - 3, cmd.argv.end()),
            (std::vector<std::string>{"/jobs/etl.py", "--day", "1"}));
  EXPECT_EQ(cmd.env.at("SPARK_CONF_DIR"), "/srv/stack/conf/3.5");
  EXPECT_EQ(cmd.env.at("SPARK_HOME"), "/opt/spark-3.5.7");
  EXPECT_EQ(cmd.env.count("PYTHONPATH"), 0U);

  // The job's own tags are kept beside the run tag; a jar runs with its main class.
  spec.version = &spark41();
  spec.conf = {{"spark.job.tags", "team-a"}};
  spec.application = "/jobs/app.jar";
  spec.main_class = "com.example.Main";
  const auto jar = job_command(s, spec);
  EXPECT_TRUE(has(jar.argv, "spark.job.tags=team-a,sparkmv-job-nightly"));
  EXPECT_TRUE(has(jar.argv, "com.example.Main"));
  EXPECT_EQ(jar.env.at("SPARK_CONF_DIR"), "/srv/stack/conf/4.1");
}

TEST(StackJobs, ConnectRunsTheClientWithTheServersUrlAndTag) {
  const auto root = std::filesystem::temp_directory_path() / "sparkmv-jobs-test";
  std::filesystem::remove_all(root);
  const auto s = sample_stack(root);
  const JobSpec spec{"notebook", &spark41(), JobMode::connect, "/jobs/features.py", "", {"x"}, {}, "t1"};
  const auto cmd = job_command(s, spec);
  ASSERT_EQ(cmd.argv.size(), 4U);
  EXPECT_EQ(cmd.argv[0], "/opt/venv/bin/python");
  EXPECT_TRUE(std::filesystem::exists(cmd.argv[1])) << cmd.argv[1];
  EXPECT_EQ(cmd.argv[2], "/jobs/features.py");
  EXPECT_EQ(cmd.env.at("SPARK_REMOTE"),
            "sc://127.0.0.1:" + std::to_string(s.state.ports.at("spark41.connect")));
  EXPECT_EQ(cmd.env.at("SPARKMV_RUN_TAG"), "t1");
  std::filesystem::remove_all(root);
}

TEST(StackJobs, BadSpecsAreRefusedBeforeAnythingRuns) {
  const auto s = sample_stack("/srv/stack");
  const JobSpec ok{"j", &spark41(), JobMode::connect, "/jobs/f.py", "", {}, {}, ""};
  auto on_35 = ok;
  on_35.version = &spark35();
  EXPECT_THROW(job_command(s, on_35), InputError);
  auto with_conf = ok;
  with_conf.conf = {{"spark.executor.memory", "1g"}};
  EXPECT_THROW(job_command(s, with_conf), InputError);
  auto bad_label = ok;
  bad_label.label = "a b";
  EXPECT_THROW(job_command(s, bad_label), InputError);
  auto bad_tag = ok;
  bad_tag.tag = "a,b";
  EXPECT_THROW(job_command(s, bad_tag), InputError);
  auto no_app = ok;
  no_app.mode = JobMode::submit;
  no_app.application.clear();
  EXPECT_THROW(job_command(s, no_app), InputError);
  auto no_python = s;
  no_python.install.connect_python.clear();
  EXPECT_THROW(job_command(no_python, ok), EnvironmentError);
  EXPECT_THROW(run_jobs(s, {ok, bad_label}), InputError);
}

TEST(StackJobs, NoStackIsAnEnvironmentErrorSayingWhatToRun) {
  const auto nowhere = std::filesystem::temp_directory_path() / "sparkmv-jobs-no-stack";
  std::filesystem::remove_all(nowhere);
  try {
    open_running_stack(nowhere);
    FAIL() << "no error";
  } catch (const EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("run `sparkmv up` first"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sparkmv::stack
