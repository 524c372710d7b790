// compress-lzf's chunk format, which Spark's lzf codec writes: "ZV", a type byte, then for type 0 a
// big-endian uint16 length and raw bytes, for type 1 uint16 compressed and uncompressed lengths and LZF data.
// Lengths are 16-bit, so no chunk can declare more than 64 KiB.
#include <fmt/format.h>
#include <liblzf/lzf.h>

#include "eventlog/codecs/block_decoder.hpp"
#include "eventlog/codecs/decoders.hpp"

namespace sparkmv::eventlog::codecs {

namespace {

class LzfChunkDecoder final : public BlockDecoder {
 public:
  using BlockDecoder::BlockDecoder;

 private:
  bool next_block() override {
    for (;;) {
      const std::uint64_t at = cursor().offset();
      char header[5];
      const std::size_t got = cursor().read_up_to(header, sizeof header);
      if (got == 0) return false;
      if (got < sizeof header) return cut_here();
      if (header[0] != 'Z' || header[1] != 'V') fail(at, "bad LZF chunk magic");
      const std::uint16_t length = read_be16(header + 3);
      if (header[2] == 0) {
        if (length == 0) continue;
        if (!read_exact(block(length), length)) return cut_here();
        return true;
      }
      if (header[2] != 1) fail(at, fmt::format("unknown LZF chunk type {}", static_cast<int>(header[2])));
      char original_bytes[2];
      if (!read_exact(original_bytes, 2)) return cut_here();
      const std::uint16_t original = read_be16(original_bytes);
      if (length == 0 || original == 0) fail(at, "bad LZF chunk lengths");
      scratch_.resize(length);
      if (!read_exact(scratch_.data(), length)) return cut_here();
      char* out = block(original);
      const unsigned int n = lzf_decompress(scratch_.data(), length, out, original);
      if (n != original) fail(at, "corrupt LZF chunk");
      return true;
    }
  }

  std::vector<char> scratch_;
};

}  // namespace

std::unique_ptr<ByteSource> lzf_chunk_decoder(std::unique_ptr<ByteSource> in) {
  return std::make_unique<LzfChunkDecoder>(std::move(in));
}

}  // namespace sparkmv::eventlog::codecs
