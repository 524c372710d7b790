#pragma once
// Reads one log on several threads. The log is cut into parts that begin and end on line boundaries: an
// uncompressed file where storage can read a range (open_range) is cut into byte ranges, each read by its
// worker on its own; anything else (a compressed file, storage read front to back) is decoded by one thread
// that hands line-aligned chunks of decoded text to the workers, so parsing, the costly part, still runs on
// every core. Each part goes to a PartSink of its own on a worker thread; sinks are merged on the calling
// thread in log order, so a consumer that folds events in order gets what one pass in order gives.
// Line numbers and the ReadSummary are those read_events() reports for the same log.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "eventlog/layout.hpp"
#include "eventlog/reader.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::eventlog {

struct ReadOptions {
  unsigned jobs = 0;  // worker threads; 0: all cores
  // Bytes per part (at most 2 MiB for the decoded text of a compressed log, which is held until read).
  // Large parts keep the per-part cost (a sink, a merge) out of sight; tests make them tiny so that every
  // fixture is cut in many places.
  std::size_t part_bytes = std::size_t{8} << 20;
};

// The worker threads `options` asks for: its jobs, or all cores for 0.
unsigned worker_count(const ReadOptions& options);

// Receives the events of one part, on the worker thread that reads it. Event views and their line numbers
// are those of the part: lines count from 1 at the part's first line.
class PartSink {
 public:
  virtual ~PartSink() = default;
  virtual void add(EventView& event) = 0;
};

class PartConsumer {
 public:
  virtual ~PartConsumer() = default;
  // A sink for the next part; called on the thread that cuts the log, one part at a time.
  virtual std::unique_ptr<PartSink> new_part() = 0;
  // Folds a filled sink in, in log order, on the calling thread; `lines_before` is how many lines of its
  // file came before the part.
  virtual void merge(PartSink& part, std::uint64_t lines_before) = 0;
};

// Every event of `log` through `consumer`. Throws what read_events() throws for the same log (the first
// error in log order, naming the same file and byte offset); no thread outlives the call.
ReadSummary read_in_parts(Storage& storage, const LogRef& log, PartConsumer& consumer,
                          const ReadOptions& options);

}  // namespace sparkmv::eventlog
