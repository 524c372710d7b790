#pragma once
// Storage locations (event-log directories, warehouses, checkpoints) compared the way the filesystems see
// them: s3://, s3a:// and s3n:// are one store; trailing slashes, "." and ".." do not matter.
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
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

}  // namespace sparkmv::isolation
