// Fuzzes the lz4 decoder with arbitrary streams (seeded with real Spark lz4 logs by fuzz/run.sh).
#include "decode_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sparkmv::fuzz::decode_all(sparkmv::eventlog::Codec::lz4, data, size);
}
