#pragma once
// `migrate trial JOB` on the local stack: the job runs once on the other version in shadow (its output goes
// to a location of its own, never the production one), and that run is compared with the job's last run on
// its pinned version. The comparison is journaled, where `promote` finds it.
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "migrate/runs.hpp"

namespace sparkmv::migrate {

struct TrialOptions {
  std::filesystem::path jobs = "jobs.yaml";
  std::filesystem::path state_dir = ".sparkmv";
  std::filesystem::path report_dir;  // default <state_dir>/reports
  std::chrono::seconds timeout{900};
};

struct TrialReport {
  std::string job;
  std::string pinned;   // "3.5"
  std::string other;    // the version the shadow run used
  std::string refusal;  // why no trial ran (no run on the pinned version to compare with, ...)
  std::optional<TaggedRun> base;
  std::optional<TaggedRun> candidate;
  std::string shadow_output;  // what the run got as spark.sparkmv.output
  int exit_code = -1;         // of the shadow run
  std::string log;            // of the shadow run
  std::string verdict;        // of the comparison
  nlohmann::json figures = nlohmann::json::object();
  std::string html;
  std::string json;
};

// InputError for an unknown job; EnvironmentError when there is no running stack.
TrialReport run_trial(const std::string& job_name, const TrialOptions& options);

nlohmann::json to_json(const TrialReport& report);
std::string render_table(const TrialReport& report);

// The setting that carries a shadow run's output location to the job (jobs write there when it is set).
inline constexpr const char* shadow_output_setting = "spark.sparkmv.output";

}  // namespace sparkmv::migrate
