#pragma once
// Which Spark version a storage prefix is meant to hold. By default a path component that is a version
// ("3.5", "4.1") names it, as in s3a://spark-logs/3.5/events; explicit prefixes override that.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkmv::eventlog {

struct PrefixVersion {
  std::string prefix;   // a path or URL prefix
  std::string version;  // "major.minor"
};

struct Topology {
  std::vector<PrefixVersion> prefixes;  // the longest matching prefix wins
};

// Parses "PREFIX=MAJOR.MINOR"; throws InputError otherwise.
PrefixVersion parse_prefix_version(std::string_view spec);

// The "major.minor" the log at `path` should have, or std::nullopt when nothing says.
std::optional<std::string> expected_version(const Topology& topology, std::string_view path);

// "3.5.7" -> "3.5"; the input itself when it has no second dot.
std::string_view major_minor(std::string_view version);

}  // namespace sparkmv::eventlog
