// Fuzzes the jobs.yaml loader and the pin editor over arbitrary text, seeded with tests/fixtures/jobs by
// fuzz/run.sh. Bad input must end in one InputError; when the inventory loads, moving every pin must either
// give a file that loads again or refuse with an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/errors.hpp"
#include "migrate/inventory.hpp"
#include "migrate/store.hpp"

using namespace sparkmv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const auto inventory = migrate::parse_inventory(input, "fuzz");
    std::vector<migrate::PinChange> changes;
    for (const auto& job : inventory.jobs) {
      changes.push_back(
          {job.name, std::string(job.version == migrate::legacy_version ? migrate::target_version
                                                                        : migrate::legacy_version)});
    }
    (void)migrate::parse_inventory(migrate::edit_pins(input, "fuzz", changes), "fuzz");
  } catch (const InputError&) {
  }
  return 0;
}
