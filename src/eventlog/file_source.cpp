#include "eventlog/file_source.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/errors.hpp"

namespace sparkmv::eventlog {

FileSource::FileSource(std::string path, std::uint64_t offset, std::uint64_t length)
    : path_(std::move(path)), offset_(offset), remaining_(length) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read.
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) throw InputError(fmt::format("{}: {}", path_, std::strerror(errno)));
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    const auto message = fmt::format("{}: not a regular file (a FIFO, device or socket), not read", path_);
    ::close(fd_);
    fd_ = -1;
    throw InputError(message);
  }
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  // Logs are read once, front to back: let the kernel read ahead generously.
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  if (offset_ > 0 && ::lseek(fd_, static_cast<off_t>(offset_), SEEK_SET) < 0) {
    const auto message = fmt::format("{}: byte {}: {}", path_, offset_, std::strerror(errno));
    ::close(fd_);
    fd_ = -1;
    throw InputError(message);
  }
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::read(char* out, std::size_t capacity) {
  capacity = static_cast<std::size_t>(std::min<std::uint64_t>(capacity, remaining_));
  if (capacity == 0) return 0;
  for (;;) {
    const ssize_t n = ::read(fd_, out, capacity);
    if (n >= 0) {
      offset_ += static_cast<std::uint64_t>(n);
      if (remaining_ != UINT64_MAX) remaining_ -= static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno == EINTR) continue;
    throw InputError(fmt::format("{}: byte {}: {}", path_, offset_, std::strerror(errno)));
  }
}

}  // namespace sparkmv::eventlog
