// Fuzzes the manifest loader (multi-document YAML through libyaml, or kubectl JSON) over arbitrary text,
// seeded with the rendered manifests of tests/fixtures by fuzz/run.sh, and the isolation rules over whatever
// loads (settings read from ConfigMap files, command lines, sh -c scripts and env; locations; selectors).
// Bad input must end in one InputError naming the input; a crash, a sanitizer report, another exception or an
// out-of-memory is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "common/errors.hpp"
#include "isolation/lint.hpp"
#include "model/manifest_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    auto objects = sparkmv::model::load_manifests(input, "fuzz");
    (void)sparkmv::isolation::lint_objects(std::move(objects), {});
  } catch (const sparkmv::InputError&) {
  }
  return 0;
}
