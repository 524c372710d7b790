// The fast paths for task ends (read_task_end_head, read_trailing_task_metrics) must take every task end real
// Spark wrote, give exactly what the general on-demand parser gives, and give up on anything else.
#include "eventlog/task_end_scan.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "eventlog/layout.hpp"
#include "eventlog/memory_source.hpp"
#include "eventlog/reader.hpp"

namespace sparkmv::eventlog {
namespace {

const std::filesystem::path fixtures = std::filesystem::path(SPARKMV_FIXTURES_DIR) / "eventlogs";

// Everything as_task_end reads from "Task Metrics", flattened for comparison.
std::vector<std::int64_t> metrics_of(const TaskEnd& t) {
  const auto& m = t.metrics;
  return {t.has_metrics ? 1 : 0,
          t.executor_run_time,
          m.executor_deserialize_time,
          m.executor_deserialize_cpu_time_ns,
          m.executor_cpu_time_ns,
          m.peak_execution_memory,
          m.result_size,
          m.jvm_gc_time,
          m.result_serialization_time,
          m.memory_bytes_spilled,
          m.disk_bytes_spilled,
          m.shuffle_remote_bytes_read,
          m.shuffle_local_bytes_read,
          m.shuffle_records_read,
          m.shuffle_fetch_wait_time,
          m.shuffle_bytes_written,
          m.shuffle_records_written,
          m.shuffle_write_time_ns,
          m.input_bytes,
          m.input_records,
          m.output_bytes,
          m.output_records};
}

// Everything as_task_end reads before "Task Metrics".
std::string head_of(const TaskEnd& t) {
  return std::to_string(t.stage_id) + "/" + std::to_string(t.stage_attempt) + " task " +
         std::to_string(t.task_id) + " attempt " + std::to_string(t.attempt) + " on " +
         std::string(t.executor_id) + " " + std::to_string(t.launch_time) + "-" +
         std::to_string(t.finish_time) + " " + std::string(t.end_reason) +
         (t.speculative ? " speculative" : "") + (t.failed ? " failed" : "") + (t.killed ? " killed" : "");
}

struct Read {
  bool task_end = false;
  std::string head;
  std::vector<std::int64_t> metrics;
  bool operator==(const Read&) const = default;
};

void PrintTo(const Read& r, std::ostream* os) {
  *os << (r.task_end ? r.head : "no task end") << " metrics";
  for (const auto v : r.metrics) *os << " " << v;
}

// as_task_end over one line, read the way the reader hands it to analyses.
Read task_end_of(const std::string& line) {
  const std::string text = line + "\n";
  MemorySource source(text, "line");
  EventReader reader;
  ReadSummary summary;
  Read got;
  reader.read(
      source, "line",
      [&](EventView& e) {
        if (const auto t = as_task_end(e)) got = Read{true, head_of(*t), metrics_of(*t)};
      },
      summary);
  return got;
}

// The same line with a space after each key the fast paths look for first: valid JSON they refuse, so the
// general parser reads it.
std::string for_general_parser(std::string line) {
  for (const std::string key : {"\"Task Metrics\":", "\"Stage ID\":"}) {
    const auto at = line.rfind(key);
    if (at != std::string::npos) line.insert(at + key.size(), " ");
  }
  return line;
}

std::vector<std::string> fixture_task_ends() {
  std::vector<std::string> lines;
  auto storage = local_storage();
  for (const char* dir : {"3.5/events", "4.1/events", "4.1-running/events"}) {
    const auto path = fixtures / dir;
    if (!std::filesystem::exists(path)) continue;
    for (const auto& log : discover_logs(*storage, path.string())) {
      if (!log.error.empty()) continue;
      read_events(*storage, log, [&](EventView& e) {
        if (e.type() == EventType::task_end) lines.emplace_back(e.json());
      });
    }
  }
  return lines;
}

TEST(TaskEndFastPaths, TakeEveryRealTaskEndAndAgreeWithTheGeneralParser) {
  const auto lines = fixture_task_ends();
  ASSERT_GT(lines.size(), 100U);
  std::size_t with_metrics = 0;
  for (const auto& line : lines) {
    TaskEnd direct;
    EXPECT_TRUE(read_task_end_head(line, direct)) << line.substr(0, 300);
    const bool metrics_taken = read_trailing_task_metrics(line, direct);
    if (line.find("\"Task Metrics\":{") != std::string::npos) {
      EXPECT_TRUE(metrics_taken) << line.substr(0, 300);
      ++with_metrics;
    }
    const auto general = task_end_of(for_general_parser(line));
    ASSERT_TRUE(general.task_end) << line.substr(0, 300);
    EXPECT_EQ(task_end_of(line), general) << line.substr(0, 300);
    EXPECT_EQ(head_of(direct), general.head);
    if (metrics_taken) {
      EXPECT_EQ(metrics_of(direct), general.metrics);
    }
  }
  EXPECT_GT(with_metrics, 100U);
}

TEST(TaskEndFastPaths, ReadGroupsAndSkipWhatTheyDoNotNeed) {
  const std::string line =
      R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Stage Attempt ID":2,"Task Type":"ResultTask",)"
      R"("Task End Reason":{"Reason":"ExceptionFailure","Description":"a \"quoted\" {trace}","Reason":"x"},)"
      R"("Task Info":{"Task ID":7,"Index":3,"Attempt":1,"Launch Time":10,"Executor ID":"exec-1","Host":"h",)"
      R"("Speculative":true,"Finish Time":20,"Failed":true,"Killed":false,)"
      R"("Accumulables":[{"Name":"}{\"Task Metrics\":{"}],"Task ID":8},)"
      R"("Task Metrics":{"Executor Run Time":5,"Executor CPU Time":-9223372036854775808,)"
      R"("Shuffle Read Metrics":{"Remote Bytes Read":2,"Local Bytes Read":3,"Push Based Shuffle":{"x":1}},)"
      R"("Shuffle Write Metrics":{"Shuffle Bytes Written":7},"Unknown":[true,null,"a\"]}"],)"
      R"("Updated Blocks":[{"Block ID":"rdd_1_0","Status":{"Storage Level":{"Use Disk":false}}}]}})";
  TaskEnd t;
  ASSERT_TRUE(read_task_end_head(line, t));
  EXPECT_EQ(head_of(t), "1/2 task 7 attempt 1 on exec-1 10-20 ExceptionFailure speculative failed");
  ASSERT_TRUE(read_trailing_task_metrics(line, t));
  EXPECT_TRUE(t.has_metrics);
  EXPECT_EQ(t.executor_run_time, 5);
  EXPECT_EQ(t.metrics.executor_cpu_time_ns, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(t.metrics.shuffle_remote_bytes_read, 2);
  EXPECT_EQ(t.metrics.shuffle_local_bytes_read, 3);
  EXPECT_EQ(t.metrics.shuffle_bytes_written, 7);
  EXPECT_EQ(task_end_of(line), task_end_of(for_general_parser(line)));
}

struct Refused {
  std::string name;
  std::string line;
};

void PrintTo(const Refused& r, std::ostream* os) {
  *os << r.name;
}

// Each of these is left to the general parser, and as_task_end still gives what that parser gives.
class MetricsFastPathRefuses : public ::testing::TestWithParam<Refused> {};
class HeadFastPathRefuses : public ::testing::TestWithParam<Refused> {};

TEST_P(MetricsFastPathRefuses, AndLeavesTheTaskEndAlone) {
  const auto& line = GetParam().line;
  TaskEnd t;
  t.executor_run_time = 42;
  t.metrics.input_bytes = 43;
  EXPECT_FALSE(read_trailing_task_metrics(line, t));
  EXPECT_EQ(t.executor_run_time, 42);
  EXPECT_EQ(t.metrics.input_bytes, 43);
  EXPECT_FALSE(t.has_metrics);
  EXPECT_EQ(task_end_of(line), task_end_of(for_general_parser(line)));
}

TEST_P(HeadFastPathRefuses, AndTheGeneralParserReadsTheHead) {
  const auto& line = GetParam().line;
  TaskEnd t;
  EXPECT_FALSE(read_task_end_head(line, t));
  EXPECT_EQ(task_end_of(line), task_end_of(for_general_parser(line)));
}

std::string task_end_with(const std::string& metrics) {
  return R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Task Metrics":)" + metrics + "}";
}

std::string task_end_head(const std::string& info) {
  return R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Stage Attempt ID":0,"Task End Reason":{"Reason":"Success"},)"
         R"("Task Info":)" +
         info + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, MetricsFastPathRefuses,
    ::testing::Values(
        Refused{"no_metrics",
                R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Task Info":{"Task ID":1},"Task Metrics")"
                R"(:null})"},
        Refused{"space_after_colon", task_end_with(R"({"Executor Run Time": 5})")},
        Refused{"fraction", task_end_with(R"({"Executor Run Time":1.5})")},
        Refused{"exponent", task_end_with(R"({"Executor Run Time":1e3})")},
        Refused{"leading_zero", task_end_with(R"({"Executor Run Time":01})")},
        Refused{"too_big", task_end_with(R"({"Executor Run Time":9223372036854775808})")},
        Refused{"twenty_digits", task_end_with(R"({"Executor Run Time":10000000000000000000})")},
        Refused{"string_value", task_end_with(R"({"Executor Run Time":"5"})")},
        Refused{"group_not_object", task_end_with(R"({"Input Metrics":[1]})")},
        Refused{"escaped_key", task_end_with(R"({"Executor\u0020Run Time":5})")},
        Refused{"not_last",
                R"({"Event":"SparkListenerTaskEnd","Task Metrics":{"Executor Run Time":5},"X":1})"},
        Refused{
            "nested_deeper",
            R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"X":{"a":1,"Task Metrics":{"Result Size":5}}})"},
        Refused{"unclosed", task_end_with(R"({"Executor Run Time":5)")},
        Refused{"unterminated_string", task_end_with(R"({"Updated Blocks":["abc})")},
        Refused{"empty_value", task_end_with(R"({"Executor Run Time":,"Result Size":1})")}));

INSTANTIATE_TEST_SUITE_P(
    Layouts, HeadFastPathRefuses,
    ::testing::Values(
        Refused{"no_stage", R"({"Event":"SparkListenerTaskEnd","Task Info":{"Task ID":1}})"},
        Refused{
            "no_attempt",
            R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Task End Reason":{},"Task Info":{"Task ID":1}})"},
        Refused{"stage_not_int", R"({"Event":"SparkListenerTaskEnd","Stage ID":"1","Task Info":{}})"},
        Refused{"out_of_order",
                R"({"Event":"SparkListenerTaskEnd","Stage Attempt ID":0,"Stage ID":1,"Task End Reason":{},)"
                R"("Task Info":{}})"},
        Refused{"twice", R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Stage ID":2,"Task Info":{}})"},
        Refused{"info_out_of_order", task_end_head(R"({"Attempt":1,"Task ID":2,"Accumulables":[]})")},
        Refused{
            "info_missing_before_accumulables",
            task_end_head(R"({"Task ID":2,"Accumulables":[],"Attempt":1,"Launch Time":1,"Executor ID":"e",)"
                          R"("Speculative":false,"Finish Time":2,"Failed":false,"Killed":false})")},
        Refused{"escaped_executor", task_end_head(R"({"Executor ID":"a\"b"})")},
        Refused{"bool_not_bool", task_end_head(R"({"Failed":1})")},
        Refused{"reason_not_string",
                R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Stage Attempt ID":0,"Task End Reason":)"
                R"({"Reason":{"a":1}},"Task Info":{}})"},
        Refused{"metrics_before_info",
                R"({"Event":"SparkListenerTaskEnd","Stage ID":1,"Stage Attempt ID":0,"Task End Reason":{},)"
                R"("Task Metrics":{"Result Size":1},"Task Info":{},"Task Metrics":{"Result Size":2}})"},
        Refused{"head_space", R"({"Event":"SparkListenerTaskEnd", "Stage ID":1})"}));

TEST(TaskEndFastPaths, AnEmptyMetricsObjectIsMetricsOfZero) {
  TaskEnd t;
  ASSERT_TRUE(read_trailing_task_metrics(task_end_with("{}"), t));
  EXPECT_TRUE(t.has_metrics);
  TaskEnd zero;
  zero.has_metrics = true;
  EXPECT_EQ(metrics_of(t), metrics_of(zero));
}

TEST(TaskEndFastPaths, AHeadWithoutAccumulablesEndsWithTaskInfo) {
  const auto line = task_end_head(R"({"Task ID":3,"Failed":true})");  // the views point into it
  TaskEnd t;
  ASSERT_TRUE(read_task_end_head(line, t));
  EXPECT_EQ(t.task_id, 3);
  EXPECT_TRUE(t.failed);
  EXPECT_EQ(t.end_reason, "Success");
}

}  // namespace
}  // namespace sparkmv::eventlog
