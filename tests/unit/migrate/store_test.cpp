#include "migrate/store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "common/errors.hpp"
#include "migrate/inventory.hpp"
#include "migrate/journal.hpp"
#include "migrate_support.hpp"

namespace sparkmv::migrate {
namespace {

using testing::read_text;
using testing::Scratch;
using testing::write_text;

// `text` with the first occurrence of `from` replaced: the only difference an edit may make.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(EditPins, ChangesOnlyTheValueOnTheJobsVersionLine) {
  const auto text = Scratch::fixture_text();
  // daily-revenue is the first job: its version line is the first `version: "3.5"`.
  EXPECT_EQ(edit_pins(text, "jobs.yaml", {{"daily-revenue", "4.1"}}),
            replaced(text, "version: \"3.5\"", "version: \"4.1\""));
  // A plain YAML number becomes a quoted string (a plain 4.1 would be a float), a patch level goes too.
  EXPECT_EQ(edit_pins(text, "jobs.yaml", {{"ad-attribution", "4.1"}}),
            replaced(text, "version: 3.5\n", "version: \"4.1\"\n"));
  EXPECT_EQ(edit_pins(text, "jobs.yaml", {{"inventory-snapshot", "4.1"}}),
            replaced(text, "version: \"3.5.7\"", "version: \"4.1\""));
  EXPECT_EQ(edit_pins(text, "jobs.yaml", {{"churn-features", "3.5"}}),
            replaced(text, "version: \"4.1\"", "version: \"3.5\""));
}

TEST(EditPins, KeepsCommentsQuotingCrlfAndFlowMappings) {
  const std::string text =
      "# inventory\r\njobs:\r\n  - name: a   # first\r\n    owner: o\r\n    risk: low\r\n"
      "    version: '3.5'   # pinned: version: 3.5\r\n    kind: batch\r\n    submit: {python_file: a.py}\r\n"
      "  - {name: b, owner: o, risk: low, version: 3.5, kind: batch, submit: {python_file: b.py}}\r\n";
  const auto edited = edit_pins(text, "jobs.yaml", {{"a", "4.1"}, {"b", "4.1"}});
  auto expected = replaced(text, "version: '3.5'", "version: '4.1'");
  expected = replaced(expected, "version: 3.5, kind", "version: \"4.1\", kind");
  EXPECT_EQ(edited, expected);
  const auto inventory = parse_inventory(edited, "jobs.yaml");
  EXPECT_EQ(inventory.find("a")->version, "4.1");
  EXPECT_EQ(inventory.find("b")->version, "4.1");
}

TEST(EditPins, AJobAlreadyOnItsTargetIsLeftAlone) {
  const auto text = Scratch::fixture_text();
  EXPECT_EQ(edit_pins(text, "jobs.yaml", {{"churn-features", "4.1"}}), text);
}

TEST(EditPins, RefusesWhenTheEditedFileWouldNotReadBackAsIntended) {
  // The pin carries an anchor another job aliases: replacing the value drops the anchor.
  const std::string text =
      "jobs:\n  - name: a\n    owner: o\n    risk: low\n    version: &pin '3.5'\n    kind: batch\n"
      "    submit: {python_file: a.py}\n  - name: b\n    owner: o\n    risk: low\n    version: *pin\n"
      "    kind: batch\n    submit: {python_file: b.py}\n";
  ASSERT_EQ(parse_inventory(text, "jobs.yaml").jobs.size(), 2U);
  try {
    edit_pins(text, "jobs.yaml", {{"a", "4.1"}});
    FAIL() << "edited";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("left as it is"), std::string::npos) << e.what();
  }
  // An alias as the pin: editing `*pin` would change job a as well.
  EXPECT_THROW(edit_pins(text, "jobs.yaml", {{"b", "4.1"}}), InputError);
}

// Whatever the layout of the pin, the edit either moves exactly that pin or refuses: never a wrong file.
TEST(EditPins, OddLayoutsAreEditedExactlyOrRefused) {
  const char* pins[] = {"version:\n      '3.5'", "version: >-\n      3.5", "version: \"3.\\\n      5\"",
                        "version: 3.5 # c, d",   "'version': '3.5'",       "\"version\" : \"3.5\"",
                        "version: !!str 3.5",    "version: |\n      3.5\n"};
  for (const char* pin : pins) {
    const auto text = std::string("jobs:\n  - name: a\n    owner: o\n    risk: low\n    ") + pin +
                      "\n    kind: batch\n    submit: {python_file: a.py}\n";
    JobInventory before;
    ASSERT_NO_THROW(before = parse_inventory(text, "jobs.yaml")) << pin;
    ASSERT_EQ(before.jobs.at(0).version, "3.5") << pin;
    try {
      const auto after = parse_inventory(edit_pins(text, "jobs.yaml", {{"a", "4.1"}}), "jobs.yaml");
      auto expected = before;
      expected.jobs[0].version = "4.1";
      EXPECT_TRUE(after.jobs.at(0) == expected.jobs[0]) << pin;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("jobs.yaml:"), std::string::npos) << pin << ": " << e.what();
    }
  }
  EXPECT_NO_THROW(edit_pins(std::string("jobs:\n  - name: a\n    owner: o\n    risk: low\n    ") + pins[0] +
                                "\n    kind: batch\n    submit: {python_file: a.py}\n",
                            "jobs.yaml", {{"a", "4.1"}}));
}

TEST(EditPins, UnknownJobOrVersionIsAnInputError) {
  const auto text = Scratch::fixture_text();
  EXPECT_THROW(edit_pins(text, "jobs.yaml", {{"nope", "4.1"}}), InputError);
  EXPECT_THROW(edit_pins(text, "jobs.yaml", {{"daily-revenue", "3.4"}}), InputError);
}

TEST(AtomicWrite, ReplacesTheFileKeepsItsModeAndLeavesNoTemporary) {
  Scratch scratch;
  ASSERT_EQ(::chmod(scratch.files().jobs.c_str(), 0640), 0);
  write_file_atomically(scratch.files().jobs, "jobs: []\n");
  EXPECT_EQ(scratch.jobs_text(), "jobs: []\n");
  struct stat st {};
  ASSERT_EQ(::stat(scratch.files().jobs.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640U);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(scratch.root())) ++files;
  EXPECT_EQ(files, 1);
}

TEST(AtomicWrite, FailureIsAnEnvironmentErrorNamingThePath) {
  Scratch scratch;
  try {
    write_file_atomically(scratch.root() / "missing" / "jobs.yaml", "x");
    FAIL() << "wrote";
  } catch (const EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
  }
}

TEST(AtomicWrite, StaleTemporariesAreRemoved) {
  Scratch scratch;
  write_text(scratch.root() / ".jobs.yaml.tmp-AbC123", "partial");
  write_text(scratch.root() / "keep.txt", "other");
  remove_stale_temporaries(scratch.files().jobs);
  EXPECT_FALSE(std::filesystem::exists(scratch.root() / ".jobs.yaml.tmp-AbC123"));
  EXPECT_TRUE(std::filesystem::exists(scratch.root() / "keep.txt"));
}

JournalEntry change_entry(const std::string& action, const std::string& job) {
  auto entry = new_entry(action, job);
  entry.from = action == "promote" ? "3.5" : "4.1";
  entry.to = action == "promote" ? "4.1" : "3.5";
  entry.reason = "because \"quoted\"\nand a newline";
  return entry;
}

TEST(Journal, AppendsAndReadsBackEveryField) {
  Scratch scratch;
  auto comparison = new_entry("trial", "a");
  comparison.verdict = "no regression";
  comparison.figures = {{"duration_ratio", 1.02}};
  append_journal(scratch.files().journal(), {change_entry("promote", "a")});
  append_journal(scratch.files().journal(), {comparison, change_entry("rollback", "a")});
  const auto journal = read_journal(scratch.files().journal());
  ASSERT_EQ(journal.entries.size(), 3U);
  EXPECT_TRUE(journal.warnings.empty());
  EXPECT_EQ(journal.entries[0].action, "promote");
  EXPECT_EQ(journal.entries[0].reason, "because \"quoted\"\nand a newline");
  EXPECT_EQ(journal.entries[0].to, "4.1");
  EXPECT_EQ(journal.entries[0].time.size(), 20U);  // 2026-11-24T03:09:28Z
  EXPECT_EQ(journal.entries[0].time.back(), 'Z');
  EXPECT_FALSE(journal.entries[0].user.empty());
  EXPECT_EQ(journal.entries[1].verdict, "no regression");
  EXPECT_DOUBLE_EQ(journal.entries[1].figures.at("duration_ratio").get<double>(), 1.02);
  EXPECT_EQ(journal.entries[2].line, 3);
  // One JSON object per line.
  const auto text = read_text(scratch.files().journal());
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

TEST(Journal, MissingJournalIsEmpty) {
  Scratch scratch;
  EXPECT_TRUE(read_journal(scratch.files().journal()).entries.empty());
}

TEST(Journal, TruncatedLastLineIsSkippedWithAWarningAndCutBeforeTheNextAppend) {
  Scratch scratch;
  append_journal(scratch.files().journal(), {change_entry("promote", "a")});
  {
    std::ofstream out(scratch.files().journal(), std::ios::binary | std::ios::app);
    out << R"({"time":"2026-11-24T03:09:28Z","user":"x","action":"rollb)";
  }
  auto journal = read_journal(scratch.files().journal());
  ASSERT_EQ(journal.entries.size(), 1U);
  ASSERT_EQ(journal.warnings.size(), 1U);
  EXPECT_NE(journal.warnings[0].find("jobs.yaml.journal:2: incomplete last line"), std::string::npos)
      << journal.warnings[0];

  append_journal(scratch.files().journal(), {change_entry("rollback", "a")});
  journal = read_journal(scratch.files().journal());
  EXPECT_TRUE(journal.warnings.empty());
  ASSERT_EQ(journal.entries.size(), 2U);
  EXPECT_EQ(journal.entries[1].action, "rollback");
  EXPECT_EQ(journal.entries[1].line, 2);
}

TEST(Journal, MalformedLineNamesFileAndLine) {
  Scratch scratch;
  write_text(scratch.files().journal(),
             "{\"action\":\"promote\",\"job\":\"a\"}\nnot json\n{\"action\":\"promote\",\"job\":\"b\"}\n");
  try {
    read_journal(scratch.files().journal());
    FAIL() << "read";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("jobs.yaml.journal:2: malformed journal entry"), std::string::npos)
        << e.what();
  }
  write_text(scratch.files().journal(), "{\"action\":\"promote\",\"forced\":\"yes\"}\n");
  EXPECT_THROW(read_journal(scratch.files().journal()), InputError);
  write_text(scratch.files().journal(), "[1,2]\n");
  EXPECT_THROW(read_journal(scratch.files().journal()), InputError);
}

TEST(Journal, LatestComparisonCountsOnlySinceTheLastRollback) {
  std::vector<JournalEntry> entries;
  auto trial = new_entry("trial", "a");
  trial.verdict = "no regression";
  entries.push_back(trial);
  auto other = new_entry("compare", "b");
  other.verdict = "regression";
  entries.push_back(other);
  ASSERT_TRUE(latest_comparison(entries, "a"));
  EXPECT_EQ(latest_comparison(entries, "a")->verdict, "no regression");
  EXPECT_EQ(latest_comparison(entries, "b")->verdict, "regression");
  EXPECT_FALSE(latest_comparison(entries, "c"));
  entries.push_back(change_entry("rollback", "a"));
  EXPECT_FALSE(latest_comparison(entries, "a"));
  EXPECT_EQ(job_history(entries, "a").size(), 2U);
  for (const char* verdict : {"no regression", "improvement"}) {
    trial.verdict = verdict;
    EXPECT_TRUE(comparison_allows_promotion(trial)) << verdict;
  }
  for (const char* verdict : {"regression", "inconclusive", "ok", ""}) {
    trial.verdict = verdict;
    EXPECT_FALSE(comparison_allows_promotion(trial)) << verdict;
  }
}

TEST(Journal, RecordComparisonValidatesAndAppends) {
  Scratch scratch;
  EXPECT_THROW(record_comparison(scratch.files(), {"a", "promote", "no regression", {}, ""}), InputError);
  EXPECT_THROW(record_comparison(scratch.files(), {"a", "trial", "", {}, ""}), InputError);
  EXPECT_THROW(record_comparison(scratch.files(), {"", "trial", "regression", {}, ""}), InputError);
  record_comparison(scratch.files(), {"a", "trial", "regression", {{"wall_ratio", 1.4}}, "run 7"});
  const auto journal = read_journal(scratch.files().journal());
  ASSERT_EQ(journal.entries.size(), 1U);
  EXPECT_EQ(journal.entries[0].verdict, "regression");
  EXPECT_EQ(journal.entries[0].reason, "run 7");
}

TEST(InventoryLock, ASecondHolderWaitsUntilTheDeadlineThenNamesTheLockFile) {
  Scratch scratch;
  int locked[2];
  int release[2];
  ASSERT_EQ(::pipe(locked), 0);
  ASSERT_EQ(::pipe(release), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      InventoryLock lock(scratch.files().lock());
      char c = 'L';
      if (::write(locked[1], &c, 1) != 1) ::_exit(2);
      if (::read(release[0], &c, 1) < 0) ::_exit(3);
    } catch (...) {
      ::_exit(4);
    }
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(locked[0], &c, 1), 1);
  try {
    InventoryLock second(scratch.files().lock(), std::chrono::milliseconds(200));
    ADD_FAILURE() << "took a held lock";
  } catch (const EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find(scratch.files().lock().string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("another sparkmv migrate run"), std::string::npos) << e.what();
  }
  // A promote waiting on the lock fails the same way and changes nothing.
  EXPECT_EQ(::write(release[1], "x", 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NO_THROW(InventoryLock(scratch.files().lock(), std::chrono::milliseconds(0)));
  for (int fd : {locked[0], locked[1], release[0], release[1]}) ::close(fd);
}

TEST(InventoryLock, ALockDiesWithItsHolder) {
  Scratch scratch;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    InventoryLock lock(scratch.files().lock());
    ::pause();
    ::_exit(0);
  }
  // Wait until the child holds it, then kill it: the kernel must release the lock.
  for (int i = 0; i < 200; ++i) {
    try {
      InventoryLock probe(scratch.files().lock(), std::chrono::milliseconds(0));
    } catch (const EnvironmentError&) {
      break;
    }
    ::usleep(10'000);
  }
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_NO_THROW(InventoryLock(scratch.files().lock(), std::chrono::milliseconds(1000)));
}

}  // namespace
}  // namespace sparkmv::migrate
