#pragma once
// Storage locations (event-log directories, warehouses, checkpoints) compared the way the filesystems see
// them: s3://, s3a:// and s3n:// are one store; trailing slashes, "." and ".." do not matter.
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace sparkmv::isolation {

struct StorageLocation {
  std::string scheme;     // normalised: "s3" for s3/s3a/s3n, "file" for file: and absolute paths
  std::string authority;  // bucket, or host:port; empty for file
  std::vector<std::string> segments;
  // For object stores: the endpoint serving the bucket ("minio.spark:9000"), empty for the provider's
  // default. Buckets of one name on two MinIO servers are two buckets.
  std::string endpoint;
  std::string original;  // as written, for messages; not part of the identity

  std::string to_string() const;  // canonical form, e.g. "s3://spark-logs/3.5/events"
  std::string store() const;      // what holds it: "s3://spark-logs" or "s3://spark-logs at minio.spark:9000"
  friend bool operator==(const StorageLocation& a, const StorageLocation& b) {
    return a.scheme == b.scheme && a.authority == b.authority && a.endpoint == b.endpoint &&
           a.segments == b.segments;
  }
  friend auto operator<=>(const StorageLocation& a, const StorageLocation& b) {
    return std::tie(a.scheme, a.authority, a.endpoint, a.segments) <=>
           std::tie(b.scheme, b.authority, b.endpoint, b.segments);
  }
};

// nullopt for values that are not a location we can compare (relative paths, which are pod-local, and
// unexpanded placeholders such as ${VAR}).
std::optional<StorageLocation> parse_location(std::string_view uri);

// True when `outer` equals `inner` or is one of its ancestors.
bool contains(const StorageLocation& outer, const StorageLocation& inner);
// Equal, or one nested inside the other.
bool overlaps(const StorageLocation& a, const StorageLocation& b);

// How two locations relate when their stores may be one. An object-store location with no endpoint was
// written where the provider's default applies, or where the endpoint comes from a place the tool cannot
// read (an image default, an environment variable): it may be the same bucket as that bucket on any
// endpoint, so the relation is only possible, not certain.
enum class Nesting { none, equal, first_inside, second_inside };
struct Overlap {
  Nesting nesting = Nesting::none;
  bool certain = true;  // false when exactly one side names its endpoint
  explicit operator bool() const { return nesting != Nesting::none; }
};
Overlap overlap_of(const StorageLocation& a, const StorageLocation& b);

// Finds which of many locations overlap without comparing every pair: each location is filed under every
// ancestor of its path, so a lookup costs the depth of the path plus the matches it returns.
class LocationIndex {
 public:
  // `id` is the caller's handle for the location (an index into its own list).
  void add(const StorageLocation& location, std::size_t id);
  // Calls f(id, overlap) for every indexed location that overlaps `query` (overlap as overlap_of(query, it)).
  template <typename F>
  void for_each_overlap(const StorageLocation& query, F&& f) const;

 private:
  struct Entry {
    const StorageLocation* location;
    std::size_t id;
  };
  static std::string key(const StorageLocation& location, std::size_t depth);
  std::unordered_map<std::string, std::vector<Entry>> at_or_below_;  // by every ancestor, itself included
  std::unordered_map<std::string, std::vector<Entry>> exactly_;      // by the location itself
};

template <typename F>
void LocationIndex::for_each_overlap(const StorageLocation& query, F&& f) const {
  const auto visit = [&](const std::vector<Entry>& entries) {
    for (const auto& entry : entries) {
      if (const auto overlap = overlap_of(query, *entry.location)) f(entry.id, overlap);
    }
  };
  // Equal or inside the query.
  if (const auto it = at_or_below_.find(key(query, query.segments.size())); it != at_or_below_.end())
    visit(it->second);
  // Strict ancestors of the query.
  for (std::size_t depth = 0; depth < query.segments.size(); ++depth) {
    if (const auto it = exactly_.find(key(query, depth)); it != exactly_.end()) visit(it->second);
  }
}

}  // namespace sparkmv::isolation
