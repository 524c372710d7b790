#include "migrate/store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <tuple>

#include "common/errors.hpp"
#include "common/replace_file.hpp"
#include "migrate/inventory.hpp"

namespace sparkmv::migrate {

namespace {

std::string system_error(const std::filesystem::path& path, const char* what) {
  return fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno));
}

bool is_key_boundary(char c) {
  return c == ' ' || c == '\t' || c == '{' || c == ',' || c == '"' || c == '\'';
}

// Where the `version:` key of a line ends (just after the colon), or npos.
std::size_t after_version_key(std::string_view line) {
  for (std::size_t at = line.find("version"); at != std::string_view::npos;
       at = line.find("version", at + 1)) {
    if (at > 0 && !is_key_boundary(line[at - 1])) continue;
    auto end = at + 7;
    if (end < line.size() && (line[end] == '"' || line[end] == '\'')) ++end;
    while (end < line.size() && (line[end] == ' ' || line[end] == '\t')) ++end;
    if (end < line.size() && line[end] == ':') return end + 1;
  }
  return std::string_view::npos;
}

struct ValueSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  char quote = 0;  // '"', '\'' or 0 for a plain scalar
};

// The scalar starting at `from` (spaces skipped): quoted to its closing quote, plain up to a comment or the
// end of a flow collection entry.
ValueSpan value_span(std::string_view line, std::size_t from) {
  while (from < line.size() && (line[from] == ' ' || line[from] == '\t')) ++from;
  ValueSpan span{from, from, 0};
  if (from >= line.size()) return span;
  if (line[from] == '"' || line[from] == '\'') {
    span.quote = line[from];
    for (auto i = from + 1; i < line.size(); ++i) {
      if (span.quote == '"' && line[i] == '\\') {
        ++i;
      } else if (line[i] == span.quote) {
        if (span.quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
          continue;
        }
        span.end = i + 1;
        return span;
      }
    }
    span.end = span.begin;  // unterminated on this line: a multi-line scalar we do not edit
    return span;
  }
  auto end = from;
  while (end < line.size() && line[end] != ',' && line[end] != '}' && line[end] != ']' &&
         !(line[end] == '#' && end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t'))) {
    ++end;
  }
  while (end > from && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  span.end = end;
  return span;
}

struct LineSpan {
  std::size_t begin = 0;
  std::size_t end = 0;  // before "\n" or "\r\n"
};

std::vector<LineSpan> split_lines(std::string_view text) {
  std::vector<LineSpan> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    auto content_end = end;
    if (content_end > begin && text[content_end - 1] == '\r') --content_end;
    lines.push_back({begin, content_end});
    if (end == text.size()) break;
    begin = end + 1;
  }
  return lines;
}

}  // namespace

InventoryLock::InventoryLock(const std::filesystem::path& lock_file, std::chrono::milliseconds wait) {
  // O_NOFOLLOW: a link planted as the lock file would make us create or lock some other file.
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0 && errno == ELOOP) {
    throw EnvironmentError(
        fmt::format("{}: the lock file is a symbolic link; remove it (sparkmv creates a plain file)",
                    lock_file.string()));
  }
  if (fd_ < 0) throw EnvironmentError(system_error(lock_file, "cannot open the lock file"));
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const auto message = system_error(lock_file, "cannot lock");
      ::close(fd_);
      throw EnvironmentError(message);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd_);
      throw EnvironmentError(
          fmt::format("{}: another sparkmv migrate run still holds this lock after {:.0f} s; try again when "
                      "it has finished",
                      lock_file.string(), std::chrono::duration<double>(wait).count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

InventoryLock::~InventoryLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

std::string edit_pins(std::string_view text, const std::string& origin,
                      const std::vector<PinChange>& changes) {
  const auto before = parse_inventory(text, origin);
  auto expected = before;
  const auto lines = split_lines(text);
  // (offset, length, replacement), applied from the end so earlier offsets stay valid.
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> edits;
  for (const auto& change : changes) {
    const auto* job = before.find(change.job);
    if (job == nullptr) throw InputError(fmt::format("{}: no job '{}'", origin, change.job));
    if (change.to != legacy_version && change.to != target_version) {
      throw InputError(fmt::format("{}: job '{}': cannot pin to '{}'", origin, change.job, change.to));
    }
    if (job->version == change.to) continue;
    const auto fail = [&](const std::string& why) {
      return InputError(fmt::format("{}:{}: job '{}': cannot edit the pin safely ({}); change it by hand",
                                    origin, job->version_line, job->name, why));
    };
    if (job->version_line < 1 || static_cast<std::size_t>(job->version_line) > lines.size()) {
      throw fail("no line recorded for 'version'");
    }
    const auto& span = lines[static_cast<std::size_t>(job->version_line - 1)];
    const auto line = text.substr(span.begin, span.end - span.begin);
    const auto key_end = after_version_key(line);
    const auto value = value_span(line, key_end == std::string_view::npos ? 0 : key_end);
    if (value.end <= value.begin) throw fail("the value does not fit on its line");
    const char quote = value.quote == 0 ? '"' : value.quote;
    edits.emplace_back(span.begin + value.begin, value.end - value.begin,
                       fmt::format("{}{}{}", quote, change.to, quote));
    for (auto& j : expected.jobs) {
      if (j.name == change.job) j.version = change.to;
    }
  }
  std::sort(edits.begin(), edits.end(),
            [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
  std::string out(text);
  for (const auto& [offset, length, replacement] : edits) out.replace(offset, length, replacement);

  JobInventory after;
  try {
    after = parse_inventory(out, origin);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: editing the pins would break the file, so it is left as it is ({})",
                                 origin, e.what()));
  }
  for (std::size_t i = 0; i < expected.jobs.size(); ++i) {
    if (after.jobs.size() != expected.jobs.size() || !(after.jobs[i] == expected.jobs[i])) {
      const auto& job = expected.jobs[i];
      throw InputError(
          fmt::format("{}:{}: job '{}': the edited file does not read back as intended, so it is left as it "
                      "is; change the "
                      "pin by hand",
                      origin, job.version_line, job.name));
    }
  }
  return out;
}

void remove_stale_temporaries(const std::filesystem::path& path) {
  sparkmv::remove_stale_temporaries(path, true);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  replace_file(path, content, inventory_replace_options());
}

ReplaceOptions inventory_replace_options(FailPoint fail_point) {
  return ReplaceOptions{true, true, std::move(fail_point)};
}

}  // namespace sparkmv::migrate
