#pragma once
// Where logs live: the local file system now, S3 behind the same three calls. Layout discovery and
// reading only ever go through this interface.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eventlog/byte_source.hpp"

namespace sparkmv::eventlog {

struct StorageEntry {
  std::string path;  // full path or URL, usable with open() and list()
  std::string name;  // last component
  bool directory = false;
  std::uint64_t size = 0;
  // Neither a regular file nor a directory ("FIFO", "character device", ...): reading it could block for
  // ever or never end, so it is skipped. Empty for everything S3 holds.
  std::string special;
  // Directories on the local file system: "device:inode", so a walk notices a link back to a directory it
  // has seen. Empty where storage has no links (S3).
  std::string identity;
};

class Storage {
 public:
  virtual ~Storage() = default;
  // Throws InputError naming the path when it does not exist or cannot be read.
  virtual StorageEntry stat(const std::string& path) = 0;
  // Direct children of a directory, sorted by name.
  virtual std::vector<StorageEntry> list(const std::string& directory) = 0;
  virtual std::unique_ptr<ByteSource> open(const std::string& path) = 0;
  // Bytes [offset, offset + length) of a file, or from `offset` to its end when `length` is
  // `to_end`; nullptr where reading part of a file costs as much as reading it whole, so parallel readers
  // read such storage front to back.
  static constexpr std::uint64_t to_end = UINT64_MAX;
  virtual std::unique_ptr<ByteSource> open_range(const std::string& /*path*/, std::uint64_t /*offset*/,
                                                 std::uint64_t /*length*/) {
    return nullptr;
  }
};

// The local file system.
std::unique_ptr<Storage> local_storage();

}  // namespace sparkmv::eventlog
