// The parallel reader against the sequential one: every event with its line number, the read summary
// (malformed lines and where they are, a cut log) and every error must be the same, on every log real Spark
// wrote and on broken copies of them. Parts are forced small, so each log is cut in many places.
#include "eventlog/parallel_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <vector>

#include "common/errors.hpp"
#include "eventlog/s3/s3_storage.hpp"
#include "framing.hpp"

namespace sparkmv::eventlog {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const fs::path fixtures = fs::path(SPARKMV_FIXTURES_DIR) / "eventlogs";

struct Seen {
  std::uint64_t line;
  std::string event;
  bool operator==(const Seen&) const = default;
};

// Records what each part saw; the merge puts the parts' events in log order with file line numbers.
class Recording final : public PartConsumer {
 public:
  class Part final : public PartSink {
   public:
    void add(EventView& event) override { seen.push_back({event.line(), std::string(event.name())}); }
    std::vector<Seen> seen;
  };
  std::unique_ptr<PartSink> new_part() override { return std::make_unique<Part>(); }
  void merge(PartSink& part, std::uint64_t lines_before) override {
    ++parts;
    for (const auto& s : static_cast<Part&>(part).seen) all.push_back({s.line + lines_before, s.event});
  }
  std::vector<Seen> all;
  std::size_t parts = 0;
};

struct Outcome {
  std::vector<Seen> events;
  ReadSummary read;
  std::string error;
  std::size_t parts = 0;
};

Outcome sequential(const LogRef& log) {
  auto storage = local_storage();
  Outcome out;
  try {
    out.read = read_events(*storage, log, [&](EventView& e) {
      out.events.push_back({e.line(), std::string(e.name())});
    });
  } catch (const InputError& e) {
    out.error = e.what();
  }
  return out;
}

Outcome parallel(const LogRef& log, std::size_t part_bytes, unsigned jobs = 3) {
  auto storage = local_storage();
  Recording recording;
  Outcome out;
  try {
    out.read = read_in_parts(*storage, log, recording, ReadOptions{jobs, part_bytes});
  } catch (const InputError& e) {
    out.error = e.what();
  }
  out.events = recording.all;
  out.parts = recording.parts;
  return out;
}

void expect_same(const Outcome& want, const Outcome& got, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(got.error, want.error);
  if (!want.error.empty()) return;  // a failed read's partial results are dropped by every caller
  EXPECT_EQ(got.events, want.events);
  EXPECT_EQ(got.read.events, want.read.events);
  EXPECT_EQ(got.read.lines, want.read.lines);
  EXPECT_EQ(got.read.malformed, want.read.malformed);
  EXPECT_EQ(got.read.cut, want.read.cut);
  ASSERT_EQ(got.read.malformed_lines.size(), want.read.malformed_lines.size());
  for (std::size_t i = 0; i < want.read.malformed_lines.size(); ++i) {
    EXPECT_EQ(got.read.malformed_lines[i].file, want.read.malformed_lines[i].file);
    EXPECT_EQ(got.read.malformed_lines[i].line, want.read.malformed_lines[i].line);
    EXPECT_EQ(got.read.malformed_lines[i].reason, want.read.malformed_lines[i].reason);
  }
}

std::vector<LogRef> every_fixture_log() {
  auto storage = local_storage();
  return discover_logs(*storage, fixtures.string());
}

TEST(ParallelReader, EveryFixtureReadsAsSequentiallyWithPartsOfAnySize) {
  const auto logs = every_fixture_log();
  ASSERT_GE(logs.size(), 20U);
  for (const auto& log : logs) {
    const auto want = sequential(log);
    ASSERT_EQ(want.error, "") << log.path;
    ASSERT_GT(want.events.size(), 0U) << log.path;
    for (const std::size_t part_bytes : {std::size_t{1}, std::size_t{777}, std::size_t{64} << 10}) {
      const auto got = parallel(log, part_bytes);
      expect_same(want, got, log.path + " in parts of " + std::to_string(part_bytes));
      // Small parts really cut the log: the parallel path ran, not one part per file.
      if (part_bytes == 1) {
        EXPECT_GT(got.parts, log.files.size()) << log.path;
      }
    }
    expect_same(want, parallel(log, 4096, 1), log.path + " on one worker");
  }
}

// A fixture's file, with `edit` applied, as a log of its own.
LogRef edited_copy(const TempDir& dir, const LogRef& log, const std::string& name,
                   const std::function<std::string(std::string)>& edit) {
  auto storage = local_storage();
  const auto& file = log.files.front();
  const auto text = edit(testing::read_file(file.path));
  const auto path = dir.write(name + (log.codec.empty() ? "" : "." + log.codec), text);
  return discover_logs(*storage, path).front();
}

TEST(ParallelReader, BrokenCopiesFailOrDegradeAsSequentially) {
  const TempDir dir;
  int n = 0;
  for (const auto& log : every_fixture_log()) {
    if (log.files.empty()) continue;
    const auto size = log.files.front().size;
    const std::vector<std::pair<std::string, std::function<std::string(std::string)>>> edits{
        {"cut in half", [](std::string s) { return s.substr(0, s.size() / 2); }},
        {"cut 7 bytes short", [](std::string s) { return s.substr(0, s.size() > 7 ? s.size() - 7 : 0); }},
        {"a byte changed at two thirds",
         [](std::string s) {
           if (!s.empty()) s[s.size() * 2 / 3] ^= 0x5a;
           return s;
         }},
        {"garbage lines inserted",
         [](std::string s) {
           for (std::size_t at = s.size() / 5; at < s.size(); at += s.size() / 5 + 1) {
             const auto line_start = s.find('\n', at);
             if (line_start == std::string::npos) break;
             s.insert(line_start + 1, "not json\n{\"Event\":\n\n");
           }
           return s;
         }},
    };
    for (const auto& [what, edit] : edits) {
      const auto copy = edited_copy(dir, log, "log-" + std::to_string(n++), edit);
      const auto want = sequential(copy);
      for (const std::size_t part_bytes : {std::size_t{1}, std::size_t{1000}, std::size_t(size / 3 + 1)})
        expect_same(want, parallel(copy, part_bytes), log.path + ", " + what);
    }
  }
}

TEST(ParallelReader, AMissingFileFailsWhereTheSequentialReaderFails) {
  const TempDir dir;
  auto storage = local_storage();
  auto log = discover_logs(*storage, dir.write("app-1", testing::sample_log("3.5.7", "app-1"))).front();
  log.files.push_back(LogFile{(dir.path() / "gone").string(), 10, 2, false});
  const auto want = sequential(log);
  ASSERT_NE(want.error, "");
  expect_same(want, parallel(log, 100), "a file removed after listing");
}

TEST(ParallelReader, CodecsCutAnywhereAndALastLineWithoutNewline) {
  const TempDir dir;
  auto storage = local_storage();
  std::string text = testing::sample_log("4.1.0", "app-2", true, 400);
  text += R"({"Event":"SparkListenerTaskEnd","Stage ID":1)";  // still being written
  const std::vector<std::pair<std::string, std::string>> files{
      {"app-2", text},
      {"app-2.zstd", testing::zstd_frames(text, 999)},
      {"app-2.lz4", testing::lz4_block_stream(text, 4096, false)},
      {"app-2.lzf", testing::lzf_chunks(text, 3000)},
      {"app-2.snappy", testing::snappy_java_stream(text, 5000)},
  };
  for (const auto& [name, content] : files) {
    const auto path = dir.write(name, content);
    const auto ref = discover_logs(*storage, path).front();
    const auto want = sequential(ref);
    ASSERT_EQ(want.error, "") << name;
    EXPECT_TRUE(want.read.cut) << name;
    for (const std::size_t part_bytes : {std::size_t{1}, std::size_t{333}, std::size_t{10000}})
      expect_same(want, parallel(ref, part_bytes), name);
  }
}

// The commands read through storage_for(), which sends local paths to the file system: local files must
// still be cut into ranges read by each worker, not decoded front to back by one thread.
TEST(ParallelReader, TheCommandsStorageReadsRangesOfLocalFiles) {
  const TempDir dir;
  const auto path = dir.write("app-3", "0123456789\n");
  const auto storage = s3::storage_for({});
  const auto range = storage->open_range(path, 3, 4);
  ASSERT_NE(range, nullptr);
  std::string got(10, '\0');
  got.resize(range->read(got.data(), got.size()));
  EXPECT_EQ(got, "3456");
}

TEST(ParallelReader, ConsumerErrorsStopEveryThread) {
  class Failing final : public PartConsumer {
   public:
    std::unique_ptr<PartSink> new_part() override { return std::make_unique<Recording::Part>(); }
    void merge(PartSink&, std::uint64_t) override {
      if (++merged == 3) throw InputError("stop here");
    }
    int merged = 0;
  };
  const auto logs = every_fixture_log();
  auto storage = local_storage();
  Failing failing;
  EXPECT_THROW(read_in_parts(*storage, logs.front(), failing, ReadOptions{2, 1}), InputError);
  EXPECT_EQ(failing.merged, 3);
}

}  // namespace
}  // namespace sparkmv::eventlog
