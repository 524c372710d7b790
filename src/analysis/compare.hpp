#pragma once
// `events compare`: two runs of the same job side by side. SQL executions, jobs and stages are aligned by
// name and order, guarded by their shape (how many stages and tasks each has), so a plan that changed
// between versions is reported as unaligned instead of being paired wrongly. The verdict judges the run
// totals only, with relative thresholds and a minimum duration below which nothing is judged.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/summary.hpp"

namespace sparkmv::analysis {

struct CompareOptions {
  double wall_threshold = 0.25;  // wall time may grow by this fraction before it is a regression
  double cpu_threshold = 0.25;   // the same for executor CPU time
  std::int64_t min_duration_ms =
      1000;                        // a metric is judged only when the larger of its two values reaches this
  double min_aligned = 0.5;        // below this fraction of stages aligned on either side: inconclusive
  std::int64_t min_item_ms = 500;  // items shorter than this on both sides are never flagged
  // Resources (executor count, cores, memory per executor, input size) may differ by this fraction of the
  // larger value before the runs are not comparable.
  double resource_tolerance = 0.25;
  bool compare_anyway = false;  // judge even when the resources differ (recorded in the output)
};

enum class Verdict { no_regression, regression, improvement, inconclusive, not_comparable };
std::string_view verdict_name(
    Verdict verdict);  // "no regression", "regression", "improvement", "inconclusive", "not comparable"

// What a run had to work with, from its event log: these dominate its speed more than any Spark version.
struct RunResources {
  std::string master;          // spark.master as set, "" when the log does not say
  std::string master_kind;     // "local", "standalone", "kubernetes", "yarn", "other", "unknown"
  std::int64_t executors = 0;  // executors that ran tasks' JVMs (local mode: the driver, 1)
  std::int64_t cores = 0;      // their cores together
  std::int64_t memory_mb = 0;  // memory per executor (local mode: the driver's); 0 when unknown
  std::int64_t input_bytes = 0;
};
RunResources resources_of(const RunSummary& run);

struct ResourceDifference {
  std::string name;  // "executors", "cores", "memory per executor", "input", "master"
  std::string base;
  std::string candidate;
};

// One aligned item (SQL execution, job or stage) or one total.
struct Delta {
  std::string kind;  // "sql", "job", "stage"
  std::string label;
  std::int64_t base_id = -1;
  std::int64_t candidate_id = -1;
  std::int64_t base_ms = 0;
  std::int64_t candidate_ms = 0;
  std::int64_t base_cpu_ms = 0;  // stages only
  std::int64_t candidate_cpu_ms = 0;
  std::string flag;  // "slower", "faster" or empty
};

struct Unaligned {
  std::string kind;  // "sql", "job", "stage"
  std::string side;  // "base" or "candidate"
  std::int64_t id = -1;
  std::string label;
  std::int64_t duration_ms = 0;
};

struct TotalDelta {
  std::string name;
  std::string unit;  // "ms", "bytes", "count"
  std::int64_t base = 0;
  std::int64_t candidate = 0;
  double change() const;  // relative; 0 when base is 0
};

struct Judgement {
  std::string metric;  // "wall time", "executor CPU time"
  std::int64_t base_ms = 0;
  std::int64_t candidate_ms = 0;
  double threshold = 0;
  bool judged = false;
  std::string outcome;  // "regression", "improvement", "within threshold", "not judged"
};

struct Comparison {
  RunSummary base;
  RunSummary candidate;
  CompareOptions options;
  std::vector<Delta> sql;
  std::vector<Delta> jobs;
  std::vector<Delta> stages;
  std::vector<Unaligned> unaligned;
  std::vector<TotalDelta> totals;
  std::vector<Judgement> judgements;
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>>
      setting_changes;           // name, base, cand
  double base_aligned = 0;       // fraction of the base's stages aligned
  double candidate_aligned = 0;  // fraction of the candidate's
  RunResources base_resources;
  RunResources candidate_resources;
  std::vector<ResourceDifference> resource_differences;  // beyond the tolerance: not comparable
  std::vector<std::string> caveats;  // differences that qualify the verdict without refusing it
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> reasons;  // why the verdict, one sentence each
};

// The name used to align: paths cut to their last component, Spark Connect descriptions (which carry the
// session and plan) made opaque ("").
std::string alignment_name(std::string_view name);

Comparison compare_runs(RunSummary base, RunSummary candidate, const CompareOptions& options);

}  // namespace sparkmv::analysis
