#include "eventlog/s3/s3_storage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "common/errors.hpp"

namespace sparkmv::eventlog::s3 {

namespace {

std::string last_component(std::string_view key) {
  while (key.ends_with('/')) key.remove_suffix(1);
  const auto slash = key.rfind('/');
  return std::string(slash == std::string_view::npos ? key : key.substr(slash + 1));
}

class S3Storage final : public Storage {
 public:
  explicit S3Storage(std::shared_ptr<S3Client> client) : client_(std::move(client)) {}

  StorageEntry stat(const std::string& path) override {
    const S3Url url = parse_s3_url(path);
    if (url.key.empty()) return StorageEntry{url.str(), url.bucket, true, 0, {}, {}};
    // A prefix with anything below it is a directory; S3 has no empty directories.
    const ListPage page = client_->list_page(url, url.key + "/", "/", {}, 1);
    if (!page.objects.empty() || !page.common_prefixes.empty())
      return StorageEntry{url.str(), last_component(url.key), true, 0, {}, {}};
    if (const auto size = client_->head(url))
      return StorageEntry{url.str(), last_component(url.key), false, *size, {}, {}};
    throw InputError(fmt::format("{}: no such object, and no objects below it", url.str()));
  }

  std::vector<StorageEntry> list(const std::string& directory) override {
    const S3Url url = parse_s3_url(directory);
    const std::string prefix = url.key.empty() ? std::string() : url.key + "/";
    std::vector<StorageEntry> entries;
    std::string token;
    do {
      ListPage page = client_->list_page(url, prefix, "/", token);
      for (const auto& object : page.objects) {
        if (object.key.size() <= prefix.size()) continue;  // the "directory" marker object itself
        entries.push_back(StorageEntry{S3Url{url.scheme, url.bucket, object.key}.str(),
                                       object.key.substr(prefix.size()),
                                       false,
                                       object.size,
                                       {},
                                       {}});
      }
      for (const auto& common : page.common_prefixes) {
        if (common.size() <= prefix.size() + 1) continue;  // "dir//": an empty path component
        std::string key = common.substr(0, common.size() - 1);
        std::string name = key.substr(prefix.size());
        entries.push_back(StorageEntry{
            S3Url{url.scheme, url.bucket, std::move(key)}.str(), std::move(name), true, 0, {}, {}});
      }
      if (page.truncated && page.next_continuation_token.empty()) {
        throw InputError(
            fmt::format("{}: the listing is truncated but carries no continuation token", directory));
      }
      // A server that hands back the token it was given would keep the listing going for ever.
      if (page.truncated && page.next_continuation_token == token) {
        throw InputError(fmt::format("{}: the listing repeats its continuation token", directory));
      }
      token = page.truncated ? std::move(page.next_continuation_token) : std::string();
    } while (!token.empty());
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return entries;
  }

  std::unique_ptr<ByteSource> open(const std::string& path) override {
    return std::make_unique<S3ObjectSource>(client_, parse_s3_url(path));
  }

 private:
  std::shared_ptr<S3Client> client_;
};

class RoutingStorage final : public Storage {
 public:
  explicit RoutingStorage(S3Settings settings) : settings_(std::move(settings)), local_(local_storage()) {}

  StorageEntry stat(const std::string& path) override { return pick(path).stat(path); }
  std::vector<StorageEntry> list(const std::string& directory) override {
    return pick(directory).list(directory);
  }
  std::unique_ptr<ByteSource> open(const std::string& path) override { return pick(path).open(path); }
  std::unique_ptr<ByteSource> open_range(const std::string& path, std::uint64_t offset,
                                         std::uint64_t length) override {
    return pick(path).open_range(path, offset, length);
  }

 private:
  Storage& pick(const std::string& path) {
    if (!is_s3_url(path)) return *local_;
    const std::lock_guard lock(mutex_);
    if (!s3_) s3_ = s3_storage(std::make_shared<S3Client>(config_from_environment(settings_)));
    return *s3_;
  }

  S3Settings settings_;
  std::unique_ptr<Storage> local_;
  std::mutex mutex_;
  std::unique_ptr<Storage> s3_;
};

}  // namespace

std::unique_ptr<Storage> s3_storage(std::shared_ptr<S3Client> client) {
  return std::make_unique<S3Storage>(std::move(client));
}

std::unique_ptr<Storage> storage_for(S3Settings settings) {
  return std::make_unique<RoutingStorage>(std::move(settings));
}

void check_locations(const std::vector<std::string>& locations, const S3Settings& settings) {
  bool any = false;
  for (const auto& location : locations) {
    if (!is_s3_url(location)) continue;
    (void)parse_s3_url(location);
    any = true;
  }
  if (any && !(settings.timeout_s > 0 && settings.timeout_s <= 86'400)) {
    throw InputError(
        fmt::format("--s3-timeout {}: expected seconds, more than 0 and at most 86400", settings.timeout_s));
  }
}

S3ObjectSource::S3ObjectSource(std::shared_ptr<S3Client> client, S3Url object)
    : client_(std::move(client)), object_(std::move(object)), name_(object_.str()) {}

S3ObjectSource::~S3ObjectSource() {
  drain_window();
}

void S3ObjectSource::drain_window() {
  // A future of std::async waits for its GET as it goes; none outlives the source. Their errors are moot.
  for (auto& fetch : in_flight_) fetch.range.wait();
  in_flight_.clear();
}

// Keeps ranges_in_flight GETs under way ahead of the reader, once the first told the size and ETag.
void S3ObjectSource::fill_window() {
  if (!total_) return;
  const std::uint64_t range = client_->config().range_bytes;
  while (in_flight_.size() < client_->config().ranges_in_flight && requested_ < *total_) {
    const std::uint64_t first = requested_;
    in_flight_.push_back(Fetch{first, std::async(std::launch::async, [client = client_, object = object_,
                                                                      first, range, etag = etag_] {
                                 return client->get_range(object, first, range, etag);
                               })});
    requested_ += range;
  }
}

ObjectRange S3ObjectSource::next_range() {
  if (!total_) {
    // The first GET alone: it tells the size and the ETag every later range must match.
    ObjectRange first = client_->get_range(object_, next_, client_->config().range_bytes, etag_);
    total_ = first.total_size;
    etag_ = first.etag;
    requested_ = next_ + first.body.size();
    return first;
  }
  fill_window();
  if (in_flight_.empty()) return {};
  Fetch fetch = std::move(in_flight_.front());
  in_flight_.pop_front();
  ObjectRange got = fetch.range.get();
  const std::uint64_t expected =
      std::min(client_->config().range_bytes, *total_ - std::min(fetch.first, *total_));
  if (!got.body.empty() && got.body.size() < expected) {
    // A server that sends less than asked: the ranges after it start in the wrong place. Ask again from
    // where this one really ended.
    drain_window();
    requested_ = fetch.first + got.body.size();
  }
  return got;
}

std::size_t S3ObjectSource::read(char* out, std::size_t capacity) {
  if (buffer_at_ == buffer_.size()) {
    if (total_ && next_ >= *total_) return 0;
    ObjectRange range = next_range();
    if (range.body.empty()) {
      if (next_ < *total_) {
        throw InputError(
            fmt::format("{}: byte {}: the object ended before its size of {} bytes", name_, next_, *total_));
      }
      return 0;
    }
    next_ += range.body.size();
    buffer_ = std::move(range.body);
    buffer_at_ = 0;
    fill_window();
  }
  const std::size_t n = std::min(capacity, buffer_.size() - buffer_at_);
  std::memcpy(out, buffer_.data() + buffer_at_, n);
  buffer_at_ += n;
  return n;
}

}  // namespace sparkmv::eventlog::s3
