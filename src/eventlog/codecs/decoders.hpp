#pragma once
// One decoder per codec, each in its own file; make_decoder() picks one.
#include <memory>

#include "eventlog/byte_source.hpp"

namespace sparkmv::eventlog::codecs {

std::unique_ptr<ByteSource> zstd_decoder(std::unique_ptr<ByteSource> in);
std::unique_ptr<ByteSource> lz4_block_decoder(std::unique_ptr<ByteSource> in);
std::unique_ptr<ByteSource> snappy_stream_decoder(std::unique_ptr<ByteSource> in);
std::unique_ptr<ByteSource> lzf_chunk_decoder(std::unique_ptr<ByteSource> in);

}  // namespace sparkmv::eventlog::codecs
