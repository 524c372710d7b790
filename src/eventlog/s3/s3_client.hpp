#pragma once
// A small S3 client over libcurl: the three calls the event-log reader needs (ListObjectsV2, HEAD, ranged
// GET), each signed with Signature Version 4. Errors name the s3:// URL and S3's error code; credentials
// never appear in them.
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
};

struct S3Config {
  std::string endpoint;  // scheme://host[:port]; empty: AWS itself (https://s3.<region>.amazonaws.com)
  std::string region = "us-east-1";
  bool path_style = false;
  Credentials credentials;
  std::uint64_t range_bytes = 8ULL << 20;  // bytes fetched by each ranged GET
};

// Reads AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION / AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and SPARKMV_S3_RANGE_BYTES. Throws EnvironmentError when the
// credentials are missing, InputError when the endpoint is not an http(s) URL.
S3Config config_from_environment(const S3Settings& settings);

// s3://bucket/key or s3a://bucket/key.
struct S3Url {
  std::string scheme;  // "s3" or "s3a", kept so paths read back as the user wrote them
  std::string bucket;
  std::string key;  // without a leading '/'; may be empty (the bucket itself)
  std::string str() const;
};
bool is_s3_url(std::string_view location);
// Throws InputError when there is no bucket.
S3Url parse_s3_url(std::string_view location);

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

  S3Config config_;
  std::string scheme_;     // "http" or "https"
  std::string authority_;  // host[:port] of the endpoint
  std::unique_ptr<Connections> connections_;
};

}  // namespace sparkmv::eventlog::s3
