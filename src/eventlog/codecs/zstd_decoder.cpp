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
      if (ZSTD_isError(result)) {
        throw InputError(fmt::format("{}: byte {}: corrupt zstd frame ({})", name(),
                                     cursor_.offset() + input.pos, ZSTD_getErrorName(result)));
      }
      cursor_.consume(input.pos);
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
  bool in_frame_ = false;
  bool ended_mid_frame_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> zstd_decoder(std::unique_ptr<ByteSource> in) {
  return std::make_unique<ZstdDecoder>(std::move(in));
}

}  // namespace sparkmv::eventlog::codecs
