#pragma once
// Runs the isolation rules over an inventory of releases.
#include <vector>

#include "isolation/finding.hpp"
#include "isolation/inventory.hpp"

namespace sparkmv::isolation {

struct IsolationReport {
  std::vector<Finding> findings;  // sorted by rule id, then message
  std::vector<SharedResource> shared;
};

IsolationReport check_isolation(const Inventory& inventory);

}  // namespace sparkmv::isolation
