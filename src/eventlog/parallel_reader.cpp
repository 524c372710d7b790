#include "eventlog/parallel_reader.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "eventlog/memory_source.hpp"

namespace sparkmv::eventlog {

namespace {

// Enough to find the end of a typical line in one read when looking for a range's boundary.
constexpr std::size_t probe_bytes = std::size_t{64} << 10;
// How much the cutting thread asks its decoder for at a time.
constexpr std::size_t decode_step = std::size_t{256} << 10;
// Decoded text parts stay smaller than ranges: their bytes are held from cut to read, a window of them.
constexpr std::size_t max_text_part_bytes = std::size_t{2} << 20;
// Read text parts' buffers kept for the next parts: enough that the cutting thread rarely waits for fresh
// memory, few enough that memory stays the window's.
constexpr std::size_t max_spare_buffers = 2;

// Growable bytes without std::vector's zero-filling: decoded text is written over right away.
struct Text {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  std::size_t capacity = 0;

  void reserve(std::size_t n) {
    if (n <= capacity) return;
    const std::size_t to = std::max(n, capacity * 2);
    auto bigger = std::make_unique_for_overwrite<char[]>(to);
    if (size > 0) std::memcpy(bigger.get(), data.get(), size);
    data = std::move(bigger);
    capacity = to;
  }
};

enum class PartKind {
  range,      // bytes [offset, offset + length) of an uncompressed file, read by the worker
  text,       // decoded lines, cut by the decoding thread
  long_line,  // a line longer than max_line_bytes, dropped as the sequential reader drops it
  error,      // cutting failed here: what read_events() would have thrown at this point
};

struct Part {
  PartKind kind = PartKind::range;
  std::size_t file = 0;  // index into the log's files
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  Text text;
  bool newline_found = false;  // long_line: the line ended before the file did
  bool cut_after = false;      // the file's decoder stopped inside a frame after this part
  std::unique_ptr<PartSink> sink;
  // Written by the worker.
  ReadSummary read;
  std::exception_ptr error;
  bool done = false;
};

// One log's parts from the cutting thread through the workers to the merge on the calling thread. The
// window bounds the parts between cut and merged, and so the memory held: text parts carry their bytes.
class Pipeline {
 public:
  Pipeline(Storage& storage, const LogRef& log, Codec codec, PartConsumer& consumer,
           const ReadOptions& options)
      : storage_(storage),
        log_(log),
        codec_(codec),
        consumer_(consumer),
        part_bytes_(std::max<std::size_t>(options.part_bytes, 1)),
        text_part_bytes_(std::min(part_bytes_, max_text_part_bytes)),
        workers_(worker_count(options)),
        window_(2 * static_cast<std::size_t>(workers_) + 2) {}

  ReadSummary run() {
    std::vector<std::jthread> threads;
    struct Stop {
      Pipeline& p;
      std::vector<std::jthread>& threads;
      ~Stop() {
        p.stop();
        threads.clear();  // joins
      }
    } stop_on_exit{*this, threads};
    threads.emplace_back([this] { cut_all(); });
    for (unsigned i = 0; i < workers_; ++i) threads.emplace_back([this] { work(); });
    return merge_all();
  }

 private:
  void stop() {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    changed_.notify_all();
  }

  // --- the cutting thread ---

  // False once the pipeline stops: the part is dropped and cutting ends.
  bool emit(std::unique_ptr<Part> part) {
    part->sink = consumer_.new_part();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopping_ || parts_.size() < window_; });
    if (stopping_) return false;
    if (part->kind == PartKind::error) part->done = true;
    parts_.push_back(std::move(part));
    changed_.notify_all();
    return true;
  }

  void cut_all() {
    try {
      for (std::size_t i = 0; i < log_.files.size(); ++i) {
        if (!cut_file(i)) break;
      }
    } catch (...) {
      auto failed = std::make_unique<Part>();
      failed->kind = PartKind::error;
      failed->error = std::current_exception();
      emit(std::move(failed));
    }
    const std::lock_guard lock(mutex_);
    cutting_done_ = true;
    changed_.notify_all();
  }

  bool cut_file(std::size_t index) {
    const auto& file = log_.files[index];
    if (codec_ == Codec::none) {
      // Opening here, in order, also makes a missing file fail where the sequential reader fails.
      if (storage_.open_range(file.path, 0, 0) != nullptr) return cut_ranges(index);
    }
    return cut_decoded(index, *make_decoder(codec_, storage_.open(file.path)));
  }

  // Where the line holding byte `at` ends (just past its newline); nullopt when the file ends first.
  std::optional<std::uint64_t> line_end(const std::string& path, std::uint64_t at) {
    const auto source = storage_.open_range(path, at, Storage::to_end);
    probe_.resize(probe_bytes);
    while (const std::size_t n = source->read(probe_.data(), probe_.size())) {
      if (const void* newline = std::memchr(probe_.data(), '\n', n))
        return at + static_cast<std::uint64_t>(static_cast<const char*>(newline) - probe_.data()) + 1;
      at += n;
    }
    return std::nullopt;
  }

  // Ranges of about part_bytes, each ending just past a newline. The last reads to the end of the file as
  // it is then, like the sequential reader, even if the file grew since it was listed.
  bool cut_ranges(std::size_t index) {
    const auto& file = log_.files[index];
    std::uint64_t start = 0;
    for (;;) {
      auto part = std::make_unique<Part>();
      part->kind = PartKind::range;
      part->file = index;
      part->offset = start;
      part->length = Storage::to_end;
      std::optional<std::uint64_t> end;
      if (file.size > start && file.size - start > part_bytes_)
        end = line_end(file.path, start + part_bytes_ - 1);
      if (end) part->length = *end - start;
      if (!emit(std::move(part))) return false;
      if (!end) return true;
      start = *end;
    }
  }

  // A text part with room for its bytes and a read step, in a buffer a merged part gave back when there is
  // one: fresh memory costs a page fault per page, and growing a buffer copies it.
  std::unique_ptr<Part> text_part(std::size_t index) {
    auto part = std::make_unique<Part>();
    part->kind = PartKind::text;
    part->file = index;
    {
      const std::lock_guard lock(mutex_);
      if (!spare_.empty()) {
        part->text = std::move(spare_.back());
        spare_.pop_back();
        part->text.size = 0;
      }
    }
    part->text.reserve(text_part_bytes_ + decode_step);
    return part;
  }

  // Decoded text cut after the last newline once a part holds text_part_bytes_. A part always begins at a
  // line start, so a line that fills max_line_bytes without a newline is one the sequential reader drops too.
  bool cut_decoded(std::size_t index, ByteSource& decoded) {
    auto part = text_part(index);
    std::size_t complete = 0;  // bytes of `part` up to and including its last newline
    for (;;) {
      Text& text = part->text;
      if (complete == 0 && text.size >= max_line_bytes) {
        const Dropped dropped = drop_long_line(index, decoded, part);
        if (dropped != Dropped::more) return dropped == Dropped::file_ended;
        complete = last_newline_end(part->text, 0);
        continue;
      }
      const std::size_t step =
          complete == 0 ? std::min(decode_step, max_line_bytes - text.size) : decode_step;
      text.reserve(text.size + step);
      const std::size_t n = decoded.read(text.data.get() + text.size, step);
      if (n == 0) {
        part->cut_after = decoded.ended_mid_frame();
        return emit(std::move(part));
      }
      const std::size_t before = text.size;
      text.size += n;
      if (const std::size_t end = last_newline_end(text, before); end > 0) complete = end;
      if (complete > 0 && text.size >= text_part_bytes_) {
        auto next = text_part(index);
        carry_tail(text, complete, next->text);
        complete = 0;
        if (!emit(std::move(part))) return false;
        part = std::move(next);
      }
    }
  }

  // Just past the last newline in text[from, size), or 0 when there is none.
  static std::size_t last_newline_end(const Text& text, std::size_t from) {
    const void* newline = ::memrchr(text.data.get() + from, '\n', text.size - from);
    return newline == nullptr
               ? 0
               : static_cast<std::size_t>(static_cast<const char*>(newline) - text.data.get()) + 1;
  }

  // Moves text[from, size) to `to` and cuts `text` there.
  static void carry_tail(Text& text, std::size_t from, Text& to) {
    const std::size_t tail = text.size - from;
    to.reserve(tail);
    if (tail > 0) std::memcpy(to.data.get(), text.data.get() + from, tail);
    to.size = tail;
    text.size = from;
  }

  enum class Dropped { more, file_ended, stopping };

  // `part` holds only the start of an over-long line: it becomes a long_line part, the rest of the line is
  // read and dropped, and `part` starts again with what follows the line's newline.
  Dropped drop_long_line(std::size_t index, ByteSource& decoded, std::unique_ptr<Part>& part) {
    auto dropped = std::make_unique<Part>();
    dropped->kind = PartKind::long_line;
    dropped->file = index;
    auto next = text_part(index);
    Text& scratch = part->text;  // its bytes are dropped: reuse the buffer to read into
    for (;;) {
      const std::size_t n = decoded.read(scratch.data.get(), scratch.capacity);
      if (n == 0) {
        dropped->cut_after = decoded.ended_mid_frame();
        return emit(std::move(dropped)) ? Dropped::file_ended : Dropped::stopping;
      }
      if (const void* found = std::memchr(scratch.data.get(), '\n', n)) {
        const auto after = static_cast<std::size_t>(static_cast<const char*>(found) - scratch.data.get()) + 1;
        scratch.size = n;
        carry_tail(scratch, after, next->text);
        dropped->newline_found = true;
        part = std::move(next);
        return emit(std::move(dropped)) ? Dropped::more : Dropped::stopping;
      }
    }
  }

  // --- the workers ---

  void work() {
    EventReader reader;
    for (;;) {
      Part* part = nullptr;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || claimed_ < parts_.size() || cutting_done_; });
        if (stopping_ || claimed_ == parts_.size()) return;
        part = parts_[claimed_++].get();
        // An error part is done when cut: the merge may take it at any moment, so it is never touched here.
        if (part->done) continue;
      }
      try {
        read_part(reader, *part);
      } catch (...) {
        part->error = std::current_exception();
      }
      const std::lock_guard lock(mutex_);
      part->done = true;
      changed_.notify_all();
    }
  }

  void read_part(EventReader& reader, Part& part) {
    const std::string& file = log_.files[part.file].path;
    const EventHandler to_sink = [&](EventView& event) { part.sink->add(event); };
    switch (part.kind) {
      case PartKind::range: {
        const auto source = storage_.open_range(file, part.offset, part.length);
        reader.read(*source, file, to_sink, part.read);
        break;
      }
      case PartKind::text: {
        MemorySource source(std::string_view(part.text.data.get(), part.text.size), file);
        reader.read(source, file, to_sink, part.read);
        // The bytes are read: the buffer goes back for a later part rather than waiting for the merge.
        Text done = std::move(part.text);
        part.text = Text{};
        const std::lock_guard lock(mutex_);
        if (spare_.size() < max_spare_buffers) spare_.push_back(std::move(done));
        break;
      }
      case PartKind::long_line:
        part.read.malformed = 1;
        part.read.malformed_lines.push_back(MalformedLine{file, 1, long_line_reason()});
        part.read.lines = part.newline_found ? 1 : 0;
        part.read.cut = !part.newline_found;
        break;
      case PartKind::error:  // never handed to read_part (work() skips it)
        break;
    }
    if (part.cut_after) part.read.cut = true;
  }

  // --- the calling thread ---

  ReadSummary merge_all() {
    ReadSummary total;
    std::size_t file = SIZE_MAX;
    std::uint64_t lines_before = 0;
    for (;;) {
      std::unique_ptr<Part> part;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] {
          return (!parts_.empty() && parts_.front()->done) || (parts_.empty() && cutting_done_);
        });
        if (parts_.empty()) break;
        part = std::move(parts_.front());
        parts_.pop_front();
        if (claimed_ > 0) --claimed_;  // an error part is done without a worker
        changed_.notify_all();
      }
      if (part->error) std::rethrow_exception(part->error);
      if (part->file != file) {
        file = part->file;
        lines_before = 0;
      }
      fold(total, part->read, lines_before);
      consumer_.merge(*part->sink, lines_before);
      lines_before += part->read.lines;
    }
    return total;
  }

  static void fold(ReadSummary& total, const ReadSummary& part, std::uint64_t lines_before) {
    total.events += part.events;
    total.lines += part.lines;
    total.malformed += part.malformed;
    for (const auto& line : part.malformed_lines) {
      if (total.malformed_lines.size() == kept_malformed_lines) break;
      total.malformed_lines.push_back(MalformedLine{line.file, line.line + lines_before, line.reason});
    }
    total.cut = total.cut || part.cut;
  }

  Storage& storage_;
  const LogRef& log_;
  const Codec codec_;
  PartConsumer& consumer_;
  const std::size_t part_bytes_;
  const std::size_t text_part_bytes_;
  const unsigned workers_;
  const std::size_t window_;
  std::vector<char> probe_;  // the cutting thread's

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Part>> parts_;  // cut and not yet merged, in log order
  std::vector<Text> spare_;                  // buffers of text parts already read
  std::size_t claimed_ = 0;                  // parts_[0, claimed_) have gone to workers
  bool cutting_done_ = false;
  bool stopping_ = false;
};

}  // namespace

unsigned worker_count(const ReadOptions& options) {
  return options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
}

ReadSummary read_in_parts(Storage& storage, const LogRef& log, PartConsumer& consumer,
                          const ReadOptions& options) {
  const Codec codec = readable_codec(log);
  Pipeline pipeline(storage, log, codec, consumer, options);
  return pipeline.run();
}

}  // namespace sparkmv::eventlog
