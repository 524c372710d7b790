// UTC timestamps: formatting and parsing round-trip, and what is not a timestamp.
#include "common/utc_time.hpp"

#include <gtest/gtest.h>

namespace sparkmv::utc {
namespace {

TEST(UtcTime, FormatsAndParsesIso8601) {
  EXPECT_EQ(format(1795514400000, iso8601), "2026-11-24T10:00:00Z");
  EXPECT_EQ(format(1795514400999, compact), "20261124T100000Z");
  EXPECT_EQ(parse_iso8601("2026-11-24T10:00:00Z"), 1795514400000);
  EXPECT_EQ(parse_iso8601(format(0, iso8601)), 0);
  EXPECT_EQ(parse_iso8601("2026-11-24 10:00"), 0);
  EXPECT_EQ(parse_iso8601("2026-11-24T10:00:00Zjunk"), 0);
  EXPECT_EQ(parse_iso8601(""), 0);
  EXPECT_EQ(now(iso8601).size(), 20U);
  EXPECT_GT(parse_iso8601(now(iso8601)), 1795514400000 - 86400000LL * 365);
}

}  // namespace
}  // namespace sparkmv::utc
