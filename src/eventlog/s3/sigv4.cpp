#include "eventlog/s3/sigv4.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace sparkmv::eventlog::s3 {

namespace {

const unsigned char* bytes_of(std::string_view s) {
  // OpenSSL takes unsigned bytes; the data is the same.
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes_of(data), data.size(), out,
            &length))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(out), length);
}

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

// Header values are trimmed and inner runs of spaces collapsed to one.
std::string trim_all(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<Header> canonical_headers(const std::vector<Header>& headers) {
  std::vector<Header> out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) out.emplace_back(lower(name), trim_all(value));
  std::sort(out.begin(), out.end());
  return out;
}

std::string signed_header_names(const std::vector<Header>& canonical) {
  std::string names;
  for (const auto& h : canonical) {
    if (!names.empty()) names += ';';
    names += h.first;
  }
  return names;
}

std::string scope_of(std::string_view amz_date, std::string_view region, std::string_view service) {
  return fmt::format("{}/{}/{}/aws4_request", amz_date.substr(0, 8), region, service);
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 0x0F];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  unsigned int length = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr))
    throw std::runtime_error("SHA-256 failed");
  return to_hex(std::string_view(reinterpret_cast<const char*>(out), length));
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (unreserved(b) || (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 0x0F];
    }
  }
  return out;
}

std::string canonical_path(std::string_view path) {
  if (path.empty()) return "/";
  return uri_encode(path, true);
}

std::string canonical_query(std::vector<QueryParam> params) {
  for (auto& [name, value] : params) {
    name = uri_encode(name, false);
    value = uri_encode(value, false);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string canonical_request(const SigningRequest& request) {
  const auto headers = canonical_headers(request.headers);
  std::string out =
      fmt::format("{}\n{}\n{}\n", request.method, request.canonical_uri, request.canonical_query);
  for (const auto& [name, value] : headers) out += fmt::format("{}:{}\n", name, value);
  out += fmt::format("\n{}\n{}", signed_header_names(headers), request.payload_hash);
  return out;
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string key = "AWS4";
  key += secret;
  key = hmac_sha256(key, date);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  return hmac_sha256(key, "aws4_request");
}

std::string signature(const Credentials& credentials, std::string_view amz_date, std::string_view region,
                      std::string_view service, const SigningRequest& request) {
  const std::string string_to_sign =
      fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", amz_date, scope_of(amz_date, region, service),
                  sha256_hex(canonical_request(request)));
  const std::string key = signing_key(credentials.secret_access_key, amz_date.substr(0, 8), region, service);
  return to_hex(hmac_sha256(key, string_to_sign));
}

std::string authorization(const Credentials& credentials, std::string_view amz_date, std::string_view region,
                          std::string_view service, const SigningRequest& request) {
  return fmt::format("AWS4-HMAC-SHA256 Credential={}/{},SignedHeaders={},Signature={}",
                     credentials.access_key_id, scope_of(amz_date, region, service),
                     signed_header_names(canonical_headers(request.headers)),
                     signature(credentials, amz_date, region, service, request));
}

std::string amz_date(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char out[32];
  const auto n = std::strftime(out, sizeof out, "%Y%m%dT%H%M%SZ", &utc);
  return std::string(out, n);
}

}  // namespace sparkmv::eventlog::s3
