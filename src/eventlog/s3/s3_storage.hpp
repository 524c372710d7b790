#pragma once
// S3 as Storage: "directories" are key prefixes ending in '/', listed with ListObjectsV2 and the '/'
// delimiter; objects are read as a stream of ranged GETs, one range in memory at a time.
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eventlog/s3/s3_client.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::eventlog::s3 {

// Storage for s3:// and s3a:// URLs only.
std::unique_ptr<Storage> s3_storage(std::shared_ptr<S3Client> client);

// Storage for locations of any kind: s3:// and s3a:// through S3, anything else on the local file system.
// The S3 client is made on the first S3 location, so a local scan never needs credentials.
std::unique_ptr<Storage> storage_for(S3Settings settings);

// Checks, before anything is read, what is bad input whatever the store says: each s3:// or s3a:// location's
// bucket name and the timeout. InputError naming it, so the command exits 2 rather than reporting the
// location as unreadable.
void check_locations(const std::vector<std::string>& locations, const S3Settings& settings);

// An S3 object as a ByteSource: ranged GETs of `config().range_bytes`, up to `config().ranges_in_flight`
// of them under way at once so the network keeps up with the reader, handed out in order. Each is checked
// against the ETag of the first, so an object replaced mid-read fails instead of mixing two versions. Memory:
// the ranges in flight.
class S3ObjectSource final : public ByteSource {
 public:
  S3ObjectSource(std::shared_ptr<S3Client> client, S3Url object);
  ~S3ObjectSource() override;
  S3ObjectSource(const S3ObjectSource&) = delete;
  S3ObjectSource& operator=(const S3ObjectSource&) = delete;
  std::size_t read(char* out, std::size_t capacity) override;
  const std::string& name() const override { return name_; }

 private:
  struct Fetch {
    std::uint64_t first = 0;
    std::future<ObjectRange> range;
  };
  void fill_window();
  void drain_window();
  ObjectRange next_range();

  std::shared_ptr<S3Client> client_;
  S3Url object_;
  std::string name_;
  std::string buffer_;
  std::size_t buffer_at_ = 0;
  std::uint64_t next_ = 0;       // offset of the next byte to hand out once buffer_ is used up
  std::uint64_t requested_ = 0;  // offset of the next range to ask for
  std::optional<std::uint64_t> total_;
  std::string etag_;
  std::deque<Fetch> in_flight_;
};

}  // namespace sparkmv::eventlog::s3
