// snappy-java's SnappyOutputStream framing, which Spark's snappy codec writes: the magic "\x82SNAPPY\0" and
// two big-endian int32 versions, then chunks of a big-endian int32 length and a raw snappy block. No
// checksums. Concatenated streams repeat the header where a chunk length would be, as SnappyInputStream
// accepts.
#include <fmt/format.h>
#include <snappy-c.h>

#include <cstring>

#include "eventlog/codec.hpp"
#include "eventlog/codecs/block_decoder.hpp"
#include "eventlog/codecs/decoders.hpp"

namespace sparkmv::eventlog::codecs {

namespace {

constexpr char magic[] = {'\x82', 'S', 'N', 'A', 'P', 'P', 'Y', '\0'};
constexpr std::size_t header_length = sizeof magic + 8;
// The first four magic bytes read as a chunk length: how a concatenated stream's header shows up.
constexpr std::uint32_t magic_head = 0x82534E41;

class SnappyStreamDecoder final : public BlockDecoder {
 public:
  using BlockDecoder::BlockDecoder;

 private:
  bool read_header(std::uint64_t at, const char* first, std::size_t first_length) {
    char header[header_length];
    if (first_length > 0) std::memcpy(header, first, first_length);
    if (!read_exact(header + first_length, header_length - first_length)) return false;
    if (std::memcmp(header, magic, sizeof magic) != 0) fail(at, "bad snappy-java stream magic");
    return true;
  }

  bool next_block() override {
    if (!header_seen_) {
      const std::uint64_t at = cursor().offset();
      if (cursor().peek().empty()) return false;
      if (!read_header(at, nullptr, 0)) return cut_here();
      header_seen_ = true;
    }
    for (;;) {
      const std::uint64_t at = cursor().offset();
      char length_bytes[4];
      const std::size_t got = cursor().read_up_to(length_bytes, 4);
      if (got == 0) return false;
      if (got < 4) return cut_here();
      const std::uint32_t length = read_be32(length_bytes);
      if (length == magic_head) {
        if (!read_header(at, length_bytes, 4)) return cut_here();
        continue;
      }
      if (length == 0) continue;
      if (length > max_block_size) fail(at, fmt::format("snappy chunk length {} too large", length));
      scratch_.resize(length);
      if (!read_exact(scratch_.data(), length)) return cut_here();
      std::size_t original = 0;
      if (snappy_uncompressed_length(scratch_.data(), length, &original) != SNAPPY_OK ||
          original > max_block_size) {
        fail(at, "corrupt snappy chunk header");
      }
      if (original == 0) continue;
      char* out = block(original);
      std::size_t produced = original;
      if (snappy_uncompress(scratch_.data(), length, out, &produced) != SNAPPY_OK || produced != original) {
        fail(at, "corrupt snappy chunk");
      }
      return true;
    }
  }

  bool header_seen_ = false;
  std::vector<char> scratch_;
};

}  // namespace

std::unique_ptr<ByteSource> snappy_stream_decoder(std::unique_ptr<ByteSource> in) {
  return std::make_unique<SnappyStreamDecoder>(std::move(in));
}

}  // namespace sparkmv::eventlog::codecs
