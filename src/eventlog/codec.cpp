#include "eventlog/codec.hpp"

#include "eventlog/codecs/decoders.hpp"

namespace sparkmv::eventlog {

std::string_view codec_name(Codec codec) {
  switch (codec) {
    case Codec::none:
      return "";
    case Codec::lz4:
      return "lz4";
    case Codec::lzf:
      return "lzf";
    case Codec::snappy:
      return "snappy";
    case Codec::zstd:
      return "zstd";
  }
  return "";
}

std::optional<Codec> codec_from_name(std::string_view name) {
  for (const Codec codec : {Codec::lz4, Codec::lzf, Codec::snappy, Codec::zstd}) {
    if (name == codec_name(codec)) return codec;
  }
  return std::nullopt;
}

std::unique_ptr<ByteSource> make_decoder(Codec codec, std::unique_ptr<ByteSource> compressed) {
  switch (codec) {
    case Codec::none:
      return compressed;
    case Codec::lz4:
      return codecs::lz4_block_decoder(std::move(compressed));
    case Codec::lzf:
      return codecs::lzf_chunk_decoder(std::move(compressed));
    case Codec::snappy:
      return codecs::snappy_stream_decoder(std::move(compressed));
    case Codec::zstd:
      return codecs::zstd_decoder(std::move(compressed));
  }
  return compressed;
}

}  // namespace sparkmv::eventlog
