#include "isolation/location.hpp"

#include <gtest/gtest.h>

#include <set>

#include "isolation/database.hpp"

namespace sparkmv::isolation {
namespace {

StorageLocation loc(const char* uri) {
  auto parsed = parse_location(uri);
  EXPECT_TRUE(parsed) << uri;
  return parsed.value_or(StorageLocation{});
}

TEST(StorageLocation, NormalisesSchemeSlashesAndDots) {
  EXPECT_EQ(loc("s3a://spark-logs/3.5/events/"), loc("s3://spark-logs/3.5/events"));
  EXPECT_EQ(loc("s3n://Spark-Logs//3.5/./events"), loc("s3a://spark-logs/3.5/events"));
  EXPECT_EQ(loc("s3a://spark-logs/4.1/../3.5/events"), loc("s3a://spark-logs/3.5/events"));
  EXPECT_EQ(loc("file:///tmp/logs"), loc("/tmp/logs"));
  EXPECT_EQ(loc("file:/tmp/logs/"), loc("/tmp/logs"));
  EXPECT_NE(loc("s3a://a/x"), loc("s3a://b/x"));
  EXPECT_NE(loc("hdfs://nn:8020/x"), loc("hdfs://nn2:8020/x"));
  EXPECT_EQ(loc("s3a://spark-logs/3.5/events").to_string(), "s3://spark-logs/3.5/events");
}

TEST(StorageLocation, OverlapIsBySegmentNotByString) {
  EXPECT_TRUE(overlaps(loc("s3a://b/3.5"), loc("s3a://b/3.5/events")));
  EXPECT_TRUE(overlaps(loc("s3a://b/3.5/events"), loc("s3a://b/3.5")));
  EXPECT_TRUE(overlaps(loc("s3a://b/"), loc("s3a://b/4.1/events")));
  EXPECT_FALSE(overlaps(loc("s3a://b/3.5"), loc("s3a://b/3.5-events")));
  EXPECT_FALSE(overlaps(loc("s3a://b/3.5/events"), loc("s3a://b/4.1/events")));
}

TEST(StorageLocation, RelativePathsAndPlaceholdersAreNotComparable) {
  EXPECT_FALSE(parse_location("spark-warehouse"));
  EXPECT_FALSE(parse_location("${SPARK_LOG_DIR}/events"));
  EXPECT_FALSE(parse_location(""));
}

TEST(Database, ParsesJdbcUrlsAndCanonicalisesHosts) {
  const auto a = parse_jdbc_url("jdbc:postgresql://pg/metastore_spark35", "spark");
  const auto b =
      parse_jdbc_url("jdbc:postgresql://pg.spark.svc.cluster.local:5432/metastore_spark35?ssl=true", "x");
  const auto c = parse_jdbc_url("jdbc:postgresql://pg.spark.svc:5432/metastore_spark35", "y");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  EXPECT_EQ(a->to_string(), "postgresql://pg.spark:5432/metastore_spark35");
  const auto other_ns = parse_jdbc_url("jdbc:postgresql://pg/metastore_spark35", "spark-41");
  ASSERT_TRUE(other_ns);
  EXPECT_NE(*a, *other_ns);
  const auto mysql = parse_jdbc_url("jdbc:mysql://10.0.0.5/hive", "spark");
  ASSERT_TRUE(mysql);
  EXPECT_EQ(mysql->server(), "mysql://10.0.0.5:3306");
  EXPECT_FALSE(parse_jdbc_url("jdbc:derby:;databaseName=metastore_db;create=true", "spark"));
  EXPECT_FALSE(parse_jdbc_url("not a url", "spark"));
  EXPECT_FALSE(parse_jdbc_url("jdbc:postgresql://pg/", "spark"));
}

TEST(Database, ParsesThriftUriLists) {
  const auto uris = parse_thrift_uris("thrift://hms:9083, thrift://hms2.other.svc.cluster.local", "spark");
  EXPECT_EQ(uris, (std::vector<std::string>{"hms.spark:9083", "hms2.other:9083"}));
}

}  // namespace
}  // namespace sparkmv::isolation

namespace sparkmv::isolation {
namespace {

// Every overlap the index reports is one overlap_of finds by comparing all pairs, and none is missed.
TEST(LocationIndex, FindsExactlyThePairsAPairwiseComparisonFinds) {
  std::vector<StorageLocation> all;
  for (const char* bucket : {"s3a://logs", "s3a://wh", "file://"}) {
    for (const char* path :
         {"", "/3.5", "/3.5/events", "/3.5/events/x", "/4.1", "/4.1/events", "/3.5-events"}) {
      for (const char* endpoint : {"", "minio.spark:9000", "other.spark:9000"}) {
        const std::string tail = *path == '\0' ? "/" : path;
        auto location = parse_location(std::string(bucket) + tail);
        ASSERT_TRUE(location.has_value());
        if (location->scheme == "s3") location->endpoint = endpoint;
        all.push_back(*location);
      }
    }
  }
  LocationIndex index;
  for (std::size_t i = 0; i < all.size(); ++i) index.add(all[i], i);
  std::size_t overlaps_seen = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::set<std::size_t> indexed;
    index.for_each_overlap(all[i], [&](std::size_t id, Overlap overlap) {
      EXPECT_TRUE(indexed.insert(id).second) << "reported twice: " << all[id].to_string();
      const auto direct = overlap_of(all[i], all[id]);
      EXPECT_EQ(overlap.nesting, direct.nesting);
      EXPECT_EQ(overlap.certain, direct.certain);
    });
    std::set<std::size_t> expected;
    for (std::size_t j = 0; j < all.size(); ++j) {
      if (overlap_of(all[i], all[j])) expected.insert(j);
    }
    EXPECT_EQ(indexed, expected) << all[i].to_string() << " at " << all[i].endpoint;
    overlaps_seen += expected.size();
  }
  EXPECT_GT(overlaps_seen, all.size());  // the table holds real overlaps, not only each location itself
}

TEST(LocationIndex, OverlapIsPossibleOnlyWhenOneSideNamesNoEndpoint) {
  auto a = *parse_location("s3a://logs/4.1/events");
  auto b = *parse_location("s3://logs/4.1/events/");
  EXPECT_EQ(overlap_of(a, b).nesting, Nesting::equal);
  EXPECT_TRUE(overlap_of(a, b).certain);
  b.endpoint = "minio.spark:9000";
  EXPECT_EQ(overlap_of(a, b).nesting, Nesting::equal);
  EXPECT_FALSE(overlap_of(a, b).certain);
  a.endpoint = "other.spark:9000";
  EXPECT_FALSE(overlap_of(a, b));
  a.endpoint = b.endpoint;
  a.segments.pop_back();
  EXPECT_EQ(overlap_of(a, b).nesting, Nesting::second_inside);
  EXPECT_EQ(overlap_of(b, a).nesting, Nesting::first_inside);
}

}  // namespace
}  // namespace sparkmv::isolation
