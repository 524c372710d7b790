// The local file system as Storage.
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "common/errors.hpp"
#include "eventlog/file_source.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::eventlog {

namespace {

namespace fs = std::filesystem;

std::string special_kind(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::regular:
    case fs::file_type::directory:
      return {};
    case fs::file_type::fifo:
      return "FIFO";
    case fs::file_type::character:
      return "character device";
    case fs::file_type::block:
      return "block device";
    case fs::file_type::socket:
      return "socket";
    default:
      return "special file";
  }
}

// stat(2), following links like the walk does, for the directory's identity.
std::string identity_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  return fmt::format("{}:{}", info.st_dev, info.st_ino);
}

StorageEntry entry_of(const fs::path& path, const fs::file_status& status, std::uint64_t size) {
  const bool directory = fs::is_directory(status);
  return StorageEntry{path.string(), path.filename().string(), directory,
                      size,          special_kind(status),     directory ? identity_of(path) : std::string()};
}

class LocalStorage final : public Storage {
 public:
  StorageEntry stat(const std::string& path) override {
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error) throw InputError(fmt::format("{}: {}", path, error.message()));
    std::uint64_t size = 0;
    if (fs::is_regular_file(status)) size = fs::file_size(path, error);
    fs::path p(path);
    if (p.filename().empty()) p = p.parent_path();  // "dir/" names "dir"
    return entry_of(p, status, size);
  }

  std::vector<StorageEntry> list(const std::string& directory) override {
    std::error_code error;
    std::vector<StorageEntry> entries;
    fs::directory_iterator it(directory, error);
    if (error) throw InputError(fmt::format("{}: {}", directory, error.message()));
    for (; it != fs::directory_iterator(); it.increment(error)) {
      if (error) throw InputError(fmt::format("{}: {}", directory, error.message()));
      const auto status = it->status(error);
      if (error) continue;  // a dangling link is no log
      std::uint64_t size = 0;
      if (fs::is_regular_file(status)) size = it->file_size(error);
      entries.push_back(entry_of(it->path(), status, error ? 0 : size));
    }
    if (error) throw InputError(fmt::format("{}: {}", directory, error.message()));
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return entries;
  }

  std::unique_ptr<ByteSource> open(const std::string& path) override {
    return std::make_unique<FileSource>(path);
  }

  std::unique_ptr<ByteSource> open_range(const std::string& path, std::uint64_t offset,
                                         std::uint64_t length) override {
    return std::make_unique<FileSource>(path, offset, length);
  }
};

}  // namespace

std::unique_ptr<Storage> local_storage() {
  return std::make_unique<LocalStorage>();
}

}  // namespace sparkmv::eventlog
