// Process supervision on real short-lived processes: exit codes, logs, pid files, liveness, stopping.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "stack/net.hpp"
#include "stack/process.hpp"
#include "support/process.hpp"

namespace sparkmv::stack {
namespace {

class StackProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sparkmv-stack-process-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  LaunchSpec shell(const std::string& script) {
    LaunchSpec spec;
    spec.argv = {"/bin/sh", "-c", script};
    spec.env = environment_with({{"SPARKMV_TEST", "yes"}});
    spec.cwd = dir_;
    spec.log = dir_ / "log";
    return spec;
  }
  std::filesystem::path dir_;
};

TEST_F(StackProcess, RunsToCompletionWithEnvironmentAndLog) {
  EXPECT_EQ(run_to_completion(shell("echo $SPARKMV_TEST; pwd; exit 3"), std::chrono::seconds(10), "sh"), 3);
  const auto log = testing::slurp(dir_ / "log");
  EXPECT_EQ(log, "yes\n" + dir_.string() + "\n");
  EXPECT_EQ(tail_of(dir_ / "log", 1), dir_.string() + "\n");
}

TEST_F(StackProcess, TimeoutKillsTheChild) {
  EXPECT_THROW(run_to_completion(shell("sleep 30"), std::chrono::milliseconds(200), "sleep"), std::exception);
}

TEST_F(StackProcess, PidFilesLivenessAndStop) {
  Child child(shell("exec sleep 30"));
  write_pid_file(dir_ / "x.pid", child.pid());
  ASSERT_EQ(read_pid_file(dir_ / "x.pid"), child.pid());
  EXPECT_TRUE(process_alive(child.pid()));
  // /bin/sh execs sleep: the command line changes once exec happened.
  for (int i = 0; i < 50 && !process_matches(child.pid(), "sleep 30"); ++i) ::usleep(20000);
  EXPECT_TRUE(process_matches(child.pid(), "sleep 30"));
  EXPECT_FALSE(process_matches(child.pid(), "org.apache.spark"));
  EXPECT_GT(rss_kib(child.pid()), 0);
  EXPECT_TRUE(stop_process(child.pid(), SIGTERM, std::chrono::seconds(5)));
  EXPECT_FALSE(process_alive(child.pid()));
  EXPECT_FALSE(read_pid_file(dir_ / "missing.pid"));
}

TEST(StackNet, FreePortsAreDistinctAndBindable) {
  const auto ports = free_ports(5);
  ASSERT_EQ(ports.size(), 5u);
  for (const int p : ports) EXPECT_TRUE(port_free(p));
  EXPECT_FALSE(tcp_connects(ports.front(), std::chrono::milliseconds(200)));
  EXPECT_EQ(
      http_get("http://127.0.0.1:" + std::to_string(ports.front()) + "/", std::chrono::milliseconds(500))
          .status,
      0);
}

}  // namespace
}  // namespace sparkmv::stack
