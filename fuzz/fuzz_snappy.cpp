// Fuzzes the snappy decoder with arbitrary streams (seeded with real Spark snappy logs by fuzz/run.sh).
#include "decode_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return sparkmv::fuzz::decode_all(sparkmv::eventlog::Codec::snappy, data, size);
}
