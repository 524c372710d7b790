#include "eventlog/s3/s3_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "common/errors.hpp"

namespace sparkmv::eventlog::s3 {

namespace {

constexpr std::string_view s3_scheme = "s3://";
constexpr std::string_view s3a_scheme = "s3a://";
constexpr int max_attempts = 4;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// Error codes that mean the credentials, not the object, are wrong: no object will read with them.
bool is_credential_error(std::string_view code) {
  return code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken" ||
         code == "InvalidToken" || code == "TokenRefreshRequired" || code == "AuthorizationHeaderMalformed" ||
         code == "InvalidClientTokenId";
}

bool is_transient_status(long status) {
  return status == 500 || status == 502 || status == 503 || status == 504 || status == 429;
}

bool is_transient_curl_error(CURLcode code) {
  return code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_PARTIAL_FILE ||
         code == CURLE_OPERATION_TIMEDOUT || code == CURLE_GOT_NOTHING;
}

std::string_view status_word(long status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 400:
      return "BadRequest";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 412:
      return "PreconditionFailed";
    case 416:
      return "InvalidRange";
    default:
      return "HTTPError";
  }
}

bool is_bucket_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool looks_like_ipv4(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
         std::count(s.begin(), s.end(), '.') == 3;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// "bytes 0-99/1234" -> 1234.
std::optional<std::uint64_t> total_of_content_range(std::string_view value) {
  const auto slash = value.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint64_t total = 0;
  const auto digits = value.substr(slash + 1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), total);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return total;
}

}  // namespace

struct S3Client::Request {
  std::string method;  // GET or HEAD
  S3Url where;         // the object, or the bucket alone for a listing
  S3Url named;         // what errors name: the location the caller asked about
  std::vector<QueryParam> query;
  std::vector<Header> extra_headers;  // signed too (range, if-match)
};

struct S3Client::Response {
  long status = 0;
  std::string body;
  std::string content_range;
  std::string etag;
  std::string content_length;
  std::string curl_error;  // set when no HTTP answer came back
  CURLcode curl_code = CURLE_OK;
  bool too_large = false;  // the body passed max_s3_response_bytes
};

// Idle easy handles, so keep-alive connections are reused across requests and threads.
struct S3Client::Connections {
  std::mutex mutex;
  std::vector<CURL*> idle;
  ~Connections() {
    for (CURL* c : idle) curl_easy_cleanup(c);
  }
  CURL* acquire() {
    {
      const std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CURL* c = idle.back();
        idle.pop_back();
        return c;
      }
    }
    CURL* c = curl_easy_init();
    if (!c) throw EnvironmentError("S3: cannot initialise libcurl");
    return c;
  }
  void release(CURL* c) {
    const std::lock_guard lock(mutex);
    idle.push_back(c);
  }
};

std::string S3Url::str() const {
  return key.empty() ? fmt::format("{}://{}", scheme, bucket)
                     : fmt::format("{}://{}/{}", scheme, bucket, key);
}

bool is_s3_url(std::string_view location) {
  return location.starts_with(s3_scheme) || location.starts_with(s3a_scheme);
}

bool is_valid_bucket_name(std::string_view bucket) {
  return bucket.size() >= 3 && bucket.size() <= 63 &&
         std::all_of(bucket.begin(), bucket.end(), is_bucket_char) && is_alnum(bucket.front()) &&
         is_alnum(bucket.back()) && bucket.find("..") == std::string_view::npos && !looks_like_ipv4(bucket);
}

S3Url parse_s3_url(std::string_view location) {
  S3Url url;
  std::string_view rest;
  if (location.starts_with(s3a_scheme)) {
    url.scheme = "s3a";
    rest = location.substr(s3a_scheme.size());
  } else if (location.starts_with(s3_scheme)) {
    url.scheme = "s3";
    rest = location.substr(s3_scheme.size());
  } else {
    throw InputError(fmt::format("{}: not an s3:// or s3a:// URL", location));
  }
  const auto slash = rest.find('/');
  url.bucket = std::string(rest.substr(0, slash));
  if (url.bucket.empty()) throw InputError(fmt::format("{}: no bucket in the URL", location));
  if (!is_valid_bucket_name(url.bucket)) {
    throw InputError(
        fmt::format("{}: '{}' is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens, "
                    "starting and "
                    "ending with a letter or digit)",
                    location, url.bucket));
  }
  if (slash != std::string_view::npos) {
    std::string_view key = rest.substr(slash + 1);
    while (key.ends_with('/')) key.remove_suffix(1);  // "dir/" names "dir"
    url.key = std::string(key);
  }
  return url;
}

S3Config config_from_environment(const S3Settings& settings) {
  S3Config config;
  config.endpoint = settings.endpoint;
  if (config.endpoint.empty()) config.endpoint = env("AWS_ENDPOINT_URL_S3");
  if (config.endpoint.empty()) config.endpoint = env("AWS_ENDPOINT_URL");
  while (config.endpoint.ends_with('/')) config.endpoint.pop_back();
  if (!config.endpoint.empty() && !config.endpoint.starts_with("http://") &&
      !config.endpoint.starts_with("https://")) {
    throw InputError(fmt::format("S3 endpoint '{}': expected an http:// or https:// URL", config.endpoint));
  }
  config.path_style = settings.path_style.value_or(!config.endpoint.empty());
  config.region = env("AWS_REGION");
  if (config.region.empty()) config.region = env("AWS_DEFAULT_REGION");
  if (config.region.empty()) config.region = "us-east-1";
  config.credentials.access_key_id = env("AWS_ACCESS_KEY_ID");
  config.credentials.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
  config.credentials.session_token = env("AWS_SESSION_TOKEN");
  if (config.credentials.access_key_id.empty() || config.credentials.secret_access_key.empty()) {
    throw EnvironmentError(
        "S3 credentials missing: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for "
        "temporary credentials)");
  }
  if (!(settings.timeout_s > 0 && settings.timeout_s <= 86'400)) {
    throw InputError(
        fmt::format("--s3-timeout {}: expected seconds, more than 0 and at most 86400", settings.timeout_s));
  }
  config.deadline = std::chrono::milliseconds(static_cast<std::int64_t>(settings.timeout_s * 1000));
  if (const std::string range = env("SPARKMV_S3_RANGE_BYTES"); !range.empty()) {
    std::uint64_t bytes = 0;
    const auto [end, ec] = std::from_chars(range.data(), range.data() + range.size(), bytes);
    if (ec != std::errc() || end != range.data() + range.size() || bytes < 1024)
      throw InputError(
          fmt::format("SPARKMV_S3_RANGE_BYTES={}: expected a byte count of at least 1024", range));
    config.range_bytes = bytes;
  }
  if (const std::string window = env("SPARKMV_S3_RANGES_IN_FLIGHT"); !window.empty()) {
    unsigned ranges = 0;
    const auto [end, ec] = std::from_chars(window.data(), window.data() + window.size(), ranges);
    if (ec != std::errc() || end != window.data() + window.size() || ranges < 1 || ranges > 64)
      throw InputError(fmt::format("SPARKMV_S3_RANGES_IN_FLIGHT={}: expected a number from 1 to 64", window));
    config.ranges_in_flight = ranges;
  }
  return config;
}

S3Client::S3Client(S3Config config)
    : config_(std::move(config)),
      deadline_(std::chrono::steady_clock::now() + config_.deadline),
      connections_(std::make_unique<Connections>()) {
  // libcurl's global state, set up once per process before any handle exists.
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) throw EnvironmentError("S3: cannot initialise libcurl");
  std::string endpoint = config_.endpoint;
  if (endpoint.empty()) endpoint = fmt::format("https://s3.{}.amazonaws.com", config_.region);
  const auto colon = endpoint.find("://");
  scheme_ = endpoint.substr(0, colon);
  authority_ = endpoint.substr(colon + 3);
  if (const auto slash = authority_.find('/'); slash != std::string::npos) {
    throw InputError(fmt::format("S3 endpoint '{}': expected no path after the host", endpoint));
  }
}

S3Client::~S3Client() = default;

S3Client::Response S3Client::perform_once(const Request& request, void* handle) {
  auto* curl = static_cast<CURL*>(handle);
  curl_easy_reset(curl);
  // Buckets with dots cannot be virtual hosts under TLS: the certificate covers one label only.
  const bool path_style = config_.path_style || request.where.bucket.find('.') != std::string::npos;
  const std::string host = path_style ? authority_ : request.where.bucket + "." + authority_;
  std::string path = path_style ? "/" + request.where.bucket : std::string();
  if (!request.where.key.empty() || !path_style) path += "/" + request.where.key;
  SigningRequest signing;
  signing.method = request.method;
  signing.canonical_uri = canonical_path(path);
  signing.canonical_query = canonical_query(request.query);
  signing.payload_hash = std::string(empty_payload_hash);
  const std::string date = amz_date(std::chrono::system_clock::now());
  signing.headers = {{"host", host}, {"x-amz-content-sha256", signing.payload_hash}, {"x-amz-date", date}};
  if (!config_.credentials.session_token.empty())
    signing.headers.emplace_back("x-amz-security-token", config_.credentials.session_token);
  for (const auto& h : request.extra_headers) signing.headers.push_back(h);

  curl_slist* headers = nullptr;
  const auto add = [&headers](const std::string& line) {
    curl_slist* next = curl_slist_append(headers, line.c_str());
    if (!next) throw EnvironmentError("S3: out of memory building a request");
    headers = next;
  };
  Response response;
  try {
    for (const auto& [name, value] : signing.headers) add(name + ": " + value);
    add("Authorization: " + authorization(config_.credentials, date, config_.region, "s3", signing));
    add("Expect:");
  } catch (...) {
    curl_slist_free_all(headers);
    throw;
  }
  const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(headers, &curl_slist_free_all);

  std::string url = fmt::format("{}://{}{}", scheme_, host, signing.canonical_uri);
  if (!signing.canonical_query.empty()) url += "?" + signing.canonical_query;
  check_destination(url, host);
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // send the path that was signed, dots and all
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min<long>(10000L, std::max<long>(1L, remaining.count())));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, std::max<long>(1L, remaining.count()));
  // A stalled transfer (under 1 byte/s for 60 s) fails rather than hangs.
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  if (request.method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  // A body that grows past max_s3_response_bytes stops the transfer (curl reports a write error).
  const auto on_body = +[](char* data, std::size_t size, std::size_t count, void* user) -> std::size_t {
    auto* r = static_cast<Response*>(user);
    if (r->body.size() + size * count > max_s3_response_bytes) {
      r->too_large = true;
      return 0;
    }
    r->body.append(data, size * count);
    return size * count;
  };
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  const auto on_header = +[](char* data, std::size_t size, std::size_t count, void* user) -> std::size_t {
    auto* r = static_cast<Response*>(user);
    const std::string_view line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      const auto name = trim(line.substr(0, colon));
      const auto value = trim(line.substr(colon + 1));
      if (iequals(name, "content-range")) r->content_range = std::string(value);
      if (iequals(name, "etag")) r->etag = std::string(value);
      if (iequals(name, "content-length")) r->content_length = std::string(value);
    }
    return size * count;
  };
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  response.curl_code = curl_easy_perform(curl);
  if (response.curl_code != CURLE_OK) {
    response.curl_error = error[0] != '\0' ? std::string(error) : curl_easy_strerror(response.curl_code);
    return response;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

S3Client::Response S3Client::perform(const Request& request) {
  const auto endpoint = config_.endpoint.empty() ? fmt::format("https://s3.{}.amazonaws.com", config_.region)
                                                 : config_.endpoint;
  const auto deadline_passed = [&] {
    return EnvironmentError(fmt::format(
        "{}: the S3 endpoint {} did not answer within {:.0f} s (all requests of this command; --s3-timeout)",
        request.named.str(), endpoint, std::chrono::duration<double>(config_.deadline).count()));
  };
  Response response;
  for (int attempt = 1;; ++attempt) {
    if (std::chrono::steady_clock::now() >= deadline_) throw deadline_passed();
    CURL* curl = connections_->acquire();
    try {
      response = perform_once(request, curl);
    } catch (...) {
      curl_easy_cleanup(curl);
      throw;
    }
    connections_->release(curl);
    if (response.too_large) {
      throw InputError(fmt::format("{}: the S3 answer is larger than {} MiB: refused", request.named.str(),
                                   max_s3_response_bytes >> 20));
    }
    if (response.curl_code == CURLE_OPERATION_TIMEDOUT && std::chrono::steady_clock::now() >= deadline_)
      throw deadline_passed();
    const bool transient = response.curl_code != CURLE_OK ? is_transient_curl_error(response.curl_code)
                                                          : is_transient_status(response.status);
    if (!transient || attempt == max_attempts) break;
    const auto pause = std::chrono::milliseconds(100 << attempt);
    if (std::chrono::steady_clock::now() + pause >= deadline_) throw deadline_passed();
    std::this_thread::sleep_for(pause);
  }
  if (response.curl_code != CURLE_OK) {
    throw EnvironmentError(fmt::format("{}: cannot reach the S3 endpoint {}: {}", request.named.str(),
                                       endpoint, response.curl_error));
  }
  return response;
}

// Defence in depth behind bucket validation: the request goes to the endpoint (or a virtual host directly
// below it), whatever the URL was built from.
void S3Client::check_destination(const std::string& url, const std::string& expected_host) const {
  CURLU* parsed = curl_url();
  if (parsed == nullptr) throw EnvironmentError("S3: out of memory parsing a request URL");
  const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> owned(parsed, &curl_url_cleanup);
  char* host = nullptr;
  char* port = nullptr;
  const bool ok = curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
                  curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK;
  curl_url_get(parsed, CURLUPART_PORT, &port, 0);
  const std::string authority =
      ok ? std::string(host) + (port != nullptr ? ":" + std::string(port) : "") : "";
  curl_free(host);
  curl_free(port);
  if (!ok || !iequals(authority, expected_host)) {
    throw InputError(fmt::format("S3: a request would go to '{}' instead of the endpoint {}: refused",
                                 authority, authority_));
  }
}

void S3Client::fail(const S3Url& where, const Response& response) const {
  const auto document = parse_error_document(response.body);
  const std::string code = document ? document->code : std::string(status_word(response.status));
  std::string message = fmt::format("{}: {} (HTTP {})", where.str(), code, response.status);
  if (document && !document->message.empty()) {
    std::string_view text = document->message;
    while (text.ends_with('.') || text.ends_with(' ')) text.remove_suffix(1);
    message += fmt::format(": {}", text);
  }
  if (is_credential_error(code)) {
    throw EnvironmentError(
        message + "; check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and the region");
  }
  if (response.status == 301 || code == "PermanentRedirect")
    message += "; the bucket is in another region: set AWS_REGION";
  throw InputError(message);
}

ListPage S3Client::list_page(const S3Url& where, const std::string& prefix, const std::string& delimiter,
                             const std::string& continuation_token, unsigned max_keys) {
  Request request;
  request.method = "GET";
  request.where = S3Url{where.scheme, where.bucket, {}};
  request.named = where;
  request.query = {{"list-type", "2"}, {"prefix", prefix}};
  if (!delimiter.empty()) request.query.emplace_back("delimiter", delimiter);
  if (!continuation_token.empty()) request.query.emplace_back("continuation-token", continuation_token);
  if (max_keys != 0) request.query.emplace_back("max-keys", std::to_string(max_keys));
  const Response response = perform(request);
  if (response.status != 200) fail(where, response);
  try {
    return parse_list_page(response.body);
  } catch (const std::runtime_error& e) {
    throw InputError(fmt::format("{}: unexpected answer to ListObjectsV2: {}", where.str(), e.what()));
  }
}

std::optional<std::uint64_t> S3Client::head(const S3Url& object) {
  Request request;
  request.method = "HEAD";
  request.where = object;
  request.named = object;
  const Response response = perform(request);
  if (response.status == 404) return std::nullopt;
  if (response.status != 200) fail(object, response);
  // HEAD has no body: the size is in Content-Length.
  std::uint64_t size = 0;
  const auto& length = response.content_length;
  const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), size);
  if (ec != std::errc() || end != length.data() + length.size())
    throw InputError(fmt::format("{}: HEAD answered without a Content-Length", object.str()));
  return size;
}

ObjectRange S3Client::get_range(const S3Url& object, std::uint64_t first, std::uint64_t count,
                                const std::string& if_match) {
  Request request;
  request.method = "GET";
  request.where = object;
  request.named = object;
  request.extra_headers.emplace_back("range", fmt::format("bytes={}-{}", first, first + count - 1));
  if (!if_match.empty()) request.extra_headers.emplace_back("if-match", if_match);
  Response response = perform(request);
  ObjectRange range;
  if (response.status == 416 && first == 0) return range;  // an empty object has no byte 0
  if (response.status == 412) {
    throw InputError(fmt::format("{}: the object changed while it was being read (ETag no longer {})",
                                 object.str(), if_match));
  }
  if (response.status != 206 && response.status != 200) fail(object, response);
  range.etag = std::move(response.etag);
  if (response.status == 200) {
    // The server ignored the range and sent the whole object.
    range.total_size = response.body.size();
    range.body = first < response.body.size() ? response.body.substr(first, count) : std::string();
    return range;
  }
  const auto total = total_of_content_range(response.content_range);
  if (!total) {
    throw InputError(fmt::format("{}: the server answered a ranged GET without a usable Content-Range ('{}')",
                                 object.str(), response.content_range));
  }
  range.total_size = *total;
  range.body = std::move(response.body);
  return range;
}

}  // namespace sparkmv::eventlog::s3
