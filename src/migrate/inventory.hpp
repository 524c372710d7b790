#pragma once
// The job inventory (jobs.yaml): every job, who owns it, how risky it is, and the Spark version it is
// pinned to. docs/reference/jobs.md describes the format.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::migrate {

enum class Risk { low, medium, high };
enum class JobKind { batch, connect };

std::string_view to_string(Risk risk);
std::string_view to_string(JobKind kind);

// How the job is submitted: a JVM application (main class + jar) or a Python file, with its arguments and
// Spark settings. Connect jobs are Python clients.
struct SubmitSpec {
  std::string main_class;
  std::string application;  // jar
  std::string python_file;
  std::vector<std::string> args;
  std::map<std::string, std::string> conf;
};

struct Job {
  std::string name;
  std::string owner;
  Risk risk = Risk::low;
  std::string version;  // "3.5" or "4.1": the pin
  JobKind kind = JobKind::batch;
  SubmitSpec submit;
  int line = 0;          // 1-based line of the entry in its file
  int version_line = 0;  // 1-based line of the pin's value: the one line `migrate promote` edits
};

// Every field equal, lines included: an edited file must re-parse to exactly the expected inventory.
bool operator==(const SubmitSpec& a, const SubmitSpec& b);
bool operator==(const Job& a, const Job& b);

struct JobInventory {
  std::string path;
  std::vector<Job> jobs;

  const Job* find(std::string_view name) const;
};

inline constexpr std::string_view legacy_version = "3.5";
inline constexpr std::string_view target_version = "4.1";

// Bad entries (unknown version or risk, duplicate name, missing or unknown field) raise InputError naming
// the file, the line and the job.
JobInventory parse_inventory(std::string_view text, const std::string& origin);
JobInventory load_inventory(const std::string& path);

}  // namespace sparkmv::migrate
