#include "eventlog/layout.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "eventlog/topology.hpp"
#include "framing.hpp"

namespace sparkmv::eventlog {
namespace {

TEST(LogFileName, PartsAsSparkReadsThem) {
  const auto a = parse_log_file_name("app-20240101-0001_1.zstd.inprogress");
  EXPECT_EQ(a.base, "app-20240101-0001_1");
  EXPECT_EQ(a.codec, "zstd");
  EXPECT_TRUE(a.in_progress);
  const auto b = parse_log_file_name("events_3_local-1.lz4.compact");
  EXPECT_EQ(b.codec, "lz4");
  EXPECT_TRUE(b.compacted);
  EXPECT_FALSE(b.in_progress);
  const auto c = parse_log_file_name("local-1");
  EXPECT_EQ(c.codec, "");
}

TEST(LogFileName, WhichFilesAreSingleLogs) {
  EXPECT_TRUE(is_single_log_name("local-1"));
  EXPECT_TRUE(is_single_log_name("local-1.inprogress"));
  EXPECT_TRUE(is_single_log_name("spark-abc_1.snappy"));
  EXPECT_FALSE(is_single_log_name("expected.json"));
  EXPECT_FALSE(is_single_log_name(".local-1.crc"));
}

TEST(Discover, RollingDirectoryKeepsOrderAndDropsWhatACompactSupersedes) {
  testing::TempDir dir;
  const std::string d = "eventlog_v2_app-1/";
  for (const char* f : {"events_1_app-1.zstd", "events_2_app-1.zstd", "events_2_app-1.zstd.compact",
                        "events_3_app-1.zstd", "events_10_app-1.zstd", "appstatus_app-1.inprogress"}) {
    dir.write(d + f, "x");
  }
  auto storage = local_storage();
  const auto logs = discover_logs(*storage, dir.path().string());
  ASSERT_EQ(logs.size(), 1U);
  const auto& log = logs[0];
  EXPECT_EQ(log.layout, Layout::rolling);
  EXPECT_EQ(log.codec, "zstd");
  EXPECT_EQ(log.name_id, "app-1");
  EXPECT_TRUE(log.in_progress);
  std::vector<std::uint64_t> indexes;
  for (const auto& f : log.files) indexes.push_back(f.index);
  EXPECT_EQ(indexes, (std::vector<std::uint64_t>{2, 3, 10}));
  EXPECT_TRUE(log.files[0].compacted);
  ASSERT_EQ(log.problems.size(), 1U);
  EXPECT_EQ(log.problems[0], "events_4 missing");
}

TEST(Discover, WalksDirectoriesAndSkipsOtherFiles) {
  testing::TempDir dir;
  dir.write("3.5/events/local-1", "x");
  dir.write("3.5/events/local-2_1.lz4.inprogress", "x");
  dir.write("3.5/events/.local-3.crc", "x");
  dir.write("3.5/README.md", "x");
  dir.write("4.1/events/eventlog_v2_local-4/events_1_local-4", "x");
  auto storage = local_storage();
  const auto logs = discover_logs(*storage, dir.path().string());
  ASSERT_EQ(logs.size(), 3U);
  EXPECT_EQ(logs[1].codec, "lz4");
  EXPECT_TRUE(logs[1].in_progress);
  EXPECT_EQ(logs[2].layout, Layout::rolling);
  EXPECT_EQ(logs[2].problems, (std::vector<std::string>{"no appstatus marker"}));
  // Naming a file inside a rolling directory means the whole log.
  const auto one =
      discover_logs(*storage, (dir.path() / "4.1/events/eventlog_v2_local-4/events_1_local-4").string());
  ASSERT_EQ(one.size(), 1U);
  EXPECT_EQ(one[0].layout, Layout::rolling);
}

TEST(Discover, MissingLocationIsAnInputError) {
  auto storage = local_storage();
  EXPECT_THROW(discover_logs(*storage, "/nonexistent/sparkmv/logs"), InputError);
}

TEST(Topology, VersionComponentNamesThePrefix) {
  Topology none;
  EXPECT_EQ(expected_version(none, "s3a://spark-logs/3.5/events/app-1"), "3.5");
  EXPECT_EQ(expected_version(none, "/data/4.1/events/eventlog_v2_app-1"), "4.1");
  EXPECT_EQ(expected_version(none, "/data/events/app-1"), std::nullopt);
  EXPECT_EQ(expected_version(none, "/data/4.1/archive/3.5/app-1"), "3.5");
}

TEST(Topology, ExplicitPrefixesWinLongestFirst) {
  Topology t;
  t.prefixes.push_back(parse_prefix_version("/logs=3.5"));
  t.prefixes.push_back(parse_prefix_version("/logs/new/=4.1"));
  EXPECT_EQ(expected_version(t, "/logs/app-1"), "3.5");
  EXPECT_EQ(expected_version(t, "/logs/new/app-1"), "4.1");
  EXPECT_EQ(expected_version(t, "/logsx/app-1"), std::nullopt);
  EXPECT_THROW(parse_prefix_version("/logs=latest"), InputError);
  EXPECT_EQ(major_minor("3.5.7"), "3.5");
  EXPECT_EQ(major_minor("4.1.0-SNAPSHOT"), "4.1");
}

}  // namespace
}  // namespace sparkmv::eventlog
