#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>

#include "common/errors.hpp"
#include "eventlog/codec.hpp"
#include "eventlog/memory_source.hpp"
#include "framing.hpp"

namespace sparkmv::eventlog {
namespace {

using testing::lz4_block_stream;
using testing::lzf_chunks;
using testing::sample_log;
using testing::snappy_java_stream;
using testing::zstd_frames;

struct Decoded {
  std::string bytes;
  bool ended_mid_frame = false;
};

Decoded decode(Codec codec, std::string_view stream, std::size_t max_read = SIZE_MAX) {
  auto decoder = make_decoder(codec, std::make_unique<MemorySource>(stream, "logs/app-1", max_read));
  Decoded out;
  char buffer[4096];
  while (const std::size_t n = decoder->read(buffer, sizeof buffer)) out.bytes.append(buffer, n);
  out.ended_mid_frame = decoder->ended_mid_frame();
  return out;
}

std::string error_of(Codec codec, std::string_view stream) {
  try {
    decode(codec, stream);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

struct CodecCase {
  const char* name;
  Codec codec;
  std::function<std::string(std::string_view)> encode;
};

class CodecRoundTrip : public ::testing::TestWithParam<CodecCase> {};

TEST_P(CodecRoundTrip, DecodesWhatTheJavaFramingWrote) {
  const std::string data = sample_log("3.5.7", "app-1", true, 2000);
  ASSERT_GT(data.size(), 200000U);  // several blocks of every codec
  const auto& c = GetParam();
  const std::string stream = c.encode(data);
  EXPECT_EQ(decode(c.codec, stream).bytes, data);
  // Tiny reads from storage must not change anything.
  EXPECT_EQ(decode(c.codec, stream, 7).bytes, data);
  EXPECT_FALSE(decode(c.codec, stream).ended_mid_frame);
}

TEST_P(CodecRoundTrip, ConcatenatedStreamsReadOn) {
  const auto& c = GetParam();
  const std::string a = sample_log("3.5.7", "app-1", false, 10);
  const std::string b = sample_log("3.5.7", "app-2", true, 10);
  EXPECT_EQ(decode(c.codec, c.encode(a) + c.encode(b)).bytes, a + b);
}

TEST_P(CodecRoundTrip, CutMidFrameYieldsEverythingBefore) {
  const auto& c = GetParam();
  const std::string data = sample_log("4.1.0", "app-1", true, 3000);
  const std::string stream = c.encode(data);
  const auto cut = decode(c.codec, std::string_view(stream).substr(0, stream.size() * 2 / 3));
  EXPECT_TRUE(cut.ended_mid_frame);
  EXPECT_GT(cut.bytes.size(), data.size() / 3);
  EXPECT_EQ(data.substr(0, cut.bytes.size()), cut.bytes);
}

TEST_P(CodecRoundTrip, EmptyStreamIsEmpty) {
  const auto decoded = decode(GetParam().codec, "");
  EXPECT_EQ(decoded.bytes, "");
  EXPECT_FALSE(decoded.ended_mid_frame);
}

TEST_P(CodecRoundTrip, GarbageIsOneErrorWithFileAndOffset) {
  const std::string message = error_of(GetParam().codec, std::string(64, 'x'));
  EXPECT_TRUE(message.starts_with("logs/app-1: byte 0: ")) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Codecs, CodecRoundTrip,
    ::testing::Values(
        CodecCase{"lz4", Codec::lz4, [](std::string_view d) { return lz4_block_stream(d); }},
        CodecCase{"snappy", Codec::snappy, [](std::string_view d) { return snappy_java_stream(d); }},
        CodecCase{"lzf", Codec::lzf, [](std::string_view d) { return lzf_chunks(d); }},
        CodecCase{"zstd", Codec::zstd, [](std::string_view d) { return zstd_frames(d, 100000); }}),
    [](const ::testing::TestParamInfo<CodecCase>& p) { return std::string(p.param.name); });

TEST(Lz4Block, ChecksumMismatchNamesTheBlock) {
  const std::string data = sample_log("3.5.7", "app-1", true, 1000);
  std::string stream = lz4_block_stream(data);
  const std::size_t second_block = stream.find("LZ4Block", 1);
  ASSERT_NE(second_block, std::string::npos);
  stream[second_block + 17] ^= 0x01;  // the checksum field
  EXPECT_EQ(error_of(Codec::lz4, stream).substr(0, 40),
            fmt::format("logs/app-1: byte {}: LZ4Block checksum mismatch", second_block).substr(0, 40));
}

TEST(Lz4Block, BadMagicAfterTheFirstBlock) {
  std::string stream = lz4_block_stream(sample_log("3.5.7", "app-1", true, 1000));
  const std::size_t second_block = stream.find("LZ4Block", 1);
  stream[second_block] = 'X';
  EXPECT_EQ(error_of(Codec::lz4, stream),
            fmt::format("logs/app-1: byte {}: bad LZ4Block magic", second_block));
}

TEST(Lz4Block, NoEndMarkIsAStillOpenLogNotACut) {
  const std::string data = sample_log("3.5.7", "app-1", false, 100);
  const auto decoded = decode(Codec::lz4, lz4_block_stream(data, 32768, false));
  EXPECT_EQ(decoded.bytes, data);
  EXPECT_FALSE(decoded.ended_mid_frame);
}

TEST(Lz4Block, DeclaredLengthsAreCappedBeforeAllocation) {
  std::string stream = "LZ4Block";
  stream.push_back(static_cast<char>(0x20 | 0x0F));  // claims 32 MiB blocks
  stream += std::string("\xff\xff\xff\x7f\xff\xff\xff\x7f\0\0\0\0", 12);
  EXPECT_TRUE(error_of(Codec::lz4, stream).starts_with("logs/app-1: byte 0: bad LZ4Block lengths"));
}

TEST(Snappy, HugeChunkLengthIsRefused) {
  std::string stream = snappy_java_stream("");
  stream += "\x7f\xff\xff\xff";
  EXPECT_EQ(error_of(Codec::snappy, stream), "logs/app-1: byte 16: snappy chunk length 2147483647 too large");
}

TEST(Snappy, BadMagic) {
  EXPECT_EQ(error_of(Codec::snappy, std::string("\x82SNAPPX\0\0\0\0\1\0\0\0\1", 16)),
            "logs/app-1: byte 0: bad snappy-java stream magic");
}

TEST(Lzf, UnknownChunkType) {
  EXPECT_EQ(error_of(Codec::lzf, std::string("ZV\x07\0\1x", 6)),
            "logs/app-1: byte 0: unknown LZF chunk type 7");
}

TEST(Zstd, CorruptFrameNamesTheOffset) {
  std::string stream = zstd_frames(sample_log("3.5.7", "app-1", true, 500));
  stream[0] = 0;
  EXPECT_TRUE(error_of(Codec::zstd, stream).starts_with("logs/app-1: byte 0: corrupt zstd frame"))
      << error_of(Codec::zstd, stream);
}

TEST(CodecNames, FromExtension) {
  EXPECT_EQ(codec_from_name("zstd"), Codec::zstd);
  EXPECT_EQ(codec_from_name("lz4"), Codec::lz4);
  EXPECT_EQ(codec_from_name("gz"), std::nullopt);
  EXPECT_EQ(codec_name(Codec::snappy), "snappy");
}

}  // namespace
}  // namespace sparkmv::eventlog
