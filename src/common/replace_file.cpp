#include "common/replace_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/errors.hpp"

namespace sparkmv {

namespace {

namespace fs = std::filesystem;

std::string system_error(const fs::path& path, const char* what) {
  return fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno));
}

fs::path directory_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// The file a replacement writes: with through_links, what the chain of links ends at (a link to a missing
// file too, so the first write creates it there).
fs::path resolve_target(const fs::path& path, bool through_links) {
  if (!through_links) return path;
  fs::path current = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(current, error))) return current;
    const auto next = fs::read_symlink(current, error);
    if (error)
      throw EnvironmentError(fmt::format("{}: cannot read the link: {}", current.string(), error.message()));
    current = next.is_absolute() ? next : directory_of(current) / next;
  }
  throw EnvironmentError(fmt::format("{}: too many levels of symbolic links", path.string()));
}

}  // namespace

FileReplacement::FileReplacement(const fs::path& path, std::string_view content, ReplaceOptions options)
    : target_(resolve_target(path, options.through_links)), options_(std::move(options)) {
  const auto dir = directory_of(target_);
  mode_t mode = 0644;
  struct stat old {};
  const bool existed = ::lstat(target_.c_str(), &old) == 0 && S_ISREG(old.st_mode);
  if (existed) mode = old.st_mode & 07777;

  step("temporary create");
  auto name = (dir / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw EnvironmentError(system_error(dir, "cannot create a temporary file"));
  temporary_ = name;
  const auto fail = [&](const char* what) { return EnvironmentError(system_error(temporary_, what)); };
  try {
    if (::fchmod(fd, mode) != 0) throw fail("cannot set the mode");
    if (existed && options_.keep_owner && ::fchown(fd, old.st_uid, old.st_gid) != 0) {
      throw EnvironmentError(fmt::format("{}: cannot keep its owner {}:{} ({}), so it is left as it is",
                                         target_.string(), old.st_uid, old.st_gid, std::strerror(errno)));
    }
    step("temporary write");
    for (std::size_t done = 0; done < content.size();) {
      const auto n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw fail("cannot write");
      done += static_cast<std::size_t>(n);
    }
    step("temporary sync");
    if (::fsync(fd) != 0) throw fail("cannot fsync");
  } catch (...) {
    ::close(fd);
    ::unlink(temporary_.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const auto message = system_error(temporary_, "cannot close");
    ::unlink(temporary_.c_str());
    throw EnvironmentError(message);
  }
}

FileReplacement::~FileReplacement() {
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void FileReplacement::step(std::string_view name) const {
  if (options_.fail_point) options_.fail_point(name);
}

void FileReplacement::commit() {
  step("rename");
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    throw EnvironmentError(system_error(target_, "cannot replace"));
  }
  committed_ = true;
}

void FileReplacement::sync_directory() {
  const auto dir = directory_of(target_);
  step("directory sync");
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) throw EnvironmentError(system_error(dir, "cannot open the directory to fsync it"));
  const int synced = ::fsync(dir_fd);
  ::close(dir_fd);
  if (synced != 0) throw EnvironmentError(system_error(dir, "cannot fsync the directory"));
}

void replace_file(const fs::path& path, std::string_view content, ReplaceOptions options) {
  FileReplacement replacement(path, content, std::move(options));
  replacement.commit();
  replacement.sync_directory();
}

void remove_stale_temporaries(const fs::path& path, bool through_links) {
  const auto target = resolve_target(path, through_links);
  const auto prefix = "." + target.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory_of(target), ec)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.size() == prefix.size() + 6) fs::remove(entry.path(), ec);
  }
}

}  // namespace sparkmv
