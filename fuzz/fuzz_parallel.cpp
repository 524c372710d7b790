// Differential fuzzing of the parallel reader: arbitrary text (seeded with real uncompressed Spark logs) is
// read as a log in order, and in parts on three threads (byte ranges, and decoded chunks as for a
// compressed file), with part sizes taken from the input; events, line numbers, the read summary and the
// run summary built on them must be the same, and nothing may crash or hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/json_output.hpp"
#include "analysis/summary.hpp"
#include "analysis/summary_parts.hpp"
#include "eventlog/memory_source.hpp"
#include "eventlog/parallel_reader.hpp"

using namespace sparkmv;
using namespace sparkmv::eventlog;

namespace {

// One file in memory; byte ranges only when `ranges` is set, so both ways of cutting a log run.
class OneFile final : public Storage {
 public:
  OneFile(std::string_view data, bool ranges) : data_(data), ranges_(ranges) {}
  StorageEntry stat(const std::string& path) override { return {path, path, false, data_.size(), {}, {}}; }
  std::vector<StorageEntry> list(const std::string&) override { return {}; }
  std::unique_ptr<ByteSource> open(const std::string& path) override {
    return std::make_unique<MemorySource>(data_, path, 4093);
  }
  std::unique_ptr<ByteSource> open_range(const std::string& path, std::uint64_t offset,
                                         std::uint64_t length) override {
    if (!ranges_) return nullptr;
    const auto from = std::min<std::uint64_t>(offset, data_.size());
    return std::make_unique<MemorySource>(
        data_.substr(from, std::min<std::uint64_t>(length, data_.size() - from)), path, 1021);
  }

 private:
  std::string_view data_;
  bool ranges_;
};

void require(bool ok) {
  if (!ok) std::abort();
}

struct Seen {
  std::vector<std::pair<std::uint64_t, std::string>> events;
  class Part final : public PartSink {
   public:
    void add(EventView& e) override { events.emplace_back(e.line(), std::string(e.name())); }
    std::vector<std::pair<std::uint64_t, std::string>> events;
  };
};

class Recording final : public PartConsumer {
 public:
  std::unique_ptr<PartSink> new_part() override { return std::make_unique<Seen::Part>(); }
  void merge(PartSink& part, std::uint64_t lines_before) override {
    for (const auto& [line, name] : static_cast<Seen::Part&>(part).events)
      events.emplace_back(line + lines_before, name);
  }
  std::vector<std::pair<std::uint64_t, std::string>> events;
};

void same(const ReadSummary& a, const ReadSummary& b) {
  require(a.events == b.events && a.lines == b.lines && a.malformed == b.malformed && a.cut == b.cut);
  require(a.malformed_lines.size() == b.malformed_lines.size());
  for (std::size_t i = 0; i < a.malformed_lines.size(); ++i)
    require(a.malformed_lines[i].line == b.malformed_lines[i].line &&
            a.malformed_lines[i].reason == b.malformed_lines[i].reason);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t part_bytes = 1 + data[0] * 7U;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  LogRef log;
  log.path = "fuzz";
  log.files.push_back(LogFile{"fuzz", text.size(), 0, false});
  log.size = text.size();

  OneFile sequential_storage(text, false);
  std::vector<std::pair<std::uint64_t, std::string>> in_order;
  analysis::SummaryBuilder builder;
  const auto want = read_events(sequential_storage, log, [&](EventView& e) {
    in_order.emplace_back(e.line(), std::string(e.name()));
    builder.add(e);
  });
  const auto want_summary = analysis::to_json(builder.finish());

  for (const bool ranges : {true, false}) {
    OneFile storage(text, ranges);
    Recording recording;
    same(want, read_in_parts(storage, log, recording, ReadOptions{3, part_bytes}));
    require(recording.events == in_order);
    std::vector<analysis::SummaryBuilder> builders(1);
    analysis::PartedSummary parted(builders);
    same(want, read_in_parts(storage, log, parted, ReadOptions{3, part_bytes}));
    require(analysis::to_json(builders.front().finish()) == want_summary);
  }
  return 0;
}
