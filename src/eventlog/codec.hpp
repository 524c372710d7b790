#pragma once
// The compression codecs Spark writes event logs with, named as in the file extension.
#include <memory>
#include <optional>
#include <string_view>

#include "eventlog/byte_source.hpp"

namespace sparkmv::eventlog {

enum class Codec { none, lz4, lzf, snappy, zstd };

// "lz4", "lzf", "snappy", "zstd"; "" for none.
std::string_view codec_name(Codec codec);
// The codec a file extension names; std::nullopt for an extension Spark never writes.
std::optional<Codec> codec_from_name(std::string_view name);

// Decodes `compressed` with `codec` as Spark's CompressionCodec wrote it; `none` passes bytes through.
std::unique_ptr<ByteSource> make_decoder(Codec codec, std::unique_ptr<ByteSource> compressed);

// Upper bound on any block or chunk a decoder will allocate for, whatever its header declares.
inline constexpr std::size_t max_block_size = std::size_t{64} << 20;

}  // namespace sparkmv::eventlog
