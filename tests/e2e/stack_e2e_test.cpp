// End to end: `sparkmv up | status | down` with real PostgreSQL, Spark 3.5.7 and Spark 4.1.0 on this host.
// One ordered scenario (the tests share one stack): up, idempotent up, status, metastore isolation, a job on
// each version, a crashed daemon restarted alone, down, no process left and ports released, down again.
// Prints the start-up time and the stack's RAM (recorded in bench/RESULTS-stack.md).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "e2e_support.hpp"
#include "stack/net.hpp"
#include "stack/postgres.hpp"
#include "stack/process.hpp"
#include "support/process.hpp"

namespace sparkmv {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_sparkmv;

using e2e::kSource;
using e2e::kState;

json run_json(std::vector<std::string> args, int expected_exit) {
  args.insert(args.end(), {"--state-dir", kState.string()});
  return e2e::run_json(args, expected_exit);
}

std::map<std::string, json> by_name(const json& report) {
  std::map<std::string, json> m;
  for (const auto& c : report["components"]) m[c["name"].get<std::string>()] = c;
  return m;
}

json stack_file() {
  std::ifstream in(kState / "stack.json");
  return json::parse(in);
}

int port(const std::string& key) {
  return stack_file()["ports"][key].get<int>();
}

std::string secret(const std::string& name) {
  std::ifstream in(kState / "secrets" / name);
  std::string s;
  in >> s;
  return s;
}

// Runs a shell command line; returns its exit code and standard output.
std::pair<int, std::string> shell(const std::string& command) {
  const auto out = fs::temp_directory_path() / ("sparkmv-e2e-" + std::to_string(::getpid()) + ".out");
  const int status = std::system((command + " >" + testing::shell_quote(out.string()) + " 2>&1").c_str());
  auto text = testing::slurp(out);
  fs::remove(out);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

json job_record(const std::string& output) {
  const auto at = output.rfind("SPARKMV-E2E ");
  if (at == std::string::npos) return json();
  const auto end = output.find('\n', at);
  return json::parse(output.substr(at + 12, end - at - 12), nullptr, false);
}

// Polls a History Server until it lists an application; its appSparkVersion, or "" at the deadline.
std::string history_lists(int history_port, const std::string& app_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = stack::http_get(
        "http://127.0.0.1:" + std::to_string(history_port) + "/api/v1/applications", std::chrono::seconds(5));
    const auto apps = json::parse(r.body, nullptr, false);
    if (apps.is_array()) {
      for (const auto& app : apps) {
        if (app.value("id", "") == app_id && !app["attempts"].empty()) {
          return app["attempts"][0].value("appSparkVersion", "");
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  return "";
}

std::vector<std::string> metastore_tables(const std::string& role, const std::string& database) {
  stack::PgConnection db(stack::PgLogin{port("postgres"), database, role, secret(role)});
  std::vector<std::string> tables;
  const auto list =
      db.scalar(R"(SELECT coalesce(string_agg("TBL_NAME", ',' ORDER BY "TBL_NAME"), '') FROM "TBLS")");
  std::size_t start = 0;
  while (start < list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    tables.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return tables;
}

std::map<std::string, json> g_first_up;

TEST(StackE2E, UpStartsEveryComponent) {
  const auto report = run_json({"up"}, 0);
  EXPECT_TRUE(report["ready"].get<bool>());
  g_first_up = by_name(report);
  ASSERT_EQ(g_first_up.size(), 6u);
  for (const auto& [name, c] : g_first_up) {
    EXPECT_EQ(c["state"], "started") << name;
    EXPECT_TRUE(c["ready"].get<bool>()) << name << ": " << c["probe"];
  }
  std::cout << "STACK-BENCH startup_seconds=" << report["seconds"].get<double>()
            << " rss_mib=" << report["total_rss_kib"].get<long>() / 1024 << std::endl;
}

TEST(StackE2E, SecondUpChangesNothing) {
  const auto conf = kState / "conf" / "3.5" / "spark-defaults.conf";
  const auto before = fs::last_write_time(conf);
  const auto report = run_json({"up"}, 0);
  for (const auto& [name, c] : by_name(report)) {
    EXPECT_EQ(c["state"], "running") << name;
    EXPECT_EQ(c["pid"], g_first_up[name]["pid"]) << name;
  }
  EXPECT_EQ(fs::last_write_time(conf), before);
  EXPECT_LT(report["seconds"].get<double>(), 15.0);
}

TEST(StackE2E, StatusShowsEveryComponentWithItsMemory) {
  const auto report = run_json({"status"}, 0);
  EXPECT_TRUE(report["ready"].get<bool>());
  for (const auto& [name, c] : by_name(report)) {
    EXPECT_EQ(c["state"], "running") << name;
    EXPECT_GT(c["rss_kib"].get<long>(), 0) << name;
    EXPECT_GT(c["port"].get<int>(), 0) << name;
  }
  std::cout << "STACK-BENCH status_rss_mib=" << report["total_rss_kib"].get<long>() / 1024 << std::endl;
}

TEST(StackE2E, EachRoleReachesOnlyItsOwnMetastoreDatabase) {
  const int pg = port("postgres");
  EXPECT_FALSE(stack::connection_error({pg, "metastore_spark35", "spark35", secret("spark35")}));
  EXPECT_FALSE(stack::connection_error({pg, "metastore_spark41", "spark41", secret("spark41")}));
  const auto denied = stack::connection_error({pg, "metastore_spark41", "spark35", secret("spark35")});
  ASSERT_TRUE(denied);
  EXPECT_NE(denied->find("permission denied"), std::string::npos) << *denied;
  EXPECT_TRUE(stack::connection_error({pg, "metastore_spark35", "spark41", secret("spark41")}));
  EXPECT_TRUE(stack::connection_error({pg, "postgres", "spark41", secret("spark41")}));
}

TEST(StackE2E, BatchJobOnSpark35UsesItsMasterMetastoreAndHistoryServer) {
  const auto home = kSource / ".tools" / "spark" / "3.5.7";
  const auto [rc, out] =
      shell("env -u PYTHONPATH SPARK_HOME=" + testing::shell_quote(home.string()) +
            " SPARK_CONF_DIR=" + testing::shell_quote((kState / "conf" / "3.5").string()) + " " +
            testing::shell_quote((home / "bin" / "spark-submit").string()) + " " +
            testing::shell_quote((kSource / "tests/e2e/jobs/batch_job.py").string()) + " e2e_spark35");
  ASSERT_EQ(rc, 0) << out.substr(out.size() > 4000 ? out.size() - 4000 : 0);
  const auto rec = job_record(out);
  ASSERT_TRUE(rec.is_object()) << out.substr(out.size() > 4000 ? out.size() - 4000 : 0);
  EXPECT_EQ(rec["spark_version"], "3.5.7");
  EXPECT_EQ(rec["master"], "spark://127.0.0.1:" + std::to_string(port("spark35.master")));
  EXPECT_EQ(rec["rows"], 1000);
  EXPECT_TRUE(fs::exists(kState / "warehouse" / "3.5" / "e2e_spark35"));
  EXPECT_EQ(history_lists(port("spark35.history"), rec["app_id"]), "3.5.7");
  EXPECT_EQ(metastore_tables("spark35", "metastore_spark35"), std::vector<std::string>{"e2e_spark35"});
}

TEST(StackE2E, ConnectSessionOnSpark41UsesItsMetastoreAndHistoryServer) {
  const auto python = kSource / ".tools" / "venv" / "bin" / "python";
  const auto [rc, out] = shell("env -u PYTHONPATH " + testing::shell_quote(python.string()) + " " +
                               testing::shell_quote((kSource / "tests/e2e/jobs/connect_job.py").string()) +
                               " " + std::to_string(port("spark41.connect")) + " e2e_spark41");
  ASSERT_EQ(rc, 0) << out;
  const auto rec = job_record(out);
  ASSERT_TRUE(rec.is_object()) << out;
  EXPECT_EQ(rec["spark_version"], "4.1.0");
  EXPECT_EQ(rec["rows"], 1000);
  EXPECT_TRUE(fs::exists(kState / "warehouse" / "4.1" / "e2e_spark41"));
  EXPECT_EQ(history_lists(port("spark41.history"), rec["app_id"]), "4.1.0");
  EXPECT_EQ(metastore_tables("spark41", "metastore_spark41"), std::vector<std::string>{"e2e_spark41"});
  // Nothing of one version lands in the other's metastore.
  EXPECT_EQ(metastore_tables("spark35", "metastore_spark35"), std::vector<std::string>{"e2e_spark35"});
}

TEST(StackE2E, CrashedDaemonIsReportedDownAndRestartedAlone) {
  const auto before = by_name(run_json({"status"}, 0));
  const auto worker_pid = before.at("spark35-worker")["pid"].get<pid_t>();
  ASSERT_EQ(::kill(worker_pid, SIGKILL), 0);
  for (int i = 0; i < 50 && stack::process_alive(worker_pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto crashed = by_name(run_json({"status"}, 3));
  EXPECT_EQ(crashed.at("spark35-worker")["state"], "down");
  EXPECT_EQ(crashed.at("spark35-master")["state"], "running");
  const auto restarted = by_name(run_json({"up"}, 0));
  for (const auto& [name, c] : restarted) {
    if (name == "spark35-worker") {
      EXPECT_EQ(c["state"], "started");
      EXPECT_NE(c["pid"], before.at(name)["pid"]);
    } else {
      EXPECT_EQ(c["state"], "running") << name;
      EXPECT_EQ(c["pid"], before.at(name)["pid"]) << name;
    }
    EXPECT_TRUE(c["ready"].get<bool>()) << name;
  }
}

TEST(StackE2E, DownStopsEverythingAndReleasesPorts) {
  const auto running = by_name(run_json({"status"}, 0));
  const auto ports = stack_file()["ports"];
  const auto report = by_name(run_json({"down"}, 0));
  for (const auto& [name, c] : report) EXPECT_EQ(c["state"], "stopped") << name;
  for (const auto& [name, c] : running) {
    EXPECT_FALSE(stack::process_alive(c["pid"].get<pid_t>())) << name << " still runs";
  }
  for (const auto& [key, p] : ports.items()) EXPECT_TRUE(stack::port_free(p.get<int>())) << key << " " << p;
  // Safe to run twice; data is kept; status says nothing runs.
  for (const auto& [name, c] : by_name(run_json({"down"}, 0))) EXPECT_EQ(c["state"], "not running") << name;
  EXPECT_TRUE(fs::exists(kState / "postgres" / "data" / "PG_VERSION"));
  EXPECT_FALSE(run_json({"status"}, 3)["ready"].get<bool>());
}

}  // namespace
}  // namespace sparkmv

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new sparkmv::e2e::ScenarioEnvironment);
  return RUN_ALL_TESTS();
}
