#pragma once
// Safe changes to jobs.yaml: a lock against concurrent runs, an edit that touches only a job's `version:`
// line, and a write that leaves the file either old or new, never partial. docs/reference/migrate.md
// ("Crash safety") explains the order of the steps.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/replace_file.hpp"

namespace sparkmv::migrate {

// The files that live beside an inventory: `<jobs>.lock` and `<jobs>.journal`.
struct InventoryFiles {
  std::filesystem::path jobs;

  std::filesystem::path lock() const { return std::filesystem::path(jobs.string() + ".lock"); }
  std::filesystem::path journal() const { return std::filesystem::path(jobs.string() + ".journal"); }
};

inline constexpr std::chrono::milliseconds default_lock_wait{10'000};

// An exclusive flock on the lock file, held for one read-modify-write of the inventory and its journal.
// Tries once without blocking, then polls until `wait` has passed; a lock still held then is an
// EnvironmentError naming the lock file. The kernel drops the lock when its holder dies, so a crashed run
// never leaves it stuck.
class InventoryLock {
 public:
  // The lock file is never followed if it is a symbolic link (EnvironmentError).
  explicit InventoryLock(const std::filesystem::path& lock_file,
                         std::chrono::milliseconds wait = default_lock_wait);
  ~InventoryLock();
  InventoryLock(const InventoryLock&) = delete;
  InventoryLock& operator=(const InventoryLock&) = delete;

 private:
  int fd_ = -1;
};

struct PinChange {
  std::string job;
  std::string to;  // "3.5" or "4.1"
};

// `text` with each job's pin moved, editing only the value on the job's `version:` line (comments, quoting
// style and every other byte kept; a plain value becomes double-quoted so that YAML never reads it as a
// number). The result is parsed again and must equal the old inventory with just those pins changed, or
// nothing is returned: InputError naming the file, line and job. A job already on its target is left alone.
std::string edit_pins(std::string_view text, const std::string& origin,
                      const std::vector<PinChange>& changes);

// How jobs.yaml is replaced (common/replace_file.hpp): a symlinked jobs.yaml is written through to the file
// it points to (the link stays), and that file keeps its mode, owner and group.
ReplaceOptions inventory_replace_options(FailPoint fail_point = {});

// Replaces `path` with `content` in one go with inventory_replace_options(): readers and crashes see the
// old or the new file, never a mix. EnvironmentError naming the path on any failure; the temporary file is
// removed.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// Removes temporary files a killed write left beside jobs.yaml (or beside the file it links to). Only safe
// while holding the InventoryLock, when no other write can be under way.
void remove_stale_temporaries(const std::filesystem::path& path);

}  // namespace sparkmv::migrate
