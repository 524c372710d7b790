#pragma once
// A small S3 client over libcurl: the three calls the event-log reader needs (ListObjectsV2, HEAD, ranged
// GET), each signed with Signature Version 4. Errors name the s3:// URL and S3's error code; credentials
// never appear in them.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "eventlog/s3/s3_xml.hpp"
#include "eventlog/s3/sigv4.hpp"

namespace sparkmv::eventlog::s3 {

// What the command line says about S3; everything else comes from the environment.
struct S3Settings {
  std::string endpoint;            // --s3-endpoint; else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL
  std::optional<bool> path_style;  // --s3-path-style / --no-s3-path-style; default: on with an endpoint
  double timeout_s = 30;           // --s3-timeout: all S3 requests of one command, retries included
};

inline constexpr std::chrono::milliseconds default_s3_deadline{30'000};

struct S3Config {
  std::string endpoint;  // scheme://host[:port]; empty: AWS itself (https://s3.<region>.amazonaws.com)
  std::string region = "us-east-1";
  bool path_style = false;
  Credentials credentials;
  std::uint64_t range_bytes = 8ULL << 20;  // bytes fetched by each ranged GET
  unsigned ranges_in_flight = 4;           // ranged GETs of one object under way at once
  // Every request of the command, retries included, ends by then: an endpoint that accepts connections and
  // never answers costs this long, not minutes.
  std::chrono::milliseconds deadline = default_s3_deadline;
};

// A response body larger than this (a listing page, or an object sent whole by a server that ignores
// Range) is refused rather than held in memory.
inline constexpr std::size_t max_s3_response_bytes = std::size_t{64} << 20;

// Reads AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION / AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, SPARKMV_S3_RANGE_BYTES and SPARKMV_S3_RANGES_IN_FLIGHT. Throws
// EnvironmentError when the credentials are missing, InputError when the endpoint is not an http(s) URL or
// the timeout is not a positive number of seconds.
S3Config config_from_environment(const S3Settings& settings);

// s3://bucket/key or s3a://bucket/key.
struct S3Url {
  std::string scheme;  // "s3" or "s3a", kept so paths read back as the user wrote them
  std::string bucket;
  std::string key;  // without a leading '/'; may be empty (the bucket itself)
  std::string str() const;
};
bool is_s3_url(std::string_view location);
// Throws InputError when there is no bucket or the bucket is not a valid S3 bucket name: with
// virtual-host addressing the bucket becomes part of the host name, so anything else could send the signed
// request (credentials included) somewhere other than the endpoint.
S3Url parse_s3_url(std::string_view location);
// The S3 naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a
// letter or digit, no two dots in a row, not an IP address.
bool is_valid_bucket_name(std::string_view bucket);

struct ObjectRange {
  std::string body;
  std::uint64_t total_size = 0;  // the whole object's size
  std::string etag;
};

class S3Client {
 public:
  explicit S3Client(S3Config config);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  const S3Config& config() const { return config_; }

  // One ListObjectsV2 page. max_keys 0: the server's default (1000).
  ListPage list_page(const S3Url& where, const std::string& prefix, const std::string& delimiter,
                     const std::string& continuation_token, unsigned max_keys = 0);
  // The object's size, or nothing when there is no such object.
  std::optional<std::uint64_t> head(const S3Url& object);
  // Bytes [first, first + count) of an object; fewer at its end. `if_match`, when not empty, is the ETag the
  // object must still have. An empty object yields an empty body and total_size 0.
  ObjectRange get_range(const S3Url& object, std::uint64_t first, std::uint64_t count,
                        const std::string& if_match);

  struct Connections;

 private:
  struct Response;
  struct Request;
  Response perform(const Request& request);
  Response perform_once(const Request& request, void* curl);
  [[noreturn]] void fail(const S3Url& where, const Response& response) const;
  void check_destination(const std::string& url, const std::string& expected_host) const;

  S3Config config_;
  std::string scheme_;     // "http" or "https"
  std::string authority_;  // host[:port] of the endpoint
  std::chrono::steady_clock::time_point deadline_;
  std::unique_ptr<Connections> connections_;
};

}  // namespace sparkmv::eventlog::s3
