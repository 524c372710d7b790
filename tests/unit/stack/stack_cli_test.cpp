// `sparkmv up | down | status` as scripts see them, without starting anything.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/process.hpp"

namespace sparkmv {
namespace {

using testing::run_sparkmv;

TEST(StackCli, HelpAndBadUsage) {
  for (const auto* command : {"up", "down", "status"}) {
    const auto help = run_sparkmv({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("--state-dir"), std::string::npos) << command;
  }
  const auto bad_port = run_sparkmv({"up", "--port", "nosuch=1"});
  EXPECT_EQ(bad_port.exit_code, 2);
  EXPECT_NE(bad_port.err.find("unknown port key 'nosuch'"), std::string::npos) << bad_port.err;
  EXPECT_EQ(run_sparkmv({"up", "--state-dir", "/tmp/has space"}).exit_code, 2);
}

TEST(StackCli, StatusAndDownWithoutAStack) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("sparkmv-no-stack-" + std::to_string(::getpid()));
  const auto status = run_sparkmv({"status", "--state-dir", dir.string()});
  EXPECT_EQ(status.exit_code, 3);
  EXPECT_NE(status.out.find("no stack in"), std::string::npos);
  const auto down = run_sparkmv({"down", "--state-dir", dir.string()});
  EXPECT_EQ(down.exit_code, 0);
  EXPECT_NE(down.out.find("nothing to stop"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace sparkmv
