#pragma once
// Bytes already in memory as a ByteSource: for fuzzers, tests, and small objects fetched whole.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "eventlog/byte_source.hpp"

namespace sparkmv::eventlog {

class MemorySource final : public ByteSource {
 public:
  // `data` must outlive the source. `max_read` makes reads short, to exercise callers' refill paths.
  MemorySource(std::string_view data, std::string name, std::size_t max_read = SIZE_MAX)
      : data_(data), name_(std::move(name)), max_read_(max_read) {}

  std::size_t read(char* out, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, data_.size(), max_read_});
    if (n > 0) std::memcpy(out, data_.data(), n);
    data_.remove_prefix(n);
    return n;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string_view data_;
  std::string name_;
  std::size_t max_read_;
};

}  // namespace sparkmv::eventlog
