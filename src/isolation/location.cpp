#include "isolation/location.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace sparkmv::isolation {

namespace {

std::string normalise_scheme(std::string scheme) {
  scheme = text::to_lower(scheme);
  if (scheme == "s3a" || scheme == "s3n") return "s3";
  return scheme;
}

// Resolves "." and ".." and drops empty segments; ".." above the root stays at the root.
std::vector<std::string> normalise_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const auto segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.emplace_back(segment);
    }
    start = end + 1;
  }
  return segments;
}

}  // namespace

std::string StorageLocation::to_string() const {
  std::string out = scheme + "://" + authority;
  for (const auto& segment : segments) out += "/" + segment;
  if (segments.empty()) out += "/";
  return out;
}

std::optional<StorageLocation> parse_location(std::string_view uri) {
  uri = text::trim(uri);
  if (uri.empty() || uri.find("${") != std::string_view::npos) return std::nullopt;
  StorageLocation location;
  location.original = std::string(uri);
  const auto scheme_end = uri.find(':');
  const bool has_scheme = scheme_end != std::string_view::npos && scheme_end > 1 &&
                          uri.find('/') > scheme_end;  // "C:" style drive letters are not schemes
  if (!has_scheme) {
    if (uri.front() != '/') return std::nullopt;  // relative: resolved inside each pod, never shared
    location.scheme = "file";
    location.segments = normalise_path(uri);
    return location;
  }
  location.scheme = normalise_scheme(std::string(uri.substr(0, scheme_end)));
  auto rest = uri.substr(scheme_end + 1);
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    location.authority = text::to_lower(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  if (location.scheme == "file") location.authority.clear();  // file://localhost/x is file:/x
  location.segments = normalise_path(rest);
  return location;
}

std::string StorageLocation::store() const {
  std::string out = scheme + "://" + authority;
  if (!endpoint.empty()) out += " at " + endpoint;
  return out;
}

bool contains(const StorageLocation& outer, const StorageLocation& inner) {
  if (outer.scheme != inner.scheme || outer.authority != inner.authority ||
      outer.endpoint != inner.endpoint) {
    return false;
  }
  if (outer.segments.size() > inner.segments.size()) return false;
  for (std::size_t i = 0; i < outer.segments.size(); ++i) {
    if (outer.segments[i] != inner.segments[i]) return false;
  }
  return true;
}

bool overlaps(const StorageLocation& a, const StorageLocation& b) {
  return contains(a, b) || contains(b, a);
}

namespace {

bool path_prefix(const std::vector<std::string>& outer, const std::vector<std::string>& inner) {
  return outer.size() <= inner.size() && std::equal(outer.begin(), outer.end(), inner.begin());
}

}  // namespace

Overlap overlap_of(const StorageLocation& a, const StorageLocation& b) {
  if (a.scheme != b.scheme || a.authority != b.authority) return {};
  const bool certain = a.endpoint == b.endpoint;
  if (!certain && !a.endpoint.empty() && !b.endpoint.empty()) return {};  // two servers, two buckets
  Overlap overlap{Nesting::none, certain};
  if (a.segments == b.segments) {
    overlap.nesting = Nesting::equal;
  } else if (path_prefix(b.segments, a.segments)) {
    overlap.nesting = Nesting::first_inside;
  } else if (path_prefix(a.segments, b.segments)) {
    overlap.nesting = Nesting::second_inside;
  }
  return overlap;
}

std::string LocationIndex::key(const StorageLocation& location, std::size_t depth) {
  std::string out = location.scheme + "://" + location.authority;
  for (std::size_t i = 0; i < depth; ++i) out.append("/").append(location.segments[i]);
  return out;
}

void LocationIndex::add(const StorageLocation& location, std::size_t id) {
  for (std::size_t depth = 0; depth <= location.segments.size(); ++depth)
    at_or_below_[key(location, depth)].push_back({&location, id});
  exactly_[key(location, location.segments.size())].push_back({&location, id});
}

}  // namespace sparkmv::isolation
