#pragma once
// Parses `spark-defaults.conf` the way Spark does: java.util.Properties syntax (`key value`, `key=value` or
// `key: value`; `#` and `!` comments; backslash continuations and escapes), values trimmed.
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::config {

struct Property {
  std::string key;
  std::string value;
  int line = 0;  // 1-based line where the entry starts
};

std::vector<Property> parse_java_properties(std::string_view text);

}  // namespace sparkmv::config
