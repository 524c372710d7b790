#include "eventlog/scan.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "framing.hpp"

namespace sparkmv::eventlog {
namespace {

using testing::sample_log;

// The layout of the guide: one prefix per version, with a mix of everything Spark writes.
struct Tree {
  testing::TempDir dir;
  Tree() {
    dir.write("3.5/events/local-1", sample_log("3.5.7", "local-1"));
    dir.write("3.5/events/local-2.lz4", testing::lz4_block_stream(sample_log("3.5.7", "local-2")));
    dir.write("3.5/events/local-3.inprogress", sample_log("3.5.7", "local-3", false));
    dir.write("3.5/events/local-4", sample_log("4.1.0", "local-4"));  // misplaced
    const std::string rolled = "4.1/events/eventlog_v2_local-5/";
    const std::string log = sample_log("4.1.0", "local-5", true, 200);
    const auto half = log.find('\n', log.size() / 2) + 1;
    dir.write(rolled + "events_1_local-5.zstd", testing::zstd_frames(log.substr(0, half)));
    dir.write(rolled + "events_2_local-5.zstd", testing::zstd_frames(log.substr(half)));
    dir.write(rolled + "appstatus_local-5", "");
    dir.write("4.1/events/local-6.snappy", "garbage that is not snappy");
    dir.write("4.1/events/local-7", sample_log("4.1.0", "local-7", false));  // finished without an end event
  }
};

const ScanEntry& entry(const ScanResult& result, std::string_view id) {
  for (const auto& e : result.logs) {
    if (e.path.find(id) != std::string::npos) return e;
  }
  throw std::runtime_error("no entry for " + std::string(id));
}

TEST(Scan, ReportsVersionLayoutCodecStatusAndPlacement) {
  Tree tree;
  auto storage = local_storage();
  ScanOptions options;
  options.threads = 2;
  const auto result = scan_locations(*storage, {tree.dir.path().string()}, options);
  ASSERT_EQ(result.logs.size(), 7U);

  const auto& plain = entry(result, "local-1");
  EXPECT_EQ(plain.spark_version, "3.5.7");
  EXPECT_EQ(plain.app_name, "sample \"app\"");
  EXPECT_EQ(plain.status, LogStatus::complete);
  EXPECT_EQ(plain.expected_version, "3.5");
  EXPECT_FALSE(plain.misplaced);

  EXPECT_EQ(entry(result, "local-2").codec, "lz4");
  EXPECT_EQ(entry(result, "local-2").status, LogStatus::complete);
  EXPECT_EQ(entry(result, "local-3").status, LogStatus::in_progress);
  EXPECT_TRUE(entry(result, "local-4").misplaced);

  const auto& rolled = entry(result, "local-5");
  EXPECT_EQ(rolled.layout, Layout::rolling);
  EXPECT_EQ(rolled.files, 2U);
  EXPECT_EQ(rolled.events, 206U);
  EXPECT_EQ(rolled.status, LogStatus::complete);

  const auto& bad = entry(result, "local-6");
  EXPECT_EQ(bad.status, LogStatus::unreadable);
  EXPECT_NE(bad.error.find("local-6.snappy: byte 0: bad snappy-java stream magic"), std::string::npos)
      << bad.error;

  EXPECT_EQ(entry(result, "local-7").status, LogStatus::incomplete);
  EXPECT_TRUE(result.has_findings());
}

TEST(Scan, MissingAndUnreadableLocationsAreReportedAndTheRestScanned) {
  Tree tree;
  auto storage = local_storage();
  const auto result = scan_locations(*storage, {"/nonexistent/logs", (tree.dir.path() / "3.5").string()}, {});
  ASSERT_EQ(result.logs.size(), 5U);
  EXPECT_EQ(result.logs[0].status, LogStatus::unreadable);
  EXPECT_NE(result.logs[0].error.find("/nonexistent/logs"), std::string::npos);
  if (::geteuid() != 0) {  // root reads anything
    const auto path = tree.dir.write("3.5/events/local-9", sample_log("3.5.7", "local-9"));
    ::chmod(path.c_str(), 0);
    const auto again = scan_locations(*storage, {path}, {});
    EXPECT_NE(again.logs[0].error.find("Permission denied"), std::string::npos);
  }
}

TEST(Scan, UnknownCodecExtensionOnANamedFile) {
  testing::TempDir dir;
  const auto path = dir.write("logs/local-1.gz", "x");
  auto storage = local_storage();
  const auto result = scan_locations(*storage, {path}, {});
  ASSERT_EQ(result.logs.size(), 1U);
  EXPECT_EQ(result.logs[0].error, path + ": unknown codec 'gz'");
}

struct Run {
  int code;
  std::string out;
};

Run run_cli(const std::string& arguments) {
  Run run{0, ""};
  FILE* pipe = ::popen((std::string(SPARKMV_BINARY) + " " + arguments + " 2>/dev/null").c_str(), "r");
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) run.out.append(buffer, n);
  run.code = WEXITSTATUS(::pclose(pipe));
  return run;
}

TEST(EventsScanCli, TableAndJsonAndExitCodes) {
  Tree tree;
  const auto all = run_cli("events scan " + tree.dir.path().string());
  EXPECT_EQ(all.code, 1);
  EXPECT_NE(all.out.find("MISPLACED"), std::string::npos);
  EXPECT_NE(all.out.find("EVT001"), std::string::npos);

  const auto clean =
      run_cli("events scan -o json " + (tree.dir.path() / "4.1/events/eventlog_v2_local-5").string());
  EXPECT_EQ(clean.code, 0);
  const auto json = nlohmann::json::parse(clean.out);
  ASSERT_EQ(json["logs"].size(), 1U);
  EXPECT_EQ(json["logs"][0]["spark_version"], "4.1.0");
  EXPECT_EQ(json["logs"][0]["layout"], "rolling");
  EXPECT_EQ(json["logs"][0]["codec"], "zstd");
  EXPECT_EQ(json["logs"][0]["status"], "complete");

  // An override can move the expectation: the 3.5 directory declared as 4.1 makes its 3.5 logs misplaced.
  const auto moved = run_cli("events scan -o json --expect " + (tree.dir.path() / "3.5").string() + "=4.1 " +
                             (tree.dir.path() / "3.5/events/local-1").string());
  EXPECT_EQ(moved.code, 1);
  EXPECT_EQ(nlohmann::json::parse(moved.out)["logs"][0]["misplaced"], true);

  EXPECT_EQ(run_cli("events scan --expect nonsense " + tree.dir.path().string()).code, 2);
  EXPECT_EQ(run_cli("events scan").code, 2);
}

}  // namespace
}  // namespace sparkmv::eventlog
