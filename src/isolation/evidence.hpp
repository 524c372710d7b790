#pragma once
// What a setting or a finding points at: an object, where it was rendered, and the detail inside it.
#include <string>

#include "model/object.hpp"

namespace sparkmv::isolation {

struct Evidence {
  model::ObjectRef object;
  model::SourceLocation where;
  std::string release;
  std::string
      detail;  // e.g. "data[spark-defaults.conf] line 4", "container history-server env SPARK_HISTORY_OPTS"
};

template <typename T>
struct Located {
  T value;
  Evidence evidence;
};

}  // namespace sparkmv::isolation
