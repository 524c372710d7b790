#include "framing.hpp"

#include <fmt/format.h>
#include <liblzf/lzf.h>
#include <lz4.h>
#include <snappy-c.h>
#include <stdlib.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace sparkmv::eventlog::testing {

namespace {

void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_be32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_be16(std::string& out, std::size_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

}  // namespace

std::string lz4_block_stream(std::string_view data, std::size_t block_size, bool end_mark) {
  int level = 0;
  while ((std::size_t{1} << (level + 10)) < block_size) ++level;
  std::string out;
  std::vector<char> compressed(static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(block_size))));
  for (std::size_t at = 0; at < data.size(); at += block_size) {
    const auto block = data.substr(at, block_size);
    const int n = LZ4_compress_default(block.data(), compressed.data(), static_cast<int>(block.size()),
                                       static_cast<int>(compressed.size()));
    const bool raw = n <= 0 || static_cast<std::size_t>(n) >= block.size();
    out += "LZ4Block";
    out.push_back(static_cast<char>((raw ? 0x10 : 0x20) | level));
    put_le32(out, static_cast<std::uint32_t>(raw ? block.size() : static_cast<std::size_t>(n)));
    put_le32(out, static_cast<std::uint32_t>(block.size()));
    put_le32(out, XXH32(block.data(), block.size(), 0x9747b28c) & 0x0FFFFFFFU);
    out += raw ? block : std::string_view(compressed.data(), static_cast<std::size_t>(n));
  }
  if (end_mark) {
    out += "LZ4Block";
    out.push_back(static_cast<char>(0x10 | level));
    put_le32(out, 0);
    put_le32(out, 0);
    put_le32(out, 0);
  }
  return out;
}

std::string snappy_java_stream(std::string_view data, std::size_t block_size) {
  std::string out("\x82SNAPPY\0", 8);
  put_be32(out, 1);
  put_be32(out, 1);
  std::vector<char> compressed(snappy_max_compressed_length(block_size));
  for (std::size_t at = 0; at < data.size(); at += block_size) {
    const auto block = data.substr(at, block_size);
    std::size_t n = compressed.size();
    if (snappy_compress(block.data(), block.size(), compressed.data(), &n) != SNAPPY_OK) {
      throw std::runtime_error("snappy_compress failed");
    }
    put_be32(out, static_cast<std::uint32_t>(n));
    out.append(compressed.data(), n);
  }
  return out;
}

std::string lzf_chunks(std::string_view data, std::size_t chunk_size) {
  std::string out;
  std::vector<char> compressed(chunk_size + 16);
  for (std::size_t at = 0; at < data.size(); at += chunk_size) {
    const auto chunk = data.substr(at, chunk_size);
    const unsigned n = lzf_compress(chunk.data(), static_cast<unsigned>(chunk.size()), compressed.data(),
                                    static_cast<unsigned>(chunk.size() - 1));
    out += "ZV";
    if (n == 0) {
      out.push_back('\0');
      put_be16(out, chunk.size());
      out += chunk;
    } else {
      out.push_back('\1');
      put_be16(out, n);
      put_be16(out, chunk.size());
      out.append(compressed.data(), n);
    }
  }
  return out;
}

std::string zstd_frames(std::string_view data, std::size_t frame_size) {
  std::string out;
  std::vector<char> compressed(ZSTD_compressBound(frame_size));
  for (std::size_t at = 0; at < data.size(); at += frame_size) {
    const auto frame = data.substr(at, frame_size);
    const std::size_t n = ZSTD_compress(compressed.data(), compressed.size(), frame.data(), frame.size(), 1);
    if (ZSTD_isError(n)) throw std::runtime_error("ZSTD_compress failed");
    out.append(compressed.data(), n);
  }
  return out;
}

std::string sample_log(std::string_view spark_version, std::string_view app_id, bool ended, int tasks) {
  std::string out;
  out += fmt::format(R"({{"Event":"SparkListenerLogStart","Spark Version":"{}"}})"
                     "\n",
                     spark_version);
  out +=
      R"({"Event":"SparkListenerResourceProfileAdded","Resource Profile Id":0,"Executor Resource Requests":{}})"
      "\n";
  out += fmt::format(R"({{"Event":"SparkListenerApplicationStart","App Name":"sample \"app\"","App ID":"{}",)"
                     R"("Timestamp":1700000000000,"User":"spark"}})"
                     "\n",
                     app_id);
  out += R"({"Event":"SparkListenerJobStart","Job ID":0,"Submission Time":1700000000100,"Stage Infos":[],)"
         R"("Stage IDs":[0],"Properties":{"spark.job.tags":"spark-session-1,nightly"}})"
         "\n";
  for (int t = 0; t < tasks; ++t) {
    out += fmt::format(
        R"({{"Event":"SparkListenerTaskEnd","Stage ID":0,"Stage Attempt ID":0,"Task Type":"ResultTask",)"
        R"("Task End Reason":{{"Reason":"Success"}},"Task Info":{{"Task ID":{},"Index":{},"Attempt":0,)"
        R"("Launch Time":1700000000200,"Executor ID":"driver","Host":"localhost","Finish Time":1700000000300,)"
        R"("Failed":false,"Killed":false,"Accumulables":[]}},"Task Metrics":{{"Executor Run Time":{},)"
        R"("Peak On Heap Execution Memory":0}}}})"
        "\n",
        t, t, 10 + t);
  }
  out +=
      R"({"Event":"SparkListenerJobEnd","Job ID":0,"Completion Time":1700000000400,"Job Result":{"Result":"JobSucceeded"}})"
      "\n";
  if (ended) {
    out += R"({"Event":"SparkListenerApplicationEnd","Timestamp":1700000000500})"
           "\n";
  }
  return out;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sparkmv-eventlog-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add,
                               ignored);
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& relative, std::string_view content) const {
  const auto full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
  return full.string();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace sparkmv::eventlog::testing
