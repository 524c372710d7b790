// eventlog_bench make LOG OUT MIB   builds an OUT of at least MIB MiB from the real log LOG: its header
// events,
//                                    then its task events over and over with fresh task ids, then its end.
// eventlog_bench read FILE           iterates every event of FILE with its type (no analysis) and prints
//                                    bytes, seconds, GB/s and peak RSS as one JSON line.
#include <fmt/format.h>
#include <sys/resource.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "eventlog/layout.hpp"
#include "eventlog/reader.hpp"

using namespace sparkmv::eventlog;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  auto storage = local_storage();
  const auto logs = discover_logs(*storage, path);
  std::vector<std::string> lines;
  read_events(*storage, logs.at(0), [&](EventView& e) { lines.emplace_back(e.json()); });
  return lines;
}

// Replaces the number after `"Task ID":` so every replicated task is a new task.
std::string with_task_id(const std::string& line, std::uint64_t id) {
  constexpr std::string_view key = "\"Task ID\":";
  const auto at = line.find(key);
  if (at == std::string::npos) return line;
  auto end = at + key.size();
  while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
  return line.substr(0, at + key.size()) + std::to_string(id) + line.substr(end);
}

int make(const std::string& log, const std::string& out_path, std::uint64_t mib) {
  const auto lines = lines_of(log);
  std::vector<const std::string*> head, tasks, tail;
  bool in_tasks = false;
  for (const auto& l : lines) {
    const bool task = l.find("\"SparkListenerTask") != std::string::npos;
    if (task) in_tasks = true;
    (task ? tasks : (in_tasks ? tail : head)).push_back(&l);
  }
  if (tasks.empty()) throw std::runtime_error("no task events in " + log);
  std::ofstream out(out_path, std::ios::binary);
  std::uint64_t written = 0;
  for (const auto* l : head) out << *l << '\n';
  std::uint64_t id = 1'000'000;
  const std::uint64_t target = mib << 20;
  while (written < target) {
    for (const auto* l : tasks) {
      const auto line = with_task_id(*l, id++);
      out << line << '\n';
      written += line.size() + 1;
    }
  }
  for (const auto* l : tail) out << *l << '\n';
  return 0;
}

int read(const std::string& path) {
  auto storage = local_storage();
  const auto logs = discover_logs(*storage, path);
  std::array<std::uint64_t, 32> by_type{};
  const auto start = std::chrono::steady_clock::now();
  const auto summary =
      read_events(*storage, logs.at(0), [&](EventView& e) { ++by_type[static_cast<std::size_t>(e.type())]; });
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  fmt::print(R"({{"file":"{}","stored_bytes":{},"events":{},"task_end":{},"malformed":{},"seconds":{:.3f},)"
             R"("stored_gb_per_s":{:.3f},"peak_rss_mib":{:.1f}}})"
             "\n",
             path, logs[0].size, summary.events, by_type[static_cast<std::size_t>(EventType::task_end)],
             summary.malformed, seconds.count(), static_cast<double>(logs[0].size) / seconds.count() / 1e9,
             static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 4 && args[0] == "make") return make(args[1], args[2], std::stoull(args[3]));
    if (args.size() == 2 && args[0] == "read") return read(args[1]);
  } catch (const std::exception& e) {
    std::cerr << "eventlog_bench: " << e.what() << '\n';
    return 1;
  }
  std::cerr << "usage: eventlog_bench make LOG OUT MIB | read FILE\n";
  return 2;
}
