#include "analysis/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

namespace sparkmv::analysis {

namespace {

// Above this many cells the alignment falls back from a longest common subsequence to a greedy walk.
constexpr std::size_t max_lcs_cells = std::size_t{4} << 20;

// What must agree for two items to be paired: their shape, and their names unless one is opaque.
struct Key {
  std::string name;
  std::vector<std::int64_t> shape;
};

bool keys_match(const Key& a, const Key& b) {
  if (a.shape != b.shape) return false;
  return a.name.empty() || b.name.empty() || a.name == b.name;
}

// Pairs of indices into `a` and `b`, in order.
std::vector<std::pair<std::size_t, std::size_t>> align(const std::vector<Key>& a, const std::vector<Key>& b) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n + 1) * (m + 1) > max_lcs_cells) {
    std::size_t j = 0;
    for (std::size_t i = 0; i < n && j < m; ++i) {
      for (std::size_t k = j; k < m && k < j + 16; ++k) {
        if (keys_match(a[i], b[k])) {
          pairs.emplace_back(i, k);
          j = k + 1;
          break;
        }
      }
    }
    return pairs;
  }
  std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = keys_match(a[i], b[j]) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n && j < m) {
    if (keys_match(a[i], b[j]) && at(i, j) == at(i + 1, j + 1) + 1) {
      pairs.emplace_back(i++, j++);
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

// The label an aligned pair is shown with: the base's name without paths, else the raw first line.
std::string display_name(std::string_view base, std::string_view candidate);

std::string short_label(std::string_view name) {
  std::string first(name.substr(0, name.find('\n')));
  if (first.size() > 80) first = first.substr(0, 77) + "...";
  return first;
}

std::string display_name(std::string_view base, std::string_view candidate) {
  auto name = alignment_name(base);
  if (name.empty()) name = alignment_name(candidate);
  return short_label(name.empty() ? base : name);
}

struct RunIndex {
  std::map<std::int64_t, std::vector<const StageSummary*>> stages_of_job;  // attempts that ran, by stage id
  std::map<std::int64_t, const JobSummary*> jobs;
};

RunIndex index_of(const RunSummary& run) {
  RunIndex index;
  for (const auto& job : run.job_list) index.jobs[job.job_id] = &job;
  for (const auto& stage : run.stage_list) index.stages_of_job[stage.job_id].push_back(&stage);
  return index;
}

std::vector<std::int64_t> job_shape(const RunIndex& index, std::int64_t job_id) {
  std::vector<std::int64_t> shape;
  const auto it = index.stages_of_job.find(job_id);
  if (it == index.stages_of_job.end()) return shape;
  for (const auto* stage : it->second) {
    if (stage->attempt == 0) shape.push_back(stage->num_tasks);
  }
  return shape;
}

std::string job_name(const RunIndex& index, std::int64_t job_id) {
  const auto it = index.stages_of_job.find(job_id);
  if (it == index.stages_of_job.end() || it->second.empty()) return "";
  return it->second.back()->name;
}

std::vector<Key> job_keys(const RunSummary& run, const RunIndex& index) {
  std::vector<Key> keys;
  for (const auto& job : run.job_list)
    keys.push_back({alignment_name(job_name(index, job.job_id)), job_shape(index, job.job_id)});
  return keys;
}

std::vector<Key> sql_keys(const RunSummary& run, const RunIndex& index) {
  std::vector<Key> keys;
  for (const auto& sql : run.sql_list) {
    Key key{alignment_name(sql.description), {static_cast<std::int64_t>(sql.job_ids.size())}};
    for (const auto job : sql.job_ids) {
      const auto shape = job_shape(index, job);
      key.shape.push_back(-1);  // separates the jobs' shapes
      key.shape.insert(key.shape.end(), shape.begin(), shape.end());
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

std::string flag_of(std::int64_t base, std::int64_t candidate, const CompareOptions& options) {
  if (std::max(base, candidate) < options.min_item_ms || base <= 0) return "";
  const double change = static_cast<double>(candidate - base) / static_cast<double>(base);
  if (change > options.wall_threshold) return "slower";
  if (change < -options.wall_threshold) return "faster";
  return "";
}

std::int64_t cpu_ms(const Metrics& m) {
  return m.executor_cpu_time_ns / 1'000'000;
}

Judgement judge(std::string metric, std::int64_t base, std::int64_t candidate, double threshold,
                const CompareOptions& options) {
  Judgement j{std::move(metric), base, candidate, threshold, false, "not judged"};
  if (std::max(base, candidate) < options.min_duration_ms || base <= 0) return j;
  j.judged = true;
  const double change = static_cast<double>(candidate - base) / static_cast<double>(base);
  j.outcome = change > threshold ? "regression" : change < -threshold ? "improvement" : "within threshold";
  return j;
}

std::string percent(double change) {
  return fmt::format("{:+.1f}%", change * 100.0);
}

std::string master_kind(std::string_view master) {
  if (master.empty()) return "unknown";
  if (master.starts_with("local")) return "local";
  if (master.starts_with("spark://")) return "standalone";
  if (master.starts_with("k8s://")) return "kubernetes";
  if (master.starts_with("yarn")) return "yarn";
  return "other";
}

// Spark's size notation ("512m", "2g", "1024"); a bare number is MiB, as Spark reads executor memory.
std::int64_t memory_mb(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || value < 0) return 0;
  std::string unit(rest, end);
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.ends_with("b") && unit.size() > 1) unit.pop_back();
  if (unit.empty() || unit == "m") return value;
  if (unit == "k") return value / 1024;
  if (unit == "g") return value * 1024;
  if (unit == "t") return value * 1024 * 1024;
  return 0;
}

// Apart by more than `tolerance` of the larger value; unknown (zero) values are never apart.
bool apart(std::int64_t a, std::int64_t b, double tolerance) {
  if (a <= 0 || b <= 0) return false;
  const auto larger = static_cast<double>(std::max(a, b));
  return static_cast<double>(std::llabs(a - b)) > tolerance * larger;
}

std::string mib_text(std::int64_t mb) {
  return mb % 1024 == 0 ? fmt::format("{} GiB", mb / 1024) : fmt::format("{} MiB", mb);
}

// Input below this on both sides is too small to dominate a run's time.
constexpr std::int64_t min_judged_input_bytes = std::int64_t{1} << 20;

void compare_resources(Comparison& c) {
  const auto& b = c.base_resources;
  const auto& k = c.candidate_resources;
  const double tolerance = c.options.resource_tolerance;
  auto& diffs = c.resource_differences;
  if (apart(b.executors, k.executors, tolerance))
    diffs.push_back({"executors", fmt::format("{}", b.executors), fmt::format("{}", k.executors)});
  if (apart(b.cores, k.cores, tolerance))
    diffs.push_back({"cores", fmt::format("{}", b.cores), fmt::format("{}", k.cores)});
  if (apart(b.memory_mb, k.memory_mb, tolerance))
    diffs.push_back({"memory per executor", mib_text(b.memory_mb), mib_text(k.memory_mb)});
  if (std::max(b.input_bytes, k.input_bytes) >= min_judged_input_bytes &&
      (apart(b.input_bytes, k.input_bytes, tolerance) || std::min(b.input_bytes, k.input_bytes) == 0))
    diffs.push_back(
        {"input", fmt::format("{} bytes", b.input_bytes), fmt::format("{} bytes", k.input_bytes)});
  if (b.master_kind != k.master_kind) {
    c.caveats.push_back(fmt::format(
        "different masters: {} ({}) and {} ({}); scheduling and shuffle paths differ, so part of any change "
        "is the master's",
        b.master_kind, b.master.empty() ? "not in the log" : b.master, k.master_kind,
        k.master.empty() ? "not in the log" : k.master));
  }
  if (b.executors == 0 || k.executors == 0)
    c.caveats.push_back(fmt::format("the {} log names no executor: its resources are unknown",
                                    b.executors == 0 ? "base" : "candidate"));
}

std::string differences_text(const std::vector<ResourceDifference>& diffs) {
  std::vector<std::string> parts;
  for (const auto& d : diffs) parts.push_back(fmt::format("{} {} -> {}", d.name, d.base, d.candidate));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::no_regression:
      return "no regression";
    case Verdict::regression:
      return "regression";
    case Verdict::improvement:
      return "improvement";
    case Verdict::inconclusive:
      return "inconclusive";
    case Verdict::not_comparable:
      return "not comparable";
  }
  return "inconclusive";
}

RunResources resources_of(const RunSummary& run) {
  RunResources r;
  if (const auto it = run.settings.find("spark.master"); it != run.settings.end()) r.master = it->second;
  r.master_kind = master_kind(r.master);
  // Local mode runs tasks in the driver, which it reports as the executor "driver"; elsewhere the driver
  // runs no tasks.
  std::int64_t driver_cores = 0;
  for (const auto& e : run.executors) {
    if (e.id == "driver") {
      driver_cores += e.cores;
      continue;
    }
    ++r.executors;
    r.cores += e.cores;
  }
  if (r.executors == 0 && driver_cores > 0) {
    r.executors = 1;
    r.cores = driver_cores;
  }
  const bool in_driver = r.master_kind == "local";
  const auto memory = run.settings.find(in_driver ? "spark.driver.memory" : "spark.executor.memory");
  if (memory != run.settings.end()) {
    r.memory_mb = memory_mb(memory->second);
  } else if (r.master_kind != "unknown") {
    r.memory_mb = 1024;  // Spark's default for both settings
  }
  r.input_bytes = run.totals.input_bytes;
  return r;
}

double TotalDelta::change() const {
  return base == 0 ? 0.0 : static_cast<double>(candidate - base) / static_cast<double>(base);
}

std::string alignment_name(std::string_view name) {
  name = name.substr(0, name.find('\n'));
  if (name.starts_with("Spark Connect")) return "";
  // Jobs Spark starts from its own threads (adaptive query stages, broadcasts) carry an internal Scala call
  // site that changes between versions ("$anonfun$withThreadLocalCaptured$1 at FutureTask.java:264" in 3.5,
  // "...$2 at CompletableFuture.java:1768" in 4.1): they align by shape and order alone.
  if (name.starts_with("$anonfun$")) return "";
  std::string out;
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find(' ', start);
    if (end == std::string_view::npos) end = name.size();
    auto word = name.substr(start, end - start);
    if (const auto slash = word.rfind('/'); slash != std::string_view::npos) word = word.substr(slash + 1);
    if (!out.empty()) out += ' ';
    out += word;
    start = end + 1;
  }
  return out;
}

Comparison compare_runs(RunSummary base, RunSummary candidate, const CompareOptions& options) {
  Comparison c;
  c.options = options;
  c.base = std::move(base);
  c.candidate = std::move(candidate);
  const auto& b = c.base;
  const auto& k = c.candidate;
  const auto bi = index_of(b);
  const auto ki = index_of(k);

  // SQL executions.
  const auto sql_pairs = align(sql_keys(b, bi), sql_keys(k, ki));
  std::vector<bool> b_sql(b.sql_list.size()), k_sql(k.sql_list.size());
  for (const auto& [i, j] : sql_pairs) {
    const auto& x = b.sql_list[i];
    const auto& y = k.sql_list[j];
    b_sql[i] = k_sql[j] = true;
    c.sql.push_back({"sql", display_name(x.description, y.description), x.execution_id, y.execution_id,
                     x.duration_ms(), y.duration_ms(), 0, 0,
                     flag_of(x.duration_ms(), y.duration_ms(), options)});
  }
  for (std::size_t i = 0; i < b_sql.size(); ++i)
    if (!b_sql[i])
      c.unaligned.push_back({"sql", "base", b.sql_list[i].execution_id,
                             short_label(b.sql_list[i].description), b.sql_list[i].duration_ms()});
  for (std::size_t j = 0; j < k_sql.size(); ++j)
    if (!k_sql[j])
      c.unaligned.push_back({"sql", "candidate", k.sql_list[j].execution_id,
                             short_label(k.sql_list[j].description), k.sql_list[j].duration_ms()});

  // Jobs, then the stages of each aligned job by position.
  const auto job_pairs = align(job_keys(b, bi), job_keys(k, ki));
  std::vector<bool> b_job(b.job_list.size()), k_job(k.job_list.size());
  std::size_t b_stages_aligned = 0;
  std::size_t k_stages_aligned = 0;
  for (const auto& [i, j] : job_pairs) {
    const auto& x = b.job_list[i];
    const auto& y = k.job_list[j];
    b_job[i] = k_job[j] = true;
    const auto bname = job_name(bi, x.job_id);
    c.jobs.push_back({"job", display_name(bname, job_name(ki, y.job_id)), x.job_id, y.job_id, x.duration_ms(),
                      y.duration_ms(), 0, 0, flag_of(x.duration_ms(), y.duration_ms(), options)});
    const auto bs = bi.stages_of_job.find(x.job_id);
    const auto ks = ki.stages_of_job.find(y.job_id);
    const std::vector<const StageSummary*> none;
    const auto& bl = bs == bi.stages_of_job.end() ? none : bs->second;
    const auto& kl = ks == ki.stages_of_job.end() ? none : ks->second;
    const std::size_t n = std::min(bl.size(), kl.size());
    for (std::size_t s = 0; s < n; ++s) {
      const auto* p = bl[s];
      const auto* q = kl[s];
      c.stages.push_back({"stage", fmt::format("{} (job {})", display_name(p->name, q->name), x.job_id),
                          p->stage_id, q->stage_id, p->duration_ms(), q->duration_ms(), cpu_ms(p->metrics),
                          cpu_ms(q->metrics), flag_of(p->duration_ms(), q->duration_ms(), options)});
    }
    b_stages_aligned += n;
    k_stages_aligned += n;
    for (std::size_t s = n; s < bl.size(); ++s)
      c.unaligned.push_back(
          {"stage", "base", bl[s]->stage_id, short_label(bl[s]->name), bl[s]->duration_ms()});
    for (std::size_t s = n; s < kl.size(); ++s)
      c.unaligned.push_back(
          {"stage", "candidate", kl[s]->stage_id, short_label(kl[s]->name), kl[s]->duration_ms()});
  }
  const auto unaligned_job = [&](const RunSummary& run, const RunIndex& index, std::size_t i,
                                 const char* side) {
    const auto& job = run.job_list[i];
    const auto shape = job_shape(index, job.job_id);
    c.unaligned.push_back(
        {"job", side, job.job_id,
         fmt::format("{} ({} stage(s) ran, tasks {})", short_label(job_name(index, job.job_id)), shape.size(),
                     fmt::join(shape, "/")),
         job.duration_ms()});
  };
  for (std::size_t i = 0; i < b_job.size(); ++i)
    if (!b_job[i]) unaligned_job(b, bi, i, "base");
  for (std::size_t j = 0; j < k_job.size(); ++j)
    if (!k_job[j]) unaligned_job(k, ki, j, "candidate");
  c.base_aligned = b.stage_list.empty()
                       ? 0.0
                       : static_cast<double>(b_stages_aligned) / static_cast<double>(b.stage_list.size());
  c.candidate_aligned =
      k.stage_list.empty() ? 0.0
                           : static_cast<double>(k_stages_aligned) / static_cast<double>(k.stage_list.size());

  // Totals.
  const auto& bt = b.totals;
  const auto& kt = k.totals;
  c.totals = {
      {"wall time", "ms", b.wall_ms(), k.wall_ms()},
      {"executor run time", "ms", bt.executor_run_time_ms, kt.executor_run_time_ms},
      {"executor CPU time", "ms", cpu_ms(bt), cpu_ms(kt)},
      {"JVM GC time", "ms", bt.gc_time_ms, kt.gc_time_ms},
      {"shuffle fetch wait", "ms", bt.shuffle_fetch_wait_ms, kt.shuffle_fetch_wait_ms},
      {"jobs", "count", b.jobs, k.jobs},
      {"stages", "count", b.stages, k.stages},
      {"tasks", "count", bt.tasks, kt.tasks},
      {"failed tasks", "count", bt.failed_tasks, kt.failed_tasks},
      {"input", "bytes", bt.input_bytes, kt.input_bytes},
      {"input records", "count", bt.input_records, kt.input_records},
      {"output", "bytes", bt.output_bytes, kt.output_bytes},
      {"shuffle read", "bytes", bt.shuffle_read_bytes, kt.shuffle_read_bytes},
      {"shuffle write", "bytes", bt.shuffle_write_bytes, kt.shuffle_write_bytes},
      {"memory spilled", "bytes", bt.memory_spilled, kt.memory_spilled},
      {"disk spilled", "bytes", bt.disk_spilled, kt.disk_spilled},
      {"peak execution memory", "bytes", bt.peak_execution_memory, kt.peak_execution_memory},
  };
  for (const auto& name : compared_settings()) {
    const auto x = b.settings.find(name);
    const auto y = k.settings.find(name);
    const std::string bv = x == b.settings.end() ? "(default)" : x->second;
    const std::string kv = y == k.settings.end() ? "(default)" : y->second;
    if (bv != kv) c.setting_changes.push_back({name, {bv, kv}});
  }

  // The verdict.
  c.judgements.push_back(judge("wall time", b.wall_ms(), k.wall_ms(), options.wall_threshold, options));
  c.judgements.push_back(judge("executor CPU time", cpu_ms(bt), cpu_ms(kt), options.cpu_threshold, options));
  auto& reasons = c.reasons;
  c.base_resources = resources_of(b);
  c.candidate_resources = resources_of(k);
  compare_resources(c);
  if (b.jobs == 0 || k.jobs == 0) {
    c.verdict = Verdict::inconclusive;
    reasons.push_back(fmt::format("the {} ran no job", b.jobs == 0 ? "base" : "candidate"));
    return c;
  }
  if (c.base_aligned < options.min_aligned || c.candidate_aligned < options.min_aligned) {
    c.verdict = Verdict::inconclusive;
    reasons.push_back(
        fmt::format("the runs are too different: {:.0f}% of the base's and {:.0f}% of the candidate's stages "
                    "could be aligned "
                    "(at least {:.0f}% needed)",
                    c.base_aligned * 100, c.candidate_aligned * 100, options.min_aligned * 100));
    if (!c.resource_differences.empty())
      reasons.push_back("the resources differ too: " + differences_text(c.resource_differences));
    for (const auto& caveat : c.caveats) reasons.push_back(caveat);
    return c;
  }
  if (!c.resource_differences.empty()) {
    if (!options.compare_anyway) {
      c.verdict = Verdict::not_comparable;
      reasons.push_back(
          fmt::format("the runs had different resources ({}, tolerance {:.0f}%): run both alike, or pass "
                      "--compare-anyway",
                      differences_text(c.resource_differences), options.resource_tolerance * 100));
      for (const auto& caveat : c.caveats) reasons.push_back(caveat);
      return c;
    }
    c.caveats.insert(c.caveats.begin(),
                     fmt::format("compared anyway (--compare-anyway) although the resources "
                                 "differ: {}",
                                 differences_text(c.resource_differences)));
  }
  bool any_judged = false;
  bool regression = false;
  bool improvement = false;
  for (const auto& j : c.judgements) {
    const double change =
        j.base_ms > 0 ? static_cast<double>(j.candidate_ms - j.base_ms) / static_cast<double>(j.base_ms)
                      : 0.0;
    if (!j.judged) {
      reasons.push_back(fmt::format("{}: {} ms -> {} ms, not judged (both under the {} ms minimum)", j.metric,
                                    j.base_ms, j.candidate_ms, options.min_duration_ms));
      continue;
    }
    any_judged = true;
    regression = regression || j.outcome == "regression";
    improvement = improvement || j.outcome == "improvement";
    reasons.push_back(fmt::format("{}: {} ms -> {} ms ({}), {} (threshold {:.0f}%)", j.metric, j.base_ms,
                                  j.candidate_ms, percent(change), j.outcome, j.threshold * 100));
  }
  if (!any_judged) {
    c.verdict = Verdict::inconclusive;
    reasons.push_back("the runs are too small to judge: raise the workload or lower --min-duration");
  } else if (regression) {
    c.verdict = Verdict::regression;
  } else if (improvement) {
    c.verdict = Verdict::improvement;
  } else {
    c.verdict = Verdict::no_regression;
  }
  if (bt.failed_tasks != kt.failed_tasks || b.failed_jobs != k.failed_jobs)
    reasons.push_back(fmt::format("failures differ: {} -> {} failed task(s), {} -> {} failed job(s)",
                                  bt.failed_tasks, kt.failed_tasks, b.failed_jobs, k.failed_jobs));
  if (!c.setting_changes.empty())
    reasons.push_back(fmt::format("{} setting(s) that affect performance differ", c.setting_changes.size()));
  for (const auto& caveat : c.caveats) reasons.push_back(caveat);
  return c;
}

}  // namespace sparkmv::analysis
