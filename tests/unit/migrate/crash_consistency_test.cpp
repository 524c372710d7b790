// Pin changes with a failure injected at every step (the lock, the temporary file, the journal, the rename,
// taking the journal back, the directory sync): afterwards jobs.yaml parses and holds exactly the pins the
// journal says it does, with no temporary file left, and the next change still works.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "eventlog/s3/sigv4.hpp"
#include "migrate/change.hpp"
#include "migrate_support.hpp"

namespace sparkmv::migrate {
namespace {

using testing::Scratch;
using testing::write_text;

std::map<std::string, std::string> pins_of(const JobInventory& inventory) {
  std::map<std::string, std::string> pins;
  for (const auto& job : inventory.jobs) pins[job.name] = job.version;
  return pins;
}

// The pins the journal claims: the starting inventory with every pin change applied and every aborted one
// undone.
std::map<std::string, std::string> journaled_pins(std::map<std::string, std::string> pins,
                                                  const std::vector<JournalEntry>& entries) {
  for (const auto& entry : entries) {
    if (entry.action == "promote" || entry.action == "rollback") pins[entry.job] = entry.to;
    if (entry.action == "abort") pins[entry.job] = entry.from;
  }
  return pins;
}

bool has_temporaries(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
  }
  return false;
}

ChangeRequest rollback_of(const Scratch& scratch, const std::string& job, FailPoint fail_point = {}) {
  ChangeRequest request;
  request.files = scratch.files();
  request.jobs = {job};
  request.reason = "crash-consistency test";
  request.lock_wait = std::chrono::milliseconds(2000);
  request.fail_point = std::move(fail_point);
  return request;
}

// A change that always writes: ad-attribution pins 3.5 in the fixture, promoted past the gate.
ChangeReport promote_forced(const Scratch& scratch, const std::string& job) {
  auto request = rollback_of(scratch, job);
  request.force = true;
  return promote(request);
}

// Fails at `steps` (every time each is reached); counts what it saw.
struct Injector {
  std::set<std::string> steps;
  std::vector<std::string> seen;

  FailPoint point() {
    return [this](std::string_view step) {
      seen.emplace_back(step);
      if (steps.contains(std::string(step)))
        throw EnvironmentError("injected failure at " + std::string(step));
    };
  }
};

struct Case {
  std::string name;
  std::set<std::string> fail;
  bool lands;  // the change is in jobs.yaml afterwards (only a failed directory sync comes after the rename)
};

class FailAtEveryStep : public ::testing::TestWithParam<Case> {};

TEST_P(FailAtEveryStep, JobsYamlAndJournalAgree) {
  const auto& param = GetParam();
  Scratch scratch;
  const auto start = pins_of(parse_inventory(Scratch::fixture_text(), "jobs.yaml"));
  ASSERT_EQ(start.at("churn-features"), "4.1");

  Injector injector{param.fail, {}};
  EXPECT_THROW(rollback(rollback_of(scratch, "churn-features", injector.point())), EnvironmentError);
  const bool reached = std::any_of(injector.seen.begin(), injector.seen.end(),
                                   [&](const std::string& s) { return param.fail.contains(s); });
  ASSERT_TRUE(reached) << "the step was never reached: the injection judged nothing";

  const auto after = pins_of(load_inventory(scratch.files().jobs.string()));
  EXPECT_EQ(after.at("churn-features"), param.lands ? "3.5" : "4.1");
  auto journal = read_journal(scratch.files().journal());
  EXPECT_TRUE(journal.warnings.empty());
  // A journal that could not be taken back still names the change; the next change journals it as aborted.
  const bool dangling = param.fail.contains("journal undo");
  if (!dangling) {
    EXPECT_EQ(journaled_pins(start, journal.entries), after);
  }
  EXPECT_FALSE(has_temporaries(scratch.root()));

  // The next change, without failures, works and leaves the two in agreement.
  const auto report = promote_forced(scratch, "ad-attribution");
  EXPECT_TRUE(report.written);
  journal = read_journal(scratch.files().journal());
  const auto final_pins = pins_of(load_inventory(scratch.files().jobs.string()));
  EXPECT_EQ(journaled_pins(start, journal.entries), final_pins);
  EXPECT_EQ(final_pins.at("ad-attribution"), "4.1");
  if (dangling) {
    ASSERT_GE(journal.entries.size(), 3U);
    EXPECT_EQ(journal.entries[1].action, "abort");
    EXPECT_EQ(journal.entries[1].job, "churn-features");
    EXPECT_FALSE(report.warnings.empty());
  }
  EXPECT_FALSE(has_temporaries(scratch.root()));
}

INSTANTIATE_TEST_SUITE_P(Steps, FailAtEveryStep,
                         ::testing::Values(Case{"lock", {"lock"}, false},
                                           Case{"temporary_create", {"temporary create"}, false},
                                           Case{"temporary_write", {"temporary write"}, false},
                                           Case{"temporary_sync", {"temporary sync"}, false},
                                           Case{"journal_write", {"journal write"}, false},
                                           Case{"journal_sync", {"journal sync"}, false},
                                           Case{"rename", {"rename"}, false},
                                           Case{"rename_and_journal_undo", {"rename", "journal undo"}, false},
                                           Case{"directory_sync", {"directory sync"}, true}),
                         [](const ::testing::TestParamInfo<Case>& step) { return step.param.name; });

TEST(WriteAhead, TheJournalEntryIsOnDiskBeforeJobsYamlChanges) {
  Scratch scratch;
  bool journaled_before_rename = false;
  auto request = rollback_of(scratch, "churn-features", [&](std::string_view step) {
    if (step != "rename") return;
    const auto journal = read_journal(scratch.files().journal());
    journaled_before_rename =
        journal.entries.size() == 1 && journal.entries[0].job == "churn-features" &&
        load_inventory(scratch.files().jobs.string()).find("churn-features")->version == "4.1";
  });
  rollback(request);
  EXPECT_TRUE(journaled_before_rename);
  const auto entry = read_journal(scratch.files().journal()).entries.at(0);
  EXPECT_EQ(entry.inventory_before.size(), 64U);
  EXPECT_NE(entry.inventory_before, entry.inventory_after);
}

TEST(WriteAhead, AnEntryLeftByAKilledRunIsJournaledAsAbortedOnce) {
  Scratch scratch;
  // A run that wrote its entry and died before the rename: simulate with an entry for a change not made.
  const auto text = scratch.jobs_text();
  auto entry = new_entry("rollback", "churn-features");
  entry.from = "4.1";
  entry.to = "3.5";
  entry.reason = "killed";
  entry.inventory_before = eventlog::s3::sha256_hex(text);
  entry.inventory_after = eventlog::s3::sha256_hex(edit_pins(text, "jobs.yaml", {{"churn-features", "3.5"}}));
  append_journal(scratch.files().journal(), {entry});

  promote_forced(scratch, "ad-attribution");
  promote_forced(scratch, "ad-attribution");  // already on 4.1, nothing written: no second abort
  const auto journal = read_journal(scratch.files().journal()).entries;
  ASSERT_EQ(journal.size(), 3U);
  EXPECT_EQ(journal[1].action, "abort");
  EXPECT_EQ(journal[1].job, "churn-features");
  EXPECT_NE(journal[1].reason.find("journal line 1"), std::string::npos) << journal[1].reason;
  EXPECT_EQ(journal[2].job, "ad-attribution");
  EXPECT_EQ(load_inventory(scratch.files().jobs.string()).find("churn-features")->version, "4.1");
}

TEST(SymlinkedInventory, IsWrittenThroughKeepingTheLinkModeAndOwner) {
  Scratch scratch;
  const auto real_dir = scratch.root() / "real";
  std::filesystem::create_directory(real_dir);
  const auto real = real_dir / "jobs.yaml";
  std::filesystem::rename(scratch.files().jobs, real);
  std::filesystem::create_symlink("real/jobs.yaml", scratch.files().jobs);
  ASSERT_EQ(::chmod(real.c_str(), 0600), 0);
  // As root the file gets another owner, which a plain rename would lose.
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(real.c_str(), 65534, 65534), 0);
  }
  struct stat before {};
  ASSERT_EQ(::stat(real.c_str(), &before), 0);

  rollback(rollback_of(scratch, "churn-features"));
  EXPECT_TRUE(std::filesystem::is_symlink(scratch.files().jobs));
  EXPECT_EQ(load_inventory(real.string()).find("churn-features")->version, "3.5");
  struct stat after {};
  ASSERT_EQ(::stat(real.c_str(), &after), 0);
  EXPECT_EQ(after.st_mode & 07777, 0600U);
  EXPECT_EQ(after.st_uid, before.st_uid);
  EXPECT_EQ(after.st_gid, before.st_gid);
  EXPECT_FALSE(has_temporaries(real_dir));
}

TEST(InventoryLockFile, ASymlinkIsNotFollowed) {
  Scratch scratch;
  std::filesystem::create_symlink(scratch.root() / "elsewhere", scratch.files().lock());
  EXPECT_THROW(rollback(rollback_of(scratch, "churn-features")), EnvironmentError);
  EXPECT_FALSE(std::filesystem::exists(scratch.root() / "elsewhere"));
  EXPECT_EQ(scratch.jobs_text(), Scratch::fixture_text());
}

}  // namespace
}  // namespace sparkmv::migrate
