#pragma once
// Reads an application's log event by event: decodes each file with its codec, splits lines in a bounded
// buffer, parses each line with simdjson on-demand and hands the caller an EventView. Memory is bounded by
// the longest line, never by the file size.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eventlog/byte_source.hpp"
#include "eventlog/codec.hpp"
#include "eventlog/event.hpp"
#include "eventlog/layout.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::eventlog {

struct MalformedLine {
  std::string file;
  std::uint64_t line = 0;
  std::string reason;
};

struct ReadSummary {
  std::uint64_t events = 0;
  std::uint64_t lines = 0;                     // newline-terminated lines, events or not
  std::uint64_t malformed = 0;                 // lines that are not an event; reading went on
  std::vector<MalformedLine> malformed_lines;  // the first few, for the report
  bool cut = false;  // the log ends inside a codec frame or a line: a log still being written, or cut off
};

using EventHandler = std::function<void(EventView&)>;

// Lines longer than this are reported as malformed and skipped; it bounds the reader's memory.
inline constexpr std::size_t max_line_bytes = std::size_t{256} << 20;
// What the report says of such a line.
std::string long_line_reason();
// How many malformed lines a ReadSummary names; it counts them all.
inline constexpr std::size_t kept_malformed_lines = 20;

// Reads decoded JSON lines; reuse one for many streams to reuse its buffers.
class EventReader {
 public:
  EventReader();
  ~EventReader();
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  // Calls `on_event` for every event of the stream; `file` names it in malformed-line reports.
  void read(ByteSource& decoded, const std::string& file, const EventHandler& on_event, ReadSummary& summary);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The codec of a log that can be read; throws InputError for a log that could not be listed or an unknown
// codec.
Codec readable_codec(const LogRef& log);

// Every event of `log`, in order across its files. Throws InputError (file and byte offset) when a file
// cannot be opened, has an unknown codec, or a frame is corrupt.
ReadSummary read_events(Storage& storage, const LogRef& log, const EventHandler& on_event);

}  // namespace sparkmv::eventlog
