#include "eventlog/input_cursor.hpp"

#include <algorithm>
#include <cstring>

namespace sparkmv::eventlog {

InputCursor::InputCursor(ByteSource& in, std::size_t buffer_size) : in_(in), buffer_(buffer_size) {}

std::span<const char> InputCursor::peek() {
  if (begin_ == end_) {
    begin_ = 0;
    end_ = in_.read(buffer_.data(), buffer_.size());
  }
  return {buffer_.data() + begin_, end_ - begin_};
}

void InputCursor::consume(std::size_t n) {
  begin_ += n;
  offset_ += n;
}

std::size_t InputCursor::read_up_to(char* out, std::size_t n) {
  std::size_t copied = 0;
  while (copied < n) {
    const auto available = peek();
    if (available.empty()) break;
    const std::size_t take = std::min(available.size(), n - copied);
    std::memcpy(out + copied, available.data(), take);
    consume(take);
    copied += take;
  }
  return copied;
}

}  // namespace sparkmv::eventlog
