#include "eventlog/topology.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/errors.hpp"

namespace sparkmv::eventlog {

namespace {

bool is_major_minor(std::string_view s) {
  const auto dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
  const auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

// "a/b" is under "a" and "a/", not under "ab".
bool under_prefix(std::string_view path, std::string_view prefix) {
  while (prefix.size() > 1 && prefix.ends_with('/')) prefix.remove_suffix(1);
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || prefix.ends_with('/') || path[prefix.size()] == '/';
}

}  // namespace

PrefixVersion parse_prefix_version(std::string_view spec) {
  const auto equals = spec.rfind('=');
  if (equals == std::string_view::npos || equals == 0 || !is_major_minor(spec.substr(equals + 1))) {
    throw InputError(
        fmt::format("'{}': expected PREFIX=MAJOR.MINOR, e.g. s3a://spark-logs/3.5/events=3.5", spec));
  }
  return PrefixVersion{std::string(spec.substr(0, equals)), std::string(spec.substr(equals + 1))};
}

std::optional<std::string> expected_version(const Topology& topology, std::string_view path) {
  const PrefixVersion* best = nullptr;
  for (const auto& p : topology.prefixes) {
    if (under_prefix(path, p.prefix) && (!best || p.prefix.size() > best->prefix.size())) best = &p;
  }
  if (best) return best->version;
  // The component nearest the log wins, so .../4.1/archive/3.5/app-1 is expected to be 3.5.
  std::optional<std::string> found;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto component =
        path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (slash == std::string_view::npos) break;  // the last component is the log itself
    if (is_major_minor(component)) found = std::string(component);
    start = slash + 1;
  }
  return found;
}

std::string_view major_minor(std::string_view version) {
  const auto first = version.find('.');
  if (first == std::string_view::npos) return version;
  const auto second = version.find_first_of(".-", first + 1);
  return version.substr(0, second);
}

}  // namespace sparkmv::eventlog
