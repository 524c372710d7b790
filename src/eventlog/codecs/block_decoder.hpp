#pragma once
// Shared shape of the block-framed codecs (lz4, snappy, lzf): decode one block at a time into a buffer and
// hand it out; the subclass reads headers and decides what a block is.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "eventlog/byte_source.hpp"
#include "eventlog/input_cursor.hpp"

namespace sparkmv::eventlog::codecs {

class BlockDecoder : public ByteSource {
 public:
  explicit BlockDecoder(std::unique_ptr<ByteSource> in);
  std::size_t read(char* out, std::size_t capacity) final;
  const std::string& name() const final { return in_->name(); }
  bool ended_mid_frame() const final { return ended_mid_frame_; }

 protected:
  // Decodes the next block into block(n); returns false at the end of the stream.
  virtual bool next_block() = 0;
  // Space for a decoded block of `n` bytes; `n` must already be capped.
  char* block(std::size_t n);
  // Reads exactly `n` bytes, or returns false when the stream ends first (a cut log).
  bool read_exact(char* out, std::size_t n);
  // Marks the stream as cut inside a block and ends it.
  bool cut_here();
  [[noreturn]] void fail(std::uint64_t offset, std::string_view what) const;
  InputCursor& cursor() { return cursor_; }

 private:
  std::unique_ptr<ByteSource> in_;
  InputCursor cursor_;
  std::vector<char> block_;
  std::size_t length_ = 0;
  std::size_t position_ = 0;
  bool ended_mid_frame_ = false;
};

// Big- and little-endian integers as the Java writers put them.
inline std::uint32_t read_be32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) | u[3];
}
inline std::uint32_t read_le32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[3]} << 24) | (std::uint32_t{u[2]} << 16) | (std::uint32_t{u[1]} << 8) | u[0];
}
inline std::uint16_t read_be16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint16_t>((u[0] << 8) | u[1]);
}

}  // namespace sparkmv::eventlog::codecs
