// lz4-java's LZ4BlockOutputStream framing, which Spark's lz4 codec writes: per block the magic "LZ4Block",
// a token (method | log2(block size) - 10), then little-endian compressed length, decompressed length and
// XXH32(decompressed, seed 0x9747b28c) & 0x0FFFFFFF. A block of zero lengths ends a stream; Spark reads
// concatenated streams on, so another magic may follow it.
#include <fmt/format.h>
#include <lz4.h>
#include <xxhash.h>

#include <cstring>

#include "eventlog/codec.hpp"
#include "eventlog/codecs/block_decoder.hpp"
#include "eventlog/codecs/decoders.hpp"

namespace sparkmv::eventlog::codecs {

namespace {

constexpr char magic[] = {'L', 'Z', '4', 'B', 'l', 'o', 'c', 'k'};
constexpr std::size_t header_length = sizeof magic + 1 + 12;
constexpr unsigned method_raw = 0x10;
constexpr unsigned method_lz4 = 0x20;
constexpr std::uint32_t checksum_seed = 0x9747b28c;
constexpr int level_base = 10;

class Lz4BlockDecoder final : public BlockDecoder {
 public:
  using BlockDecoder::BlockDecoder;

 private:
  bool next_block() override {
    for (;;) {
      const std::uint64_t at = cursor().offset();
      char header[header_length];
      const std::size_t got = cursor().read_up_to(header, header_length);
      if (got == 0) return false;  // a log still being written has no end mark: ending here is clean
      if (got < header_length) return cut_here();
      if (std::memcmp(header, magic, sizeof magic) != 0) fail(at, "bad LZ4Block magic");
      const unsigned token = static_cast<unsigned char>(header[sizeof magic]);
      const unsigned method = token & 0xF0U;
      const std::uint64_t max_length = std::uint64_t{1} << (level_base + static_cast<int>(token & 0x0FU));
      const std::uint32_t compressed = read_le32(header + sizeof magic + 1);
      const std::uint32_t original = read_le32(header + sizeof magic + 5);
      const std::uint32_t check = read_le32(header + sizeof magic + 9);
      if (method != method_raw && method != method_lz4)
        fail(at, fmt::format("unknown LZ4Block method {:#x}", method));
      if (original == 0 && compressed == 0) {
        if (check != 0) fail(at, "LZ4Block end mark with a checksum");
        continue;
      }
      if (original == 0 || compressed == 0 || original > max_length || original > max_block_size ||
          compressed > static_cast<std::uint32_t>(LZ4_compressBound(static_cast<int>(original))) ||
          (method == method_raw && original != compressed)) {
        fail(at, fmt::format("bad LZ4Block lengths {} / {}", compressed, original));
      }
      char* out = block(original);
      if (method == method_raw) {
        if (!read_exact(out, original)) return cut_here();
      } else {
        scratch_.resize(compressed);
        if (!read_exact(scratch_.data(), compressed)) return cut_here();
        const int n = LZ4_decompress_safe(scratch_.data(), out, static_cast<int>(compressed),
                                          static_cast<int>(original));
        if (n < 0 || static_cast<std::uint32_t>(n) != original) fail(at, "corrupt LZ4 block");
      }
      const std::uint32_t actual = XXH32(out, original, checksum_seed) & 0x0FFFFFFFU;
      if (actual != check)
        fail(at, fmt::format("LZ4Block checksum mismatch ({:#x} != {:#x})", actual, check));
      return true;
    }
  }

  std::vector<char> scratch_;
};

}  // namespace

std::unique_ptr<ByteSource> lz4_block_decoder(std::unique_ptr<ByteSource> in) {
  return std::make_unique<Lz4BlockDecoder>(std::move(in));
}

}  // namespace sparkmv::eventlog::codecs
