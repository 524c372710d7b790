#pragma once
// AWS Signature Version 4 for S3 requests, computed with OpenSSL (SHA-256, HMAC-SHA256). Pure functions:
// the caller builds the request, these say how to sign it.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sparkmv::eventlog::s3 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials
};

using Header = std::pair<std::string, std::string>;
using QueryParam = std::pair<std::string, std::string>;

// What is signed. `canonical_uri` and `canonical_query` are already in canonical form, and the URL sent
// must carry exactly them (see canonical_path and canonical_query), so what is signed is what is sent.
struct SigningRequest {
  std::string method;
  std::string canonical_uri;
  std::string canonical_query;
  std::vector<Header> headers;  // every header to sign, host and x-amz-date included
  std::string payload_hash;     // hex SHA-256 of the body, as sent in x-amz-content-sha256
};

// The hex SHA-256 of an empty body.
inline constexpr std::string_view empty_payload_hash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string sha256_hex(std::string_view data);
std::string to_hex(std::string_view bytes);

// RFC 3986 percent-encoding as SigV4 wants it: every byte but A-Z a-z 0-9 - . _ ~ (and '/' when
// `keep_slash`) becomes %XX with upper-case digits.
std::string uri_encode(std::string_view text, bool keep_slash);
// An S3 object path ("/bucket/key" or "/key"): each segment encoded once, slashes kept.
std::string canonical_path(std::string_view path);
// Parameters encoded and sorted by name, then value: "a=1&b=&c=x%2Fy".
std::string canonical_query(std::vector<QueryParam> params);

std::string canonical_request(const SigningRequest& request);
// The key for one day, region and service: HMAC chain from "AWS4" + secret (raw bytes).
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);
// The Authorization header's value for a request dated `amz_date` (YYYYMMDD'T'HHMMSS'Z').
std::string authorization(const Credentials& credentials, std::string_view amz_date, std::string_view region,
                          std::string_view service, const SigningRequest& request);
// The hex signature alone (the tail of authorization()).
std::string signature(const Credentials& credentials, std::string_view amz_date, std::string_view region,
                      std::string_view service, const SigningRequest& request);

// YYYYMMDD'T'HHMMSS'Z' in UTC.
std::string amz_date(std::chrono::system_clock::time_point when);

}  // namespace sparkmv::eventlog::s3
