#pragma once
// Buffered, offset-tracking input for the codec decoders: they need exact-length reads of headers and
// blocks, and the byte offset of whatever turned out to be wrong.
#include <cstdint>
#include <span>
#include <vector>

#include "eventlog/byte_source.hpp"

namespace sparkmv::eventlog {

class InputCursor {
 public:
  explicit InputCursor(ByteSource& in, std::size_t buffer_size = std::size_t{1} << 18);

  // The bytes buffered now, refilled when none are; empty only at the end of the input.
  std::span<const char> peek();
  void consume(std::size_t n);
  // Copies `n` bytes unless the input ends first; returns how many were copied.
  std::size_t read_up_to(char* out, std::size_t n);
  // Bytes consumed so far: the offset in the underlying stream of the next byte.
  std::uint64_t offset() const { return offset_; }
  const std::string& name() const { return in_.name(); }

 private:
  ByteSource& in_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t offset_ = 0;
};

}  // namespace sparkmv::eventlog
