// Fuzzes the line splitter, the JSON parser and the typed views over arbitrary decoded text (seeded with
// real uncompressed Spark logs by fuzz/run.sh). Malformed lines must be counted, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "eventlog/memory_source.hpp"
#include "eventlog/reader.hpp"

using namespace sparkmv::eventlog;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  MemorySource source(input, "fuzz", 1021);
  EventReader reader;
  ReadSummary summary;
  reader.read(
      source, "fuzz",
      [](EventView& e) {
        switch (e.type()) {
          case EventType::log_start:
            (void)as_log_start(e);
            break;
          case EventType::application_start:
            (void)as_application_start(e);
            break;
          case EventType::application_end:
            (void)as_application_end(e);
            break;
          case EventType::job_start:
            (void)as_job_start(e);
            break;
          case EventType::job_end:
            (void)as_job_end(e);
            break;
          case EventType::task_end:
            (void)as_task_end(e);
            break;
          default:
            break;
        }
      },
      summary);
  return 0;
}
