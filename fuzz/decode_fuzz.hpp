#pragma once
// Shared body of the codec fuzz targets: decode the input to its end. Corrupt input must end in one
// InputError; anything else (a crash, a sanitizer report, another exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/errors.hpp"
#include "eventlog/codec.hpp"
#include "eventlog/memory_source.hpp"

namespace sparkmv::fuzz {

inline int decode_all(eventlog::Codec codec, const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // Short storage reads too, so header reads that straddle refills are covered.
  auto decoder = eventlog::make_decoder(codec, std::make_unique<eventlog::MemorySource>(input, "fuzz", 977));
  static thread_local char buffer[1 << 16];
  try {
    while (decoder->read(buffer, sizeof buffer) != 0) {
    }
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace sparkmv::fuzz
