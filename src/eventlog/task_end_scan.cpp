#include "eventlog/task_end_scan.hpp"

#include <array>
#include <cstring>
#include <limits>

namespace sparkmv::eventlog {

namespace {

// In JsonProtocol's order, so the usual key is found after few comparisons.
constexpr std::array<MetricField, 9> top_fields{{
    {"Executor Deserialize Time", &TaskMetrics::executor_deserialize_time},
    {"Executor Deserialize CPU Time", &TaskMetrics::executor_deserialize_cpu_time_ns},
    {"Executor CPU Time", &TaskMetrics::executor_cpu_time_ns},
    {"Peak Execution Memory", &TaskMetrics::peak_execution_memory},
    {"Result Size", &TaskMetrics::result_size},
    {"JVM GC Time", &TaskMetrics::jvm_gc_time},
    {"Result Serialization Time", &TaskMetrics::result_serialization_time},
    {"Memory Bytes Spilled", &TaskMetrics::memory_bytes_spilled},
    {"Disk Bytes Spilled", &TaskMetrics::disk_bytes_spilled},
}};
constexpr std::array<MetricField, 4> shuffle_read_fields{{
    {"Fetch Wait Time", &TaskMetrics::shuffle_fetch_wait_time},
    {"Remote Bytes Read", &TaskMetrics::shuffle_remote_bytes_read},
    {"Local Bytes Read", &TaskMetrics::shuffle_local_bytes_read},
    {"Total Records Read", &TaskMetrics::shuffle_records_read},
}};
constexpr std::array<MetricField, 3> shuffle_write_fields{{
    {"Shuffle Bytes Written", &TaskMetrics::shuffle_bytes_written},
    {"Shuffle Write Time", &TaskMetrics::shuffle_write_time_ns},
    {"Shuffle Records Written", &TaskMetrics::shuffle_records_written},
}};
constexpr std::array<MetricField, 2> input_fields{{
    {"Bytes Read", &TaskMetrics::input_bytes},
    {"Records Read", &TaskMetrics::input_records},
}};
constexpr std::array<MetricField, 2> output_fields{{
    {"Bytes Written", &TaskMetrics::output_bytes},
    {"Records Written", &TaskMetrics::output_records},
}};
constexpr std::array<MetricGroup, 4> groups{{
    {"Shuffle Read Metrics", shuffle_read_fields},
    {"Shuffle Write Metrics", shuffle_write_fields},
    {"Input Metrics", input_fields},
    {"Output Metrics", output_fields},
}};

// Every key of each object in the order JsonProtocol writes it (3.5 and 4.1), wanted or not. The scanner
// checks for the expected key in place before scanning for one, and a key's position in its list says what
// to do with its value. Keys in another order, or unknown, are still read, only more slowly.
constexpr std::array<std::string_view, 17> metrics_order{"Executor Deserialize Time",
                                                         "Executor Deserialize CPU Time",
                                                         "Executor Run Time",
                                                         "Executor CPU Time",
                                                         "Peak Execution Memory",
                                                         "Peak On Heap Execution Memory",
                                                         "Peak Off Heap Execution Memory",
                                                         "Result Size",
                                                         "JVM GC Time",
                                                         "Result Serialization Time",
                                                         "Memory Bytes Spilled",
                                                         "Disk Bytes Spilled",
                                                         "Shuffle Read Metrics",
                                                         "Shuffle Write Metrics",
                                                         "Input Metrics",
                                                         "Output Metrics",
                                                         "Updated Blocks"};
constexpr std::array<std::string_view, 9> shuffle_read_order{
    "Remote Blocks Fetched", "Local Blocks Fetched",      "Fetch Wait Time",
    "Remote Bytes Read",     "Remote Bytes Read To Disk", "Local Bytes Read",
    "Total Records Read",    "Remote Requests Duration",  "Push Based Shuffle"};
constexpr std::array<std::string_view, 9> push_based_shuffle_order{
    "Corrupt Merged Block Chunks", "Merged Fetch Fallback Count",  "Merged Remote Blocks Fetched",
    "Merged Local Blocks Fetched", "Merged Remote Chunks Fetched", "Merged Local Chunks Fetched",
    "Merged Remote Bytes Read",    "Merged Local Bytes Read",      "Merged Remote Requests Duration"};
constexpr std::array<std::string_view, 3> shuffle_write_order{"Shuffle Bytes Written", "Shuffle Write Time",
                                                              "Shuffle Records Written"};
constexpr std::array<std::string_view, 2> input_order{"Bytes Read", "Records Read"};
constexpr std::array<std::string_view, 2> output_order{"Bytes Written", "Records Written"};
constexpr std::array<std::string_view, 1> end_reason_order{"Reason"};

// The head: the top-level keys before "Task Metrics", and those of "Task Info". The general parser looks up
// each wanted key forward from the previous one; when the wanted keys come in this order, once each, it
// finds exactly the fields the scanner reads.
enum HeadKey {
  head_event,
  head_stage_id,
  head_stage_attempt_id,
  head_task_type,
  head_task_end_reason,
  head_task_info
};
constexpr std::array<std::string_view, 6> head_order{"Event",     "Stage ID",        "Stage Attempt ID",
                                                     "Task Type", "Task End Reason", "Task Info"};
enum TaskInfoKey {
  info_task_id,
  info_index,
  info_attempt,
  info_partition_id,
  info_launch_time,
  info_executor_id,
  info_host,
  info_locality,
  info_speculative,
  info_getting_result_time,
  info_finish_time,
  info_failed,
  info_killed,
  info_accumulables
};
constexpr std::array<std::string_view, 14> task_info_order{
    "Task ID",     "Index",  "Attempt",  "Partition ID", "Launch Time",
    "Executor ID", "Host",   "Locality", "Speculative",  "Getting Result Time",
    "Finish Time", "Failed", "Killed",   "Accumulables"};

// What the metrics fast path does with the value of a key, by the key's position in its order.
struct MetricAction {
  std::int64_t TaskMetrics::*slot = nullptr;  // keep this integer
  int group = -1;                             // read this group of `groups`
  bool run_time = false;                      // TaskEnd::executor_run_time
};

// Derived from the same tables the general parser uses (task_metrics_fields(), task_metrics_groups()).
template <std::size_t N>
constexpr std::array<MetricAction, N> actions_for(const std::array<std::string_view, N>& order,
                                                  std::span<const MetricField> fields, bool top) {
  std::array<MetricAction, N> actions{};
  for (std::size_t i = 0; i < N; ++i) {
    for (const auto& field : fields) {
      if (field.key == order[i]) actions[i].slot = field.slot;
    }
    if (!top) continue;
    if (order[i] == executor_run_time_key) actions[i].run_time = true;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].key == order[i]) actions[i].group = static_cast<int>(g);
    }
  }
  return actions;
}

constexpr auto metrics_actions = actions_for(metrics_order, top_fields, true);
constexpr auto shuffle_read_actions = actions_for(shuffle_read_order, shuffle_read_fields, false);
constexpr auto shuffle_write_actions = actions_for(shuffle_write_order, shuffle_write_fields, false);
constexpr auto input_actions = actions_for(input_order, input_fields, false);
constexpr auto output_actions = actions_for(output_order, output_fields, false);

// Each of `groups`, by the same index: its key order and what to do with each key.
struct GroupLayout {
  std::span<const std::string_view> order;
  std::span<const MetricAction> actions;
};
constexpr std::array<GroupLayout, 4> group_layouts{{
    {shuffle_read_order, shuffle_read_actions},
    {shuffle_write_order, shuffle_write_actions},
    {input_order, input_actions},
    {output_order, output_actions},
}};

// A wanted key missing from its order would be skipped as unknown when it came out of order: every key the
// general parser reads must be in the order of its object.
template <std::size_t N>
constexpr bool covers(const std::array<std::string_view, N>& order, std::span<const MetricField> fields) {
  for (const auto& field : fields) {
    bool found = false;
    for (const auto key : order) found = found || key == field.key;
    if (!found) return false;
  }
  return true;
}
static_assert(covers(metrics_order, top_fields));
static_assert(covers(metrics_order,
                     std::array{MetricField{executor_run_time_key, nullptr},
                                MetricField{groups[0].key, nullptr}, MetricField{groups[1].key, nullptr},
                                MetricField{groups[2].key, nullptr}, MetricField{groups[3].key, nullptr}}));
static_assert(covers(shuffle_read_order, groups[0].fields) && covers(shuffle_write_order, groups[1].fields) &&
              covers(input_order, groups[2].fields) && covers(output_order, groups[3].fields));

// The key as JsonProtocol writes it between the previous field and the object: `,"Task Metrics":`.
constexpr std::string_view metrics_key = ",\"Task Metrics\":";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Keys are a few words long: comparing eight bytes at a time inline beats calling memcmp.
bool bytes_equal(const char* a, const char* b, std::size_t n) {
  for (; n >= sizeof(std::uint64_t); n -= sizeof(std::uint64_t)) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a, sizeof x);
    std::memcpy(&y, b, sizeof y);
    if (x != y) return false;
    a += sizeof x;
    b += sizeof y;
  }
  for (; n > 0; --n) {
    if (*a++ != *b++) return false;
  }
  return true;
}

// Keys are looked up among a few names per field: sizes and first bytes rule out nearly all of them before a
// full comparison.
bool same_key(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || a.front() == b.front()) &&
         bytes_equal(a.data(), b.data(), a.size());
}

class CompactScanner {
 public:
  CompactScanner(const char* begin, const char* end) : p_(begin), end_(end) {}

  const char* position() const { return p_; }

  bool at(char c) const { return p_ != end_ && *p_ == c; }

  bool consume(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // True, past it, when `"expected":` is next.
  bool key_is(std::string_view expected) {
    const std::size_t n = expected.size();
    if (static_cast<std::size_t>(end_ - p_) < n + 3 || p_[0] != '"' || p_[n + 1] != '"' || p_[n + 2] != ':' ||
        !bytes_equal(p_ + 1, expected.data(), n))
      return false;
    p_ += n + 3;
    return true;
  }

  // `"name":`. Spark's keys have no escapes; one that does ends the fast path.
  bool key(std::string_view& name) { return plain_string(name) && consume(':'); }

  // A JSON integer that fits an int64 (exactly what simdjson's get_int64 accepts), followed by ',' or '}'.
  bool integer(std::int64_t& value) {
    const bool negative = consume('-');
    if (p_ == end_ || !is_digit(*p_)) return false;
    if (*p_ == '0' && p_ + 1 != end_ && is_digit(p_[1])) return false;  // leading zeros are not JSON
    constexpr int max_digits = 19;                                      // any 19 digits fit a uint64
    std::uint64_t magnitude = 0;
    int digits = 0;
    for (; p_ != end_ && is_digit(*p_); ++p_) {
      if (++digits > max_digits) return false;
      magnitude = magnitude * 10 + static_cast<std::uint64_t>(*p_ - '0');
    }
    constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (magnitude > (negative ? max + 1 : max)) return false;
    if (!negative)
      value = static_cast<std::int64_t>(magnitude);
    else if (magnitude == max + 1)
      value = std::numeric_limits<std::int64_t>::min();
    else
      value = -static_cast<std::int64_t>(magnitude);
    // A fraction or exponent makes it a double, which get_int64 refuses: leave that to the general parser.
    return followed_by_end_of_value();
  }

  // A string without escapes (then its bytes are its value, as simdjson's get_string would give them),
  // followed by ',' or '}'.
  bool string(std::string_view& value) { return plain_string(value) && followed_by_end_of_value(); }

  // `true` or `false`, followed by ',' or '}'.
  bool boolean(bool& value) {
    for (const bool candidate : {true, false}) {
      const std::string_view word = candidate ? "true" : "false";
      if (static_cast<std::size_t>(end_ - p_) >= word.size() && std::string_view(p_, word.size()) == word) {
        p_ += word.size();
        value = candidate;
        return followed_by_end_of_value();
      }
    }
    return false;
  }

  // Any value, without looking inside it: a literal, a string with escapes, or nested objects and arrays.
  // Ends on the ',' or '}' after the value. Iterative, so no input can exhaust the stack.
  bool skip_value() {
    if (p_ == end_ || *p_ == ',' || *p_ == '}' || *p_ == ']') return false;
    std::size_t depth = 0;
    while (p_ != end_) {
      const char c = *p_;
      if (depth == 0 && (c == ',' || c == '}' || c == ']')) return c != ']';
      ++p_;
      if (c == '"') {
        if (!skip_rest_of_string()) return false;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
    return false;
  }

 private:
  // `"text"` with no backslash inside: its bytes are its value. Keys and the strings read are a few bytes
  // long, so one inline pass beats calling memchr for the quote and again for a backslash.
  bool plain_string(std::string_view& text) {
    if (!consume('"')) return false;
    const char* const begin = p_;
    for (; p_ != end_; ++p_) {
      if (*p_ == '"') {
        text = std::string_view(begin, static_cast<std::size_t>(p_ - begin));
        ++p_;
        return true;
      }
      if (*p_ == '\\') return false;
    }
    return false;
  }

  // Compact JSON: a value ends right before the ',' or '}' that follows it.
  bool followed_by_end_of_value() const { return p_ != end_ && (*p_ == ',' || *p_ == '}'); }

  // After an opening quote: to just past the closing one, stepping over escapes. The strings skipped in a
  // task end are short (names, hosts), so a plain loop beats calling memchr.
  bool skip_rest_of_string() {
    while (p_ != end_) {
      const char c = *p_++;
      if (c == '"') return true;
      if (c == '\\') {
        if (p_ == end_) return false;
        ++p_;
      }
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

// What to do after a field: read the next one, stop reading the object there, or give up.
enum class Step { next, stop, fail };

Step step(bool ok) {
  return ok ? Step::next : Step::fail;
}

// `{...}` at the cursor. Each field goes to `on_field(name, position)`, `position` being the key's place in
// `order` (-1 when it is not there), which must read its value and say what next. True when the object
// ended or `on_field` stopped.
template <typename OnField>
bool read_fields(CompactScanner& s, std::span<const std::string_view> order, OnField&& on_field) {
  if (!s.consume('{')) return false;
  if (s.consume('}')) return true;
  std::size_t expected = 0;  // where in `order` the next key should be
  do {
    std::string_view name;
    int position = -1;
    if (expected < order.size() && s.key_is(order[expected])) {
      name = order[expected];
      position = static_cast<int>(expected++);
    } else {
      if (!s.key(name)) return false;
      for (std::size_t i = 0; i < order.size(); ++i) {
        if (same_key(order[i], name)) {
          position = static_cast<int>(i);
          expected = i + 1;
        }
      }
    }
    const Step next = on_field(name, position);
    if (next == Step::fail) return false;
    if (next == Step::stop) return true;
  } while (s.consume(','));
  return s.consume('}');
}

// The whole object at the cursor, each field read by `on_field` (true when it read the value).
template <typename OnField>
bool read_object(CompactScanner& s, std::span<const std::string_view> order, OnField&& on_field) {
  return read_fields(s, order,
                     [&](std::string_view name, int position) { return step(on_field(name, position)); });
}

// Wanted keys must come in the order of their positions, once each.
class InOrder {
 public:
  // False when `position` comes at or before a wanted key already seen.
  bool accept(int position) {
    if (position <= last_) return false;
    last_ = position;
    ++seen_;
    return true;
  }
  int seen() const { return seen_; }

 private:
  int last_ = -1;
  int seen_ = 0;
};

// "Task Info" up to its "Accumulables", which JsonProtocol writes after every scalar.
bool read_task_info(CompactScanner& s, TaskEnd& end) {
  constexpr int wanted =
      8;  // Task ID, Attempt, Launch Time, Executor ID, Speculative, Finish Time, Failed, Killed
  InOrder order;
  bool stopped = false;
  const bool ok = read_fields(s, task_info_order, [&](std::string_view, int position) {
    switch (position) {
      case info_accumulables:
        stopped = true;
        return Step::stop;
      case info_task_id:
        return step(order.accept(position) && s.integer(end.task_id));
      case info_attempt:
        return step(order.accept(position) && s.integer(end.attempt));
      case info_launch_time:
        return step(order.accept(position) && s.integer(end.launch_time));
      case info_executor_id:
        return step(order.accept(position) && s.string(end.executor_id));
      case info_speculative:
        return step(order.accept(position) && s.boolean(end.speculative));
      case info_finish_time:
        return step(order.accept(position) && s.integer(end.finish_time));
      case info_failed:
        return step(order.accept(position) && s.boolean(end.failed));
      case info_killed:
        return step(order.accept(position) && s.boolean(end.killed));
      default:
        return step(s.skip_value());
    }
  });
  // Stopping early is safe only when nothing wanted can follow.
  return ok && (!stopped || order.seen() == wanted);
}

bool read_end_reason(CompactScanner& s, TaskEnd& end) {
  bool found = false;
  return read_object(s, end_reason_order, [&](std::string_view, int position) {
    if (position == 0 && !found) {
      found = true;  // the general parser takes the first
      return s.string(end.end_reason);
    }
    return s.skip_value();
  });
}

// A value not needed: an object of known layout is stepped through key by key (faster than skipping it
// byte by byte), anything else skipped.
bool skip_field_value(CompactScanner& s, std::string_view name) {
  if (same_key(name, "Push Based Shuffle") && s.at('{'))
    return read_object(s, push_based_shuffle_order, [&](std::string_view, int) { return s.skip_value(); });
  return s.skip_value();
}

bool read_metric_value(CompactScanner& s, std::string_view name, const MetricAction* action,
                       std::int64_t& run_time, TaskMetrics& m);

bool read_group(CompactScanner& s, const GroupLayout& layout, std::int64_t& run_time, TaskMetrics& m) {
  return read_object(s, layout.order, [&](std::string_view name, int position) {
    const auto* action = position < 0 ? nullptr : &layout.actions[static_cast<std::size_t>(position)];
    return read_metric_value(s, name, action, run_time, m);
  });
}

bool read_metric_value(CompactScanner& s, std::string_view name, const MetricAction* action,
                       std::int64_t& run_time, TaskMetrics& m) {
  if (action == nullptr) return skip_field_value(s, name);  // not one of JsonProtocol's keys
  if (action->run_time) return s.integer(run_time);
  if (action->slot != nullptr) return s.integer(m.*(action->slot));
  if (action->group >= 0)
    return read_group(s, group_layouts[static_cast<std::size_t>(action->group)], run_time, m);
  return skip_field_value(s, name);
}

bool read_metrics_object(CompactScanner& s, std::int64_t& run_time, TaskMetrics& m) {
  return read_object(s, metrics_order, [&](std::string_view name, int position) {
    const auto* action = position < 0 ? nullptr : &metrics_actions[static_cast<std::size_t>(position)];
    return read_metric_value(s, name, action, run_time, m);
  });
}

// The '{' after the last `,"Task Metrics":` of the line, or nullptr. Inside a JSON string a quote is always
// escaped, so `,"` never occurs there: every match is a real key. Searching back for '{' visits only the
// few objects after it.
const char* find_last_metrics_object(std::string_view line) {
  const char* const begin = line.data();
  std::size_t before = line.size();
  while (const void* found = ::memrchr(begin, '{', before)) {
    const char* const brace = static_cast<const char*>(found);
    before = static_cast<std::size_t>(brace - begin);
    if (before >= metrics_key.size() &&
        std::string_view(brace - metrics_key.size(), metrics_key.size()) == metrics_key)
      return brace;
  }
  return nullptr;
}

}  // namespace

std::span<const MetricField> task_metrics_fields() {
  return top_fields;
}

std::span<const MetricGroup> task_metrics_groups() {
  return groups;
}

bool read_task_end_head(std::string_view line, TaskEnd& end) {
  constexpr int wanted = 4;  // Stage ID, Stage Attempt ID, Task End Reason, Task Info
  CompactScanner s(line.data(), line.data() + line.size());
  InOrder order;
  bool done = false;
  const bool ok = read_fields(s, head_order, [&](std::string_view name, int position) {
    switch (position) {
      case head_stage_id:
        return step(order.accept(position) && s.integer(end.stage_id));
      case head_stage_attempt_id:
        return step(order.accept(position) && s.integer(end.stage_attempt));
      case head_task_end_reason:
        return step(order.accept(position) && read_end_reason(s, end));
      case head_task_info:
        // The last of the four: the head ends with it.
        done = order.accept(position) && order.seen() == wanted && read_task_info(s, end);
        return done ? Step::stop : Step::fail;
      default:
        // The general parser would look for "Task Metrics" from here on: it must not come before "Task Info".
        if (same_key(name, "Task Metrics")) return Step::fail;
        return step(s.skip_value());
    }
  });
  return ok && done;
}

bool read_trailing_task_metrics(std::string_view line, TaskEnd& end) {
  if (line.empty() || line.back() != '}') return false;
  const char* const object = find_last_metrics_object(line);
  if (object == nullptr) return false;
  // The object must close just before the event's own '}': then it is the event's last top-level field (a
  // key nested deeper would be followed by more than one closing bracket).
  const char* const last = line.data() + line.size() - 1;
  CompactScanner s(object, last);
  std::int64_t run_time = 0;
  TaskMetrics metrics;
  if (!read_metrics_object(s, run_time, metrics) || s.position() != last) return false;
  end.executor_run_time = run_time;
  end.metrics = metrics;
  end.has_metrics = true;
  return true;
}

}  // namespace sparkmv::eventlog
