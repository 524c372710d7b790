// Fuzzes the manifest loader (multi-document YAML through libyaml, or kubectl JSON) over arbitrary text,
// seeded with the rendered manifests of tests/fixtures by fuzz/run.sh. Bad input must end in one
// InputError naming the input; a crash, a sanitizer report, another exception or an out-of-memory is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/errors.hpp"
#include "model/manifest_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    (void)sparkmv::model::load_manifests(input, "fuzz");
  } catch (const sparkmv::InputError&) {
  }
  return 0;
}
