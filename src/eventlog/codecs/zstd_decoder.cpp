// Spark's zstd codec (zstd-jni) writes ordinary zstd frames, possibly several, without checksums; a log
// still being written ends inside a frame, and everything decoded before that point is still good.
#include <fmt/format.h>
#include <zstd.h>

#include "common/errors.hpp"
#include "eventlog/codecs/decoders.hpp"
#include "eventlog/input_cursor.hpp"

namespace sparkmv::eventlog::codecs {

namespace {

struct DctxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class ZstdDecoder final : public ByteSource {
 public:
  explicit ZstdDecoder(std::unique_ptr<ByteSource> in)
      : in_(std::move(in)), cursor_(*in_, ZSTD_DStreamInSize() * 4), dctx_(ZSTD_createDCtx()) {
    if (!dctx_) throw std::bad_alloc();
    // A window beyond 128 MiB is no zstd-jni default; refusing it bounds memory on hostile input.
    ZSTD_DCtx_setParameter(dctx_.get(), ZSTD_d_windowLogMax, 27);
  }

  std::size_t read(char* out, std::size_t capacity) override {
    ZSTD_outBuffer output{out, capacity, 0};
    for (;;) {
      const auto available = cursor_.peek();
      ZSTD_inBuffer input{available.data(), available.size(), 0};
      const std::size_t result = ZSTD_decompressStream(dctx_.get(), &output, &input);
      // The error names the corrupt frame's first byte: how far zstd had read into it depends on the
      // output space each caller offers, and the parallel reader must name the place the sequential names.
      if (ZSTD_isError(result)) {
        throw InputError(fmt::format("{}: byte {}: corrupt zstd frame ({})", name(), frame_start_,
                                     ZSTD_getErrorName(result)));
      }
      cursor_.consume(input.pos);
      if (result == 0) frame_start_ = cursor_.offset();  // a frame ended and was flushed: the next begins
      if (input.pos > 0 || output.pos > 0) in_frame_ = result != 0;
      if (output.pos > 0) return output.pos;
      if (available.empty()) {
        ended_mid_frame_ = in_frame_;
        return 0;
      }
    }
  }

  const std::string& name() const override { return in_->name(); }
  bool ended_mid_frame() const override { return ended_mid_frame_; }

 private:
  std::unique_ptr<ByteSource> in_;
  InputCursor cursor_;
  std::unique_ptr<ZSTD_DCtx, DctxDeleter> dctx_;
  std::uint64_t frame_start_ = 0;
  bool in_frame_ = false;
  bool ended_mid_frame_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> zstd_decoder(std::unique_ptr<ByteSource> in) {
  return std::make_unique<ZstdDecoder>(std::move(in));
}

}  // namespace sparkmv::eventlog::codecs
