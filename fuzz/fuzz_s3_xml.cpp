// Fuzzes the S3 response parsers (a ListObjectsV2 page, an error document) over arbitrary bytes, seeded with
// fuzz/seeds/s3_xml by fuzz/run.sh. A body that is no listing must end in std::runtime_error (the client
// turns it into an InputError naming the URL); an error document is optional. Anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "eventlog/s3/s3_xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    (void)sparkmv::eventlog::s3::parse_list_page(input);
  } catch (const std::runtime_error&) {
  }
  (void)sparkmv::eventlog::s3::parse_error_document(input);
  return 0;
}
