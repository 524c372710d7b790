#pragma once
// The two S3 response bodies the reader needs: a ListObjectsV2 page and an error document.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::eventlog::s3 {

struct ListedObject {
  std::string key;
  std::uint64_t size = 0;
};

struct ListPage {
  std::vector<ListedObject> objects;
  std::vector<std::string> common_prefixes;  // each ends with the delimiter
  bool truncated = false;
  std::string next_continuation_token;
};

// Throws std::runtime_error when `xml` is not a ListBucketResult.
ListPage parse_list_page(std::string_view xml);

struct ErrorDocument {
  std::string code;     // "NoSuchKey", "SignatureDoesNotMatch", ...
  std::string message;  // S3's own sentence
};

// Empty when the body is not an S3 <Error> document (HEAD responses have no body at all).
std::optional<ErrorDocument> parse_error_document(std::string_view xml);

}  // namespace sparkmv::eventlog::s3
