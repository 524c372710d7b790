#include "migrate/journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "common/errors.hpp"
#include "common/utc_time.hpp"

namespace sparkmv::migrate {

namespace {

std::string system_error(const std::filesystem::path& path, const char* what) {
  return fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno));
}

std::string text_field(const nlohmann::json& doc, const char* key) {
  const auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::invalid_argument(fmt::format("'{}' must be a string", key));
  return it->get<std::string>();
}

JournalEntry entry_from_json(const nlohmann::json& doc) {
  if (!doc.is_object()) throw std::invalid_argument("not a JSON object");
  JournalEntry entry;
  entry.time = text_field(doc, "time");
  entry.user = text_field(doc, "user");
  entry.action = text_field(doc, "action");
  entry.job = text_field(doc, "job");
  entry.from = text_field(doc, "from");
  entry.to = text_field(doc, "to");
  entry.reason = text_field(doc, "reason");
  entry.verdict = text_field(doc, "verdict");
  if (const auto it = doc.find("forced"); it != doc.end()) {
    if (!it->is_boolean()) throw std::invalid_argument("'forced' must be true or false");
    entry.forced = it->get<bool>();
  }
  if (const auto it = doc.find("figures"); it != doc.end() && !it->is_null()) entry.figures = *it;
  entry.inventory_before = text_field(doc, "inventory_before");
  entry.inventory_after = text_field(doc, "inventory_after");
  if (entry.action.empty()) throw std::invalid_argument("no 'action'");
  return entry;
}

// Cuts an unterminated last line (a crashed append) so that the next entry starts on a line of its own.
void drop_partial_tail(int fd, const std::filesystem::path& journal) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw EnvironmentError(system_error(journal, "cannot stat"));
  auto size = st.st_size;
  if (size == 0) return;
  char last = 0;
  if (::pread(fd, &last, 1, size - 1) != 1) throw EnvironmentError(system_error(journal, "cannot read"));
  if (last == '\n') return;
  // Scan back to the previous newline in small blocks: journals grow, the fragment is one line.
  off_t keep = 0;
  char block[4096];
  for (off_t end = size; end > 0 && keep == 0;) {
    const off_t begin = end > static_cast<off_t>(sizeof block) ? end - static_cast<off_t>(sizeof block) : 0;
    const auto n = ::pread(fd, block, static_cast<std::size_t>(end - begin), begin);
    if (n < 0) throw EnvironmentError(system_error(journal, "cannot read"));
    for (auto i = n; i > 0; --i) {
      if (block[i - 1] == '\n') {
        keep = begin + i;
        break;
      }
    }
    end = begin;
  }
  if (::ftruncate(fd, keep) != 0)
    throw EnvironmentError(system_error(journal, "cannot cut the incomplete last line"));
}

}  // namespace

nlohmann::json to_json(const JournalEntry& entry) {
  nlohmann::json doc = {
      {"time", entry.time}, {"user", entry.user}, {"action", entry.action}, {"job", entry.job}};
  if (!entry.from.empty() || !entry.to.empty()) {
    doc["from"] = entry.from;
    doc["to"] = entry.to;
  }
  doc["reason"] = entry.reason;
  doc["forced"] = entry.forced;
  if (!entry.verdict.empty()) {
    doc["verdict"] = entry.verdict;
    doc["figures"] = entry.figures;
  }
  if (!entry.inventory_after.empty()) {
    doc["inventory_before"] = entry.inventory_before;
    doc["inventory_after"] = entry.inventory_after;
  }
  return doc;
}

std::string utc_now_iso8601() {
  return utc::now(utc::iso8601);
}

std::string current_user() {
  if (const auto* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) return pw->pw_name;
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  return fmt::format("uid {}", ::geteuid());
}

JournalEntry new_entry(std::string action, std::string job) {
  JournalEntry entry;
  entry.time = utc_now_iso8601();
  entry.user = current_user();
  entry.action = std::move(action);
  entry.job = std::move(job);
  return entry;
}

std::uintmax_t append_journal(const std::filesystem::path& journal, const std::vector<JournalEntry>& entries,
                              const FailPoint& fail_point) {
  const auto step = [&](std::string_view name) {
    if (fail_point) fail_point(name);
  };
  if (entries.empty()) return 0;
  std::string lines;
  for (const auto& entry : entries) lines += to_json(entry).dump() + "\n";
  const bool fresh = !std::filesystem::exists(journal);
  const int fd = ::open(journal.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw EnvironmentError(system_error(journal, "cannot open the journal"));
  std::uintmax_t before = 0;
  try {
    drop_partial_tail(fd, journal);
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw EnvironmentError(system_error(journal, "cannot stat"));
    before = static_cast<std::uintmax_t>(st.st_size);
    step("journal write");
    // One write: the entries land together or (after a crash) as a fragment the readers skip.
    for (std::size_t done = 0; done < lines.size();) {
      const auto n = ::write(fd, lines.data() + done, lines.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw EnvironmentError(system_error(journal, "cannot append"));
      done += static_cast<std::size_t>(n);
    }
    step("journal sync");
    if (::fsync(fd) != 0) throw EnvironmentError(system_error(journal, "cannot fsync"));
  } catch (...) {
    // Whatever part of the entries got written is taken back: the caller goes on as if none were.
    if (::ftruncate(fd, static_cast<off_t>(before)) == 0) ::fsync(fd);
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (fresh) {
    const auto dir = journal.has_parent_path() ? journal.parent_path() : std::filesystem::path(".");
    if (const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
  }
  return before;
}

void undo_append(const std::filesystem::path& journal, std::uintmax_t size, const FailPoint& fail_point) {
  if (fail_point) fail_point("journal undo");
  const int fd = ::open(journal.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw EnvironmentError(system_error(journal, "cannot open the journal to take back an entry"));
  const bool ok = ::ftruncate(fd, static_cast<off_t>(size)) == 0 && ::fsync(fd) == 0;
  const auto message = ok ? std::string() : system_error(journal, "cannot take back the last entries");
  ::close(fd);
  if (!ok) throw EnvironmentError(message);
}

JournalContents read_journal(const std::filesystem::path& journal) {
  JournalContents contents;
  std::ifstream in(journal, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(journal)) return contents;
    throw EnvironmentError(system_error(journal, "cannot read the journal"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const auto text = buffer.str();
  std::size_t begin = 0;
  int line = 0;
  while (begin < text.size()) {
    ++line;
    const auto newline = text.find('\n', begin);
    const bool complete = newline != std::string::npos;
    const auto content = std::string_view(text).substr(begin, (complete ? newline : text.size()) - begin);
    begin = complete ? newline + 1 : text.size();
    if (!complete) {
      contents.warnings.push_back(
          fmt::format("{}:{}: incomplete last line (a run was interrupted while writing it): ignored",
                      journal.string(), line));
      break;
    }
    if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    try {
      auto entry = entry_from_json(nlohmann::json::parse(content));
      entry.line = line;
      contents.entries.push_back(std::move(entry));
    } catch (const std::exception& e) {
      throw InputError(fmt::format("{}:{}: malformed journal entry: {}", journal.string(), line, e.what()));
    }
  }
  return contents;
}

bool is_comparison(const JournalEntry& entry) {
  return entry.action == "trial" || entry.action == "compare";
}

std::vector<JournalEntry> last_pin_batch(const std::vector<JournalEntry>& entries) {
  std::vector<JournalEntry> batch;
  for (const auto& entry : entries) {
    if (entry.action == "abort") {
      batch.clear();
    } else if (!entry.inventory_after.empty()) {
      // One run writes its entries together, all with the same before and after.
      if (!batch.empty() && (batch.back().inventory_after != entry.inventory_after ||
                             batch.back().inventory_before != entry.inventory_before))
        batch.clear();
      batch.push_back(entry);
    }
  }
  return batch;
}

std::optional<JournalEntry> latest_comparison(const std::vector<JournalEntry>& entries,
                                              std::string_view job) {
  std::optional<JournalEntry> latest;
  for (const auto& entry : entries) {
    if (entry.job != job) continue;
    if (entry.action == "rollback") latest.reset();
    if (is_comparison(entry)) latest = entry;
  }
  return latest;
}

std::vector<JournalEntry> job_history(const std::vector<JournalEntry>& entries, std::string_view job) {
  std::vector<JournalEntry> out;
  for (const auto& entry : entries) {
    if (entry.job == job) out.push_back(entry);
  }
  return out;
}

bool comparison_allows_promotion(const JournalEntry& comparison) {
  return comparison.verdict == "no regression" || comparison.verdict == "improvement";
}

void record_comparison(const InventoryFiles& files, const Comparison& comparison,
                       std::chrono::milliseconds lock_wait) {
  if (comparison.job.empty()) throw InputError("record_comparison: no job named");
  if (comparison.action != "trial" && comparison.action != "compare") {
    throw InputError(
        fmt::format("record_comparison: action '{}' (expected trial or compare)", comparison.action));
  }
  if (comparison.verdict.empty()) {
    throw InputError(fmt::format("record_comparison: job '{}': no verdict", comparison.job));
  }
  auto entry = new_entry(comparison.action, comparison.job);
  entry.verdict = comparison.verdict;
  entry.figures = comparison.figures.is_null() ? nlohmann::json::object() : comparison.figures;
  entry.reason = comparison.reason;
  InventoryLock lock(files.lock(), lock_wait);
  append_journal(files.journal(), {entry});
}

}  // namespace sparkmv::migrate
