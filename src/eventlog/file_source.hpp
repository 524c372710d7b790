#pragma once
// A local file as a ByteSource: plain read(2) into the caller's buffer, one copy from the page cache.
#include <cstdint>
#include <string>

#include "eventlog/byte_source.hpp"

namespace sparkmv::eventlog {

class FileSource final : public ByteSource {
 public:
  // Throws InputError naming the path when the file cannot be opened (missing, permission denied). Reads
  // `length` bytes from `offset` on (UINT64_MAX: to the end, however far the file has grown by then).
  explicit FileSource(std::string path, std::uint64_t offset = 0, std::uint64_t length = UINT64_MAX);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* out, std::size_t capacity) override;
  const std::string& name() const override { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t offset_ = 0;
  std::uint64_t remaining_ = UINT64_MAX;
};

}  // namespace sparkmv::eventlog
