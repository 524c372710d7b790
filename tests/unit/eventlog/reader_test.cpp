#include "eventlog/reader.hpp"

#include <gtest/gtest.h>

#include "eventlog/memory_source.hpp"
#include "framing.hpp"

namespace sparkmv::eventlog {
namespace {

struct Seen {
  std::vector<EventType> types;
  std::vector<std::uint64_t> lines;
  ReadSummary summary;
};

Seen read_text(
    std::string_view text, std::size_t max_read = SIZE_MAX, const EventHandler& extra = [](EventView&) {}) {
  MemorySource source(text, "app-1", max_read);
  EventReader reader;
  Seen seen;
  reader.read(
      source, "app-1",
      [&](EventView& e) {
        seen.types.push_back(e.type());
        seen.lines.push_back(e.line());
        extra(e);
      },
      seen.summary);
  return seen;
}

TEST(EventReader, DeliversEveryEventWithTypeAndLine) {
  const auto seen = read_text(testing::sample_log("3.5.7", "app-1", true, 3), 5);
  ASSERT_EQ(seen.types.size(), 9U);
  EXPECT_EQ(seen.types.front(), EventType::log_start);
  EXPECT_EQ(seen.types[2], EventType::application_start);
  EXPECT_EQ(seen.types[4], EventType::task_end);
  EXPECT_EQ(seen.types.back(), EventType::application_end);
  EXPECT_EQ(seen.lines.back(), 9U);
  EXPECT_EQ(seen.summary.malformed, 0U);
  EXPECT_FALSE(seen.summary.cut);
}

TEST(EventReader, MalformedLinesAreCountedWithTheirNumbersAndSkipped) {
  const std::string text =
      "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.7\"}\n"
      "not json at all\n"
      "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":1\n"
      "{\"No Event\":1}\n"
      "\n"
      "{\"Event\":\"SparkListenerMiscellaneousProcessAdded\",\"x\":{\"y\":[1,2]}}\r\n"
      "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":1}\n";
  const auto seen = read_text(text);
  EXPECT_EQ(seen.types,
            (std::vector<EventType>{EventType::log_start, EventType::other, EventType::application_end}));
  EXPECT_EQ(seen.lines, (std::vector<std::uint64_t>{1, 6, 7}));
  EXPECT_EQ(seen.summary.malformed, 3U);
  ASSERT_EQ(seen.summary.malformed_lines.size(), 3U);
  EXPECT_EQ(seen.summary.malformed_lines[0].line, 2U);
  EXPECT_EQ(seen.summary.malformed_lines[1].line, 3U);
  EXPECT_EQ(seen.summary.malformed_lines[2].line, 4U);
  EXPECT_EQ(seen.summary.malformed_lines[0].file, "app-1");
}

TEST(EventReader, ALastLineWithoutNewlineIsAnEventStillBeingWritten) {
  const std::string text =
      "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"4.1.0\"}\n{\"Event\":\"SparkListenerJo";
  const auto seen = read_text(text);
  EXPECT_EQ(seen.types.size(), 1U);
  EXPECT_EQ(seen.summary.malformed, 0U);
  EXPECT_TRUE(seen.summary.cut);
}

TEST(EventReader, LinesLongerThanTheInitialBufferAreRead) {
  std::string big =
      "{\"Event\":\"SparkListenerEnvironmentUpdate\",\"Blob\":\"" + std::string(3 << 20, 'a') + "\"}\n";
  const auto seen = read_text(big + big, 1 << 16);
  EXPECT_EQ(seen.types,
            (std::vector<EventType>{EventType::environment_update, EventType::environment_update}));
}

TEST(TypedViews, ReadFieldsWithoutCopying) {
  std::string name, version, first_tag;
  std::vector<std::int64_t> run_times;
  std::optional<std::int64_t> exit_code = -1;
  read_text(testing::sample_log("4.1.0", "app-7", true, 2) +
                "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":2,\"ExitCode\":0}\n",
            SIZE_MAX, [&](EventView& e) {
              if (auto s = as_log_start(e)) version = s->spark_version;
              if (auto s = as_application_start(e)) {
                name = s->name;
                EXPECT_EQ(s->id, "app-7");
                EXPECT_EQ(s->user, "spark");
              }
              if (auto j = as_job_start(e)) {
                ASSERT_EQ(j->tags.size(), 2U);
                first_tag = j->tags[0];
              }
              if (auto j = as_job_end(e)) {
                EXPECT_EQ(j->result, "JobSucceeded");
              }
              if (auto t = as_task_end(e)) {
                EXPECT_EQ(t->executor_id, "driver");
                EXPECT_EQ(t->finish_time - t->launch_time, 100);
                run_times.push_back(t->executor_run_time);
              }
              if (auto a = as_application_end(e)) exit_code = a->exit_code;
            });
  EXPECT_EQ(version, "4.1.0");
  EXPECT_EQ(name, "sample \"app\"");
  EXPECT_EQ(first_tag, "spark-session-1");
  EXPECT_EQ(run_times, (std::vector<std::int64_t>{10, 11}));
  EXPECT_EQ(exit_code, 0);
}

TEST(TypedViews, WrongTypeGivesNothing) {
  read_text("{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":1}\n", SIZE_MAX, [](EventView& e) {
    EXPECT_FALSE(as_task_end(e));
    EXPECT_FALSE(as_log_start(e));
    EXPECT_TRUE(as_job_end(e));
  });
}

// A line can end in '}' and still be unbalanced; simdjson then abandons its iterator, and a second lookup
// used to crash. Now a view answers what it could read, or std::nullopt.
TEST(TypedViews, BrokenStructureGivesNothingAndNeverCrashes) {
  const std::string text =
      "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":1,\"X\":{\"a\":1}\n"
      "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":1,\"Task Metrics\":{\"Executor Run Time\":5}\n"
      "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\": 1,\"Task Metrics\": {\"Executor Run Time\":5}\n"
      "{\"Event\":\"SparkListenerEnvironmentUpdate\",\"Spark Properties\":{\"a\":\"b\"}\n"
      "{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":1}\n";
  int seen = 0;
  read_text(text, SIZE_MAX, [&](EventView& e) {
    ++seen;
    (void)as_job_start(e);
    (void)as_task_end(e);
    (void)as_stage_completed(e);
    (void)as_environment_update(e);
  });
  EXPECT_EQ(seen, 5);
}

TEST(EventTypes, NamesRoundTrip) {
  EXPECT_EQ(event_type_of("SparkListenerTaskEnd"), EventType::task_end);
  EXPECT_EQ(event_type_of("org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart"),
            EventType::sql_execution_start);
  EXPECT_EQ(event_type_of("SparkListenerSomethingNew"), EventType::other);
  EXPECT_EQ(event_type_name(EventType::job_start), "SparkListenerJobStart");
}

}  // namespace
}  // namespace sparkmv::eventlog
