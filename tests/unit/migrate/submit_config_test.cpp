#include "migrate/submit_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/errors.hpp"
#include "migrate_support.hpp"

namespace sparkmv::migrate {
namespace {

using testing::Scratch;
using testing::write_text;

bool contains(const std::vector<std::string>& argv, const std::vector<std::string>& run) {
  return std::search(argv.begin(), argv.end(), run.begin(), run.end()) != argv.end();
}

// A state directory as `sparkmv up` leaves it, without anything running.
void write_stack_state(const std::filesystem::path& state_dir, const std::string& layout = "{}") {
  std::filesystem::create_directories(state_dir);
  write_text(state_dir / "stack.json",
             R"({"ports": {"postgres": 15432, "spark35.master": 17077, "spark35.master-ui": 18080,
                 "spark35.worker": 17078, "spark35.worker-ui": 18081, "spark35.history": 18082,
                 "spark41.connect": 15002, "spark41.connect-ui": 14040, "spark41.history": 18083},
                "layout": )" +
                 layout + "}\n");
}

JobInventory fixture() {
  return load_inventory(sparkmv::testing::fixture_path("jobs/jobs.yaml"));
}

TEST(RunTag, NamesTheJobAndRejectsWhatSparkCannotTag) {
  EXPECT_EQ(run_tag("daily-revenue"), "sparkmv-job-daily-revenue");
  EXPECT_EQ(trial_tag("daily-revenue"), "sparkmv-trial-daily-revenue");
  EXPECT_THROW(run_tag("a,b"), InputError);
}

TEST(SubmitConfigLocal, A35BatchJobGoesToTheStandaloneMasterWithItsTag) {
  Scratch scratch;
  const auto state_dir = scratch.root() / "state";
  write_stack_state(state_dir);
  const auto config = local_submit_config(*fixture().find("daily-revenue"), state_dir,
                                          {{"3.5.7", "/opt/spark-3.5.7/bin/spark-submit"}});
  EXPECT_EQ(config.master, "spark://127.0.0.1:17077");
  EXPECT_EQ(config.env.at("SPARK_CONF_DIR"), (state_dir / "conf" / "3.5").string());
  EXPECT_EQ(config.command.front(), "/opt/spark-3.5.7/bin/spark-submit");
  EXPECT_TRUE(contains(config.command, {"--master", "spark://127.0.0.1:17077"}));
  EXPECT_TRUE(contains(config.command, {"--conf", "spark.job.tags=sparkmv-job-daily-revenue"}));
  EXPECT_TRUE(contains(config.command, {"--conf", "spark.executor.memory=4g"}));
  EXPECT_TRUE(contains(config.command, {"--class", "com.example.finance.DailyRevenue",
                                        "s3a://artifacts/finance/revenue-2.3.jar", "--date", "{{ ds }}"}));
  EXPECT_EQ(config.run_tag, "sparkmv-job-daily-revenue");
  EXPECT_EQ(config.metastore_database, "metastore_spark35");
  EXPECT_EQ(config.metastore_url, "jdbc:postgresql://127.0.0.1:15432/metastore_spark35");
  EXPECT_EQ(config.event_log_dir, (state_dir / "spark-logs" / "3.5" / "events").string());
  EXPECT_EQ(config.warehouse_dir, (state_dir / "warehouse" / "3.5").string());
  const auto json = to_json(config);
  EXPECT_EQ(json.at("run_tag"), "sparkmv-job-daily-revenue");
  EXPECT_NE(render_table(config).find("spark.job.tags=sparkmv-job-daily-revenue"), std::string::npos);
}

TEST(SubmitConfigLocal, A41BatchJobRunsInLocalModeWith41sConfAndLayout) {
  Scratch scratch;
  const auto state_dir = scratch.root() / "state";
  write_stack_state(state_dir, R"({"spark41.warehouse": "/data/wh41"})");
  auto job = *fixture().find("clickstream-sessions");
  job.version = "4.1";
  const auto config = local_submit_config(job, state_dir);
  EXPECT_TRUE(config.master.empty());
  EXPECT_EQ(config.env.at("SPARK_CONF_DIR"), (state_dir / "conf" / "4.1").string());
  EXPECT_EQ(config.command.front(), "spark-submit");
  EXPECT_FALSE(contains(config.command, {"--master"}));
  EXPECT_EQ(config.command.back(), "s3a://artifacts/web/sessions.py");
  EXPECT_EQ(config.metastore_database, "metastore_spark41");
  EXPECT_EQ(config.warehouse_dir, "/data/wh41");
}

TEST(SubmitConfigLocal, AConnectJobGetsTheConnectUrlAndAddTag) {
  Scratch scratch;
  const auto state_dir = scratch.root() / "state";
  write_stack_state(state_dir);
  const auto config = local_submit_config(*fixture().find("churn-features"), state_dir);
  EXPECT_EQ(config.connect_url, "sc://127.0.0.1:15002");
  EXPECT_EQ(config.env.at("SPARK_REMOTE"), "sc://127.0.0.1:15002");
  EXPECT_NE(config.tag_how.find("spark.addTag(\"sparkmv-job-churn-features\")"), std::string::npos);
  EXPECT_EQ(config.command, (std::vector<std::string>{"python3", "notebooks/churn_features.py"}));
}

TEST(SubmitConfigLocal, NoStackIsAnEnvironmentErrorSayingToRunUp) {
  Scratch scratch;
  try {
    local_submit_config(*fixture().find("daily-revenue"), scratch.root() / "none");
    FAIL() << "configured";
  } catch (const EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("no local stack in"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("run sparkmv up"), std::string::npos) << e.what();
  }
}

TEST(SubmitConfigLocal, AConnectJobPinnedTo35CannotRun) {
  Scratch scratch;
  write_stack_state(scratch.root());
  auto job = *fixture().find("churn-features");
  job.version = "3.5";
  EXPECT_THROW(local_submit_config(job, scratch.root()), InputError);
  EXPECT_THROW(kube_submit_config(job, "spark"), InputError);
}

TEST(SubmitConfigKube, FollowsTheChartsNaming) {
  const auto inventory = fixture();
  const auto legacy = kube_submit_config(*inventory.find("ledger-reconcile"), "prod");
  EXPECT_EQ(legacy.master, "spark://spark-35-master.prod.svc:7077");
  EXPECT_EQ(legacy.release, "spark-35");
  EXPECT_EQ(legacy.image, "docker.io/apache/spark:3.5.7-scala2.12-java17-python3-ubuntu");
  EXPECT_EQ(legacy.service_account, "spark-35-infra");
  EXPECT_EQ(legacy.conf_map, "spark-35-spark-defaults");
  EXPECT_EQ(legacy.event_log_dir, "s3a://spark-logs/3.5/events");
  EXPECT_EQ(legacy.warehouse_dir, "s3a://spark-warehouse/3.5/");
  EXPECT_EQ(legacy.metastore_database, "metastore_spark35");
  EXPECT_EQ(legacy.metastore_url, "thrift://spark-35-metastore.prod.svc:9083");
  EXPECT_TRUE(contains(legacy.command, {"--conf", "spark.job.tags=sparkmv-job-ledger-reconcile"}));

  auto batch41 = *inventory.find("ledger-reconcile");
  batch41.version = "4.1";
  const auto target = kube_submit_config(batch41, "prod");
  EXPECT_EQ(target.master, "k8s://https://kubernetes.default.svc");
  EXPECT_TRUE(contains(target.command, {"--deploy-mode", "cluster"}));
  EXPECT_EQ(target.service_account, "spark-41-spark");
  EXPECT_EQ(target.image, "docker.io/apache/spark:4.1.0-scala2.13-java21-python3-ubuntu");
  EXPECT_EQ(target.event_log_dir, "s3a://spark-logs/4.1/events");

  const auto connect = kube_submit_config(*inventory.find("churn-features"), "prod");
  EXPECT_EQ(connect.connect_url, "sc://spark-41-connect.prod.svc:15002");
  EXPECT_EQ(connect.service_account, "spark-41-connect");
  EXPECT_EQ(connect.metastore_database, "metastore_spark41");
  const auto json = to_json(connect);
  EXPECT_EQ(json.at("kube").at("release"), "spark-41");
  EXPECT_EQ(json.at("kube").at("namespace"), "prod");
}

}  // namespace
}  // namespace sparkmv::migrate
