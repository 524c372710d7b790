#include "eventlog/codecs/block_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "common/errors.hpp"

namespace sparkmv::eventlog::codecs {

BlockDecoder::BlockDecoder(std::unique_ptr<ByteSource> in) : in_(std::move(in)), cursor_(*in_) {}

std::size_t BlockDecoder::read(char* out, std::size_t capacity) {
  while (position_ == length_) {
    length_ = 0;
    position_ = 0;
    if (!next_block()) return 0;
  }
  const std::size_t n = std::min(capacity, length_ - position_);
  std::memcpy(out, block_.data() + position_, n);
  position_ += n;
  return n;
}

char* BlockDecoder::block(std::size_t n) {
  // Grows only, so steady-state decoding allocates nothing.
  if (block_.size() < n) block_.resize(n);
  length_ = n;
  position_ = 0;
  return block_.data();
}

bool BlockDecoder::read_exact(char* out, std::size_t n) {
  return cursor_.read_up_to(out, n) == n;
}

bool BlockDecoder::cut_here() {
  ended_mid_frame_ = true;
  length_ = 0;
  position_ = 0;
  return false;
}

void BlockDecoder::fail(std::uint64_t offset, std::string_view what) const {
  throw InputError(fmt::format("{}: byte {}: {}", name(), offset, what));
}

}  // namespace sparkmv::eventlog::codecs
