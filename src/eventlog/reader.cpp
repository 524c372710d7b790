#include "eventlog/reader.hpp"

#include <fmt/format.h>

#include <cstring>

#include "common/errors.hpp"
#include "eventlog/codec.hpp"

namespace sparkmv::eventlog {

namespace {

// Small enough to stay in L2 between read(2) filling it and the parser reading it.
constexpr std::size_t initial_buffer_bytes = std::size_t{256} << 10;

void note_malformed(ReadSummary& summary, const std::string& file, std::uint64_t line, std::string reason) {
  ++summary.malformed;
  if (summary.malformed_lines.size() < kept_malformed_lines) {
    summary.malformed_lines.push_back(MalformedLine{file, line, std::move(reason)});
  }
}

}  // namespace

std::string long_line_reason() {
  return fmt::format("line longer than {} bytes", max_line_bytes);
}

struct EventReader::State {
  simdjson::ondemand::parser parser{max_line_bytes};
  // Line buffer with simdjson's padding after `capacity`, so lines are parsed where they lie.
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;

  void grow(std::size_t to, std::size_t keep) {
    auto bigger = std::make_unique<char[]>(to + simdjson::SIMDJSON_PADDING);
    if (keep > 0) std::memcpy(bigger.get(), buffer.get(), keep);
    std::memset(bigger.get() + to, 0, simdjson::SIMDJSON_PADDING);
    buffer = std::move(bigger);
    capacity = to;
  }

  void parse_line(const char* begin, std::size_t length, std::uint64_t line, const std::string& file,
                  const EventHandler& on_event, ReadSummary& summary) {
    while (length > 0 && (begin[length - 1] == '\r' || begin[length - 1] == ' ')) --length;
    if (length == 0) return;
    // On-demand parsing reads only what is asked for, so a line cut short would otherwise pass unnoticed:
    // Spark writes every event as one object, so it must end in '}'.
    if (begin[length - 1] != '}') {
      note_malformed(summary, file, line, "not a complete JSON object");
      return;
    }
    const std::size_t room =
        static_cast<std::size_t>(buffer.get() + capacity - begin) + simdjson::SIMDJSON_PADDING;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object fields;
    std::string_view name;
    auto error = parser.iterate(begin, length, room).get(doc);
    if (!error) error = doc.get_object().get(fields);
    if (!error) error = fields.find_field_unordered("Event").get_string().get(name);
    if (error) {
      note_malformed(summary, file, line, simdjson::error_message(error));
      return;
    }
    ++summary.events;
    EventView view(event_type_of(name), name, line, std::string_view(begin, length), fields);
    on_event(view);
  }
};

EventReader::EventReader() : state_(std::make_unique<State>()) {
  state_->grow(initial_buffer_bytes, 0);
}
EventReader::~EventReader() = default;

void EventReader::read(ByteSource& decoded, const std::string& file, const EventHandler& on_event,
                       ReadSummary& summary) {
  State& s = *state_;
  std::size_t begin = 0;  // first byte of the pending (incomplete) line
  std::size_t end = 0;    // end of the bytes in the buffer
  std::uint64_t line = 0;
  bool skipping = false;  // inside an over-long line, dropping bytes until its newline
  for (;;) {
    if (begin > 0) {
      std::memmove(s.buffer.get(), s.buffer.get() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    if (end == s.capacity) {
      if (s.capacity * 2 <= max_line_bytes) {
        s.grow(s.capacity * 2, end);
      } else {
        if (!skipping) note_malformed(summary, file, line + 1, long_line_reason());
        skipping = true;
        end = 0;
      }
    }
    const std::size_t n = decoded.read(s.buffer.get() + end, s.capacity - end);
    if (n == 0) break;
    const char* const base = s.buffer.get();
    const char* p = base + end;  // only the new bytes can hold the next newline
    end += n;
    const char* const stop = base + end;
    const char* line_begin = base + begin;
    while (const void* found = std::memchr(p, '\n', static_cast<std::size_t>(stop - p))) {
      const char* newline = static_cast<const char*>(found);
      ++line;
      if (skipping) {
        skipping = false;
      } else {
        s.parse_line(line_begin, static_cast<std::size_t>(newline - line_begin), line, file, on_event,
                     summary);
      }
      line_begin = newline + 1;
      p = line_begin;
    }
    begin = static_cast<std::size_t>(line_begin - base);
  }
  summary.lines += line;
  // Spark ends every event with a newline: bytes after the last one are an event still being written.
  if (end > begin || skipping) summary.cut = true;
  if (decoded.ended_mid_frame()) summary.cut = true;
}

Codec readable_codec(const LogRef& log) {
  if (!log.error.empty()) throw InputError(log.error);
  const auto codec = log.codec.empty() ? std::optional<Codec>(Codec::none) : codec_from_name(log.codec);
  if (!codec) throw InputError(fmt::format("{}: unknown codec '{}'", log.path, log.codec));
  return *codec;
}

ReadSummary read_events(Storage& storage, const LogRef& log, const EventHandler& on_event) {
  const Codec codec = readable_codec(log);
  ReadSummary summary;
  EventReader reader;
  for (const auto& file : log.files) {
    auto decoded = make_decoder(codec, storage.open(file.path));
    reader.read(*decoded, file.path, on_event, summary);
  }
  return summary;
}

}  // namespace sparkmv::eventlog
