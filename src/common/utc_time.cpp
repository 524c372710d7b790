#include "common/utc_time.hpp"

#include <chrono>
#include <ctime>

namespace sparkmv::utc {

std::string format(std::int64_t epoch_ms, const char* fmt) {
  const auto t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[64];
  const auto n = std::strftime(buffer, sizeof buffer, fmt, &tm);
  return std::string(buffer, n);
}

std::string now(const char* fmt) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return format(static_cast<std::int64_t>(ms), fmt);
}

std::int64_t parse_iso8601(const std::string& text) {
  std::tm tm{};
  const char* end = ::strptime(text.c_str(), iso8601, &tm);
  if (end == nullptr || *end != '\0') return 0;
  return static_cast<std::int64_t>(::timegm(&tm)) * 1000;
}

}  // namespace sparkmv::utc
