#include "migrate/change.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "common/errors.hpp"
#include "migrate_support.hpp"

namespace sparkmv::migrate {
namespace {

using testing::read_text;
using testing::Scratch;
using testing::write_text;

ChangeRequest request_for(const Scratch& scratch, std::vector<std::string> jobs) {
  ChangeRequest request;
  request.files = scratch.files();
  request.jobs = std::move(jobs);
  request.lock_wait = std::chrono::milliseconds(2000);
  return request;
}

ChangeRequest wave_request(const Scratch& scratch, int wave) {
  auto request = request_for(scratch, {});
  request.wave = wave;
  return request;
}

void record(const Scratch& scratch, const std::string& job, const std::string& verdict) {
  record_comparison(scratch.files(), {job, "trial", verdict, {{"duration_ratio", 1.0}}, ""});
}

std::string pin(const Scratch& scratch, const std::string& job) {
  return load_inventory(scratch.files().jobs.string()).find(job)->version;
}

std::vector<JournalEntry> journal_of(const Scratch& scratch) {
  return read_journal(scratch.files().journal()).entries;
}

TEST(Promote, WithoutAComparisonIsRefusedAndChangesNothing) {
  Scratch scratch;
  const auto before = scratch.jobs_text();
  const auto report = promote(request_for(scratch, {"daily-revenue"}));
  ASSERT_EQ(report.jobs.size(), 1U);
  EXPECT_TRUE(report.refused());
  EXPECT_FALSE(report.written);
  EXPECT_NE(report.jobs[0].detail.find("sparkmv migrate trial daily-revenue"), std::string::npos)
      << report.jobs[0].detail;
  EXPECT_EQ(scratch.jobs_text(), before);
  EXPECT_TRUE(journal_of(scratch).empty());
}

TEST(Promote, ARegressionOrAnInconclusiveOrANotComparableComparisonIsRefused) {
  Scratch scratch;
  for (const char* verdict : {"regression", "inconclusive", "not comparable"}) {
    record(scratch, "daily-revenue", verdict);
    const auto report = promote(request_for(scratch, {"daily-revenue"}));
    EXPECT_TRUE(report.refused()) << verdict;
    EXPECT_NE(report.jobs[0].detail.find(verdict), std::string::npos) << report.jobs[0].detail;
    EXPECT_EQ(pin(scratch, "daily-revenue"), "3.5");
  }
}

TEST(Promote, APassingComparisonMovesThePinAndIsJournaled) {
  Scratch scratch;
  record(scratch, "daily-revenue", "regression");
  record(scratch, "daily-revenue", "no regression");  // the newest counts
  auto request = request_for(scratch, {"daily-revenue"});
  request.reason = "pilot";
  const auto report = promote(request);
  EXPECT_FALSE(report.refused());
  EXPECT_TRUE(report.written);
  EXPECT_EQ(report.jobs[0].status, ChangeStatus::changed);
  EXPECT_EQ(pin(scratch, "daily-revenue"), "4.1");
  const auto journal = journal_of(scratch);
  ASSERT_EQ(journal.size(), 3U);
  EXPECT_EQ(journal[2].action, "promote");
  EXPECT_EQ(journal[2].job, "daily-revenue");
  EXPECT_EQ(journal[2].from, "3.5");
  EXPECT_EQ(journal[2].to, "4.1");
  EXPECT_EQ(journal[2].reason, "pilot");
  EXPECT_FALSE(journal[2].forced);

  // Again: already on 4.1, a no-op that writes nothing.
  const auto again = promote(request);
  EXPECT_EQ(again.jobs[0].status, ChangeStatus::unchanged);
  EXPECT_FALSE(again.written);
  EXPECT_EQ(journal_of(scratch).size(), 3U);
}

TEST(Promote, ForceOverridesTheGateAndIsJournaledAsForced) {
  Scratch scratch;
  record(scratch, "search-index", "regression");
  auto request = request_for(scratch, {"search-index"});
  request.force = true;
  request.reason = "vendor deadline";
  const auto report = promote(request);
  EXPECT_FALSE(report.refused());
  EXPECT_TRUE(report.jobs[0].forced);
  EXPECT_EQ(pin(scratch, "search-index"), "4.1");
  const auto journal = journal_of(scratch);
  ASSERT_EQ(journal.size(), 2U);
  EXPECT_TRUE(journal[1].forced);
  EXPECT_EQ(journal[1].reason, "vendor deadline");
}

TEST(Promote, UnknownJobIsAnInputError) {
  Scratch scratch;
  EXPECT_THROW(promote(request_for(scratch, {"nope"})), InputError);
  EXPECT_THROW(promote(request_for(scratch, {})), InputError);  // neither jobs nor a wave
  auto both = request_for(scratch, {"daily-revenue"});
  both.wave = 1;
  EXPECT_THROW(promote(both), InputError);
  auto missing = request_for(scratch, {"daily-revenue"});
  missing.files.jobs = scratch.root() / "missing.yaml";
  EXPECT_THROW(promote(missing), InputError);
  EXPECT_FALSE(std::filesystem::exists(missing.files.lock()));
}

TEST(Promote, AWaveMovesAllItsJobsOrNone) {
  Scratch scratch;
  // Wave 1 of the fixture's plan: ad-attribution and daily-revenue (plan_test).
  record(scratch, "ad-attribution", "no regression");
  const auto before = scratch.jobs_text();
  const auto refused = promote(wave_request(scratch, 1));
  ASSERT_EQ(refused.jobs.size(), 2U);
  EXPECT_TRUE(refused.refused());
  EXPECT_EQ(refused.jobs[0].status, ChangeStatus::unchanged);  // passed on its own, held back
  EXPECT_NE(refused.jobs[0].detail.find("passes the gate"), std::string::npos) << refused.jobs[0].detail;
  EXPECT_EQ(refused.jobs[1].status, ChangeStatus::refused);
  EXPECT_FALSE(refused.written);
  EXPECT_EQ(scratch.jobs_text(), before);

  record(scratch, "daily-revenue", "improvement");
  const auto done = promote(wave_request(scratch, 1));
  EXPECT_TRUE(done.written);
  EXPECT_EQ(pin(scratch, "ad-attribution"), "4.1");
  EXPECT_EQ(pin(scratch, "daily-revenue"), "4.1");
  const auto journal = journal_of(scratch);
  ASSERT_EQ(journal.size(), 4U);
  EXPECT_EQ(journal[2].job, "ad-attribution");
  EXPECT_EQ(journal[3].job, "daily-revenue");
}

TEST(Promote, WaveNumbersStayTheSameAsWavesAreDone) {
  Scratch scratch;
  auto pilot = wave_request(scratch, 0);
  pilot.force = true;
  const auto report = promote(pilot);
  ASSERT_EQ(report.jobs.size(), 2U);
  EXPECT_EQ(report.jobs[0].job, "clickstream-sessions");
  EXPECT_EQ(report.jobs[1].job, "inventory-snapshot");
  const auto journal = journal_of(scratch);
  const auto inventory = load_inventory(scratch.files().jobs.string());
  EXPECT_EQ(wave_jobs(inventory, journal, 1, {}),
            (std::vector<std::string>{"ad-attribution", "daily-revenue"}));
  EXPECT_EQ(wave_jobs(inventory, journal, 2, {}),
            (std::vector<std::string>{"ledger-reconcile", "search-index"}));
  EXPECT_THROW(wave_jobs(inventory, journal, 3, {}), InputError);
}

TEST(Rollback, RequiresAReasonThenMovesThePinBackAtOnce) {
  Scratch scratch;
  auto request = request_for(scratch, {"churn-features"});
  EXPECT_THROW(rollback(request), InputError);
  request.reason = "   ";
  EXPECT_THROW(rollback(request), InputError);
  EXPECT_TRUE(journal_of(scratch).empty());
  request.reason = "OOM on 4.1";
  const auto report = rollback(request);
  EXPECT_TRUE(report.written);
  EXPECT_EQ(pin(scratch, "churn-features"), "3.5");
  const auto journal = journal_of(scratch);
  ASSERT_EQ(journal.size(), 1U);
  EXPECT_EQ(journal[0].action, "rollback");
  EXPECT_EQ(journal[0].from, "4.1");
  EXPECT_EQ(journal[0].to, "3.5");
  EXPECT_EQ(journal[0].reason, "OOM on 4.1");
}

TEST(Rollback, AfterARollbackTheOldComparisonNoLongerCounts) {
  Scratch scratch;
  record(scratch, "daily-revenue", "no regression");
  EXPECT_TRUE(promote(request_for(scratch, {"daily-revenue"})).written);
  auto back = request_for(scratch, {"daily-revenue"});
  back.reason = "late data";
  EXPECT_TRUE(rollback(back).written);
  const auto again = promote(request_for(scratch, {"daily-revenue"}));
  EXPECT_TRUE(again.refused());
  EXPECT_EQ(pin(scratch, "daily-revenue"), "3.5");
}

// An inventory where every job pins 4.1.
void all_on_41(const Scratch& scratch) {
  std::vector<PinChange> changes;
  for (const auto& job : load_inventory(scratch.files().jobs.string()).jobs)
    changes.push_back({job.name, "4.1"});
  write_text(scratch.files().jobs, edit_pins(scratch.jobs_text(), "jobs.yaml", changes));
}

TEST(Retire, RefusesWhileAnyJobPins35AndRunsNoTest) {
  Scratch scratch;
  RetireRequest request;
  request.files = scratch.files();
  bool tested = false;
  const auto report = retire(request, [&](Target, const std::string&) {
    tested = true;
    return 0;
  });
  EXPECT_TRUE(report.refused());
  EXPECT_FALSE(tested);
  EXPECT_EQ(report.on_legacy,
            (std::vector<std::string>{"ad-attribution", "clickstream-sessions", "daily-revenue",
                                      "inventory-snapshot", "ledger-reconcile", "search-index"}));
}

TEST(Retire, AFailedCoexistenceTestRefuses) {
  Scratch scratch;
  all_on_41(scratch);
  RetireRequest request;
  request.files = scratch.files();
  request.target = Target::kube;
  request.execute = true;
  request.helm = (scratch.root() / "no-helm-here").string();  // must not be run
  const auto report = retire(request, [](Target, const std::string&) { return 1; });
  EXPECT_TRUE(report.refused());
  EXPECT_EQ(report.verify_exit, 1);
  EXPECT_FALSE(report.executed);
}

TEST(Retire, KubePrintsTheUninstallAndWhatIsKept) {
  Scratch scratch;
  all_on_41(scratch);
  RetireRequest request;
  request.files = scratch.files();
  request.target = Target::kube;
  request.ns = "prod";
  std::string tested_ns;
  const auto report = retire(request, [&](Target target, const std::string& ns) {
    EXPECT_EQ(target, Target::kube);
    tested_ns = ns;
    return 0;
  });
  EXPECT_FALSE(report.refused());
  EXPECT_EQ(tested_ns, "prod");
  ASSERT_EQ(report.removal.size(), 1U);
  EXPECT_EQ(report.removal[0], "helm uninstall spark-35 --namespace prod");
  std::string kept;
  for (const auto& line : report.kept) kept += line + "\n";
  EXPECT_NE(kept.find("metastore_spark35"), std::string::npos);
  EXPECT_NE(kept.find("s3a://spark-logs/3.5/events"), std::string::npos);
  EXPECT_FALSE(report.executed);
  EXPECT_TRUE(journal_of(scratch).empty());
}

TEST(Retire, KubeExecuteRunsHelmUninstallAndJournalsIt) {
  Scratch scratch;
  all_on_41(scratch);
  const auto helm = scratch.root() / "helm";
  const auto args = scratch.root() / "helm-args";
  write_text(helm, "#!/bin/sh\necho \"$@\" > '" + args.string() + "'\n");
  ASSERT_EQ(::chmod(helm.c_str(), 0755), 0);
  RetireRequest request;
  request.files = scratch.files();
  request.target = Target::kube;
  request.execute = true;
  request.helm = helm.string();
  const auto report = retire(request, [](Target, const std::string&) { return 0; });
  EXPECT_TRUE(report.executed);
  EXPECT_EQ(read_text(args), "uninstall spark-35 --namespace spark\n");
  const auto journal = journal_of(scratch);
  ASSERT_EQ(journal.size(), 1U);
  EXPECT_EQ(journal[0].action, "retire");

  write_text(helm, "#!/bin/sh\necho 'Error: release: not found' >&2\nexit 1\n");
  EXPECT_THROW(retire(request, [](Target, const std::string&) { return 0; }), EnvironmentError);
  EXPECT_EQ(journal_of(scratch).size(), 1U);
}

TEST(Retire, LocalNamesThe35ComponentsAndRemovesNothing) {
  Scratch scratch;
  all_on_41(scratch);
  RetireRequest request;
  request.files = scratch.files();
  request.execute = true;
  const auto report = retire(request, [](Target target, const std::string&) {
    EXPECT_EQ(target, Target::local);
    return 0;
  });
  EXPECT_FALSE(report.refused());
  EXPECT_FALSE(report.executed);
  EXPECT_EQ(report.removal,
            (std::vector<std::string>{"spark35-master", "spark35-worker", "spark35-history"}));
  EXPECT_TRUE(journal_of(scratch).empty());
}

// The child promotes then rolls back every 3.5 job of the fixture, over and over, and is killed at varied
// moments. Whatever the moment, jobs.yaml must be one of the states of that sequence -- the one after the
// journal's last entry, or (killed between the rename and the journal append) the one after it -- and the
// journal must hold exactly the first changes of the sequence, in order.
TEST(CrashSafety, SigkillAtAnyMomentLeavesOldOrNewFileAndAWriteAheadJournal) {
  Scratch scratch;
  const std::vector<std::string> jobs = {"ad-attribution",     "clickstream-sessions", "daily-revenue",
                                         "inventory-snapshot", "ledger-reconcile",     "search-index"};
  struct Step {
    std::string action;
    std::string job;
    std::string to;
  };
  std::vector<Step> steps;
  for (const auto& job : jobs) steps.push_back({"promote", job, "4.1"});
  for (const auto& job : jobs) steps.push_back({"rollback", job, "3.5"});
  // One cycle first: it quotes the fixture's plain and patch-level pins, after which the cycle is closed.
  auto start = Scratch::fixture_text();
  for (const auto& step : steps) start = edit_pins(start, "jobs.yaml", {{step.job, step.to}});
  std::vector<std::string> states{start};  // states[k]: the file after k steps
  for (const auto& step : steps)
    states.push_back(edit_pins(states.back(), "jobs.yaml", {{step.job, step.to}}));
  ASSERT_EQ(states.back(), states.front());
  states.pop_back();

  int max_landed = 0;
  for (int round = 0; round < 30; ++round) {
    write_text(scratch.files().jobs, states[0]);
    std::filesystem::remove(scratch.files().journal());
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        for (;;) {
          for (const auto& step : steps) {
            auto request = request_for(scratch, {step.job});
            request.force = true;
            request.reason = "crash test";
            step.action == "promote" ? promote(request) : rollback(request);
          }
        }
      } catch (...) {
        ::_exit(1);
      }
    }
    ::usleep(static_cast<useconds_t>(100 + round * 350));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: status " << status;

    const auto text = scratch.jobs_text();
    EXPECT_NO_THROW(parse_inventory(text, "jobs.yaml")) << "round " << round;
    const auto journal = read_journal(scratch.files().journal());
    const auto n = journal.entries.size();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& step = steps[i % steps.size()];
      ASSERT_EQ(journal.entries[i].action, step.action) << "round " << round << " entry " << i;
      ASSERT_EQ(journal.entries[i].job, step.job) << "round " << round << " entry " << i;
    }
    // Write-ahead: every change in jobs.yaml is journaled; only the last entry may name a change that had not
    // landed yet (the next change journals it as aborted).
    const auto& journaled = states[n % states.size()];
    const auto& one_less = states[(n + states.size() - 1) % states.size()];
    EXPECT_TRUE(text == journaled || (n > 0 && text == one_less))
        << "round " << round << ": jobs.yaml is neither the state after the " << n
        << " journaled changes nor the one before the last";
    max_landed = std::max(max_landed, static_cast<int>(n));
  }
  // The last run's leftovers (a temporary file) go with the next change.
  auto request = request_for(scratch, {"daily-revenue"});
  request.reason = "cleanup";
  request.force = true;
  promote(request);
  rollback(request);
  for (const auto& entry : std::filesystem::directory_iterator(scratch.root())) {
    EXPECT_EQ(entry.path().filename().string().find(".jobs.yaml.tmp-"), std::string::npos) << entry.path();
  }
  RecordProperty("most_changes_before_kill", max_landed);
}

}  // namespace
}  // namespace sparkmv::migrate
