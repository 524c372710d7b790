// Parsing S3's ListObjectsV2 pages and error documents, as AWS, MinIO and moto write them.
#include "eventlog/s3/s3_xml.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sparkmv::eventlog::s3 {
namespace {

TEST(S3Xml, ListPageWithObjectsPrefixesAndAToken) {
  const auto page = parse_list_page(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>spark-logs</Name><Prefix>3.5/events/</Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys>
  <Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
  <Contents><Key>3.5/events/local-1</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>
    <ETag>&quot;abc&quot;</ETag><Size>12345</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>3.5/events/a&amp;b.lz4</Key><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>3.5/events/eventlog_v2_local-2/</Prefix></CommonPrefixes>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
</ListBucketResult>)");
  ASSERT_EQ(page.objects.size(), 2U);
  EXPECT_EQ(page.objects[0].key, "3.5/events/local-1");
  EXPECT_EQ(page.objects[0].size, 12345U);
  EXPECT_EQ(page.objects[1].key, "3.5/events/a&b.lz4");
  ASSERT_EQ(page.common_prefixes.size(), 1U);
  EXPECT_EQ(page.common_prefixes[0], "3.5/events/eventlog_v2_local-2/");
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3Xml, LastPage) {
  const auto page = parse_list_page(
      "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>");
  EXPECT_TRUE(page.objects.empty());
  EXPECT_FALSE(page.truncated);
}

TEST(S3Xml, ListPageRejectsOtherDocuments) {
  EXPECT_THROW(parse_list_page("<Error><Code>NoSuchBucket</Code></Error>"), std::runtime_error);
  EXPECT_THROW(parse_list_page("<ListBucketResult><Contents>"), std::runtime_error);
  EXPECT_THROW(parse_list_page("<html>proxy says no</html>"), std::runtime_error);
}

TEST(S3Xml, ErrorDocument) {
  const auto error = parse_error_document(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message>
<StringToSign>AWS4-HMAC-SHA256...</StringToSign><RequestId>4442587FB7D0A2F9</RequestId></Error>)");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "SignatureDoesNotMatch");
  EXPECT_EQ(error->message, "The request signature we calculated does not match the signature you provided.");
  EXPECT_FALSE(parse_error_document(""));
  EXPECT_FALSE(parse_error_document("Bad Gateway"));
  EXPECT_FALSE(parse_error_document("<ListBucketResult/>"));
}

}  // namespace
}  // namespace sparkmv::eventlog::s3
