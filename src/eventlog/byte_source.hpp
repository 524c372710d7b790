#pragma once
// A stream of bytes: a file, an S3 object, or the decoded output of a codec over one of those.
#include <cstddef>
#include <memory>
#include <string>

namespace sparkmv::eventlog {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Copies up to `capacity` bytes into `out`; 0 means the stream has ended.
  virtual std::size_t read(char* out, std::size_t capacity) = 0;
  // What errors name: the file path or s3:// URL.
  virtual const std::string& name() const = 0;
  // True once the stream ended inside a codec frame or block: a log still being written, or one cut off.
  virtual bool ended_mid_frame() const { return false; }
};

}  // namespace sparkmv::eventlog
