#pragma once
// Test-side encoders that write each codec's stream the way Spark's Java libraries do, so decoders can be
// checked on data of any shape (the real fixtures cover the shapes Spark actually produced).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sparkmv::eventlog::testing {

// lz4-java LZ4BlockOutputStream: `block_size` blocks, XXH32 checksums, and an end mark unless `end_mark` is
// false.
std::string lz4_block_stream(std::string_view data, std::size_t block_size = 32768, bool end_mark = true);
// snappy-java SnappyOutputStream.
std::string snappy_java_stream(std::string_view data, std::size_t block_size = 32768);
// compress-lzf LZFOutputStream chunks.
std::string lzf_chunks(std::string_view data, std::size_t chunk_size = 65535);
// zstd frames of `frame_size` input bytes each, as a flushing writer leaves them.
std::string zstd_frames(std::string_view data, std::size_t frame_size = 1 << 20);

// JSON lines of a small, plausible application.
std::string sample_log(std::string_view spark_version, std::string_view app_id, bool ended = true,
                       int tasks = 50);

// A fresh directory removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `relative` (creating directories) and returns the full path.
  std::string write(const std::string& relative, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);

}  // namespace sparkmv::eventlog::testing
