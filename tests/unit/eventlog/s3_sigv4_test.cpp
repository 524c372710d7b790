// The signer against the examples AWS publishes: the S3 API reference's "Signature Calculations for the
// Authorization Header" (GET Object, PUT Object, GET Bucket Lifecycle, GET Bucket / List Objects, with the
// example credentials AKIAIOSFODNN7EXAMPLE) and the general reference's signing-key and IAM examples.
// Every expected value below is copied from those documents, not from this code's output.
#include <gtest/gtest.h>

#include "eventlog/s3/sigv4.hpp"

namespace sparkmv::eventlog::s3 {
namespace {

const Credentials s3_example{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
constexpr const char* s3_host = "examplebucket.s3.amazonaws.com";
constexpr const char* s3_date = "20130524T000000Z";

SigningRequest s3_get(std::string uri, std::vector<QueryParam> query, std::vector<Header> extra = {}) {
  SigningRequest r;
  r.method = "GET";
  r.canonical_uri = canonical_path(uri);
  r.canonical_query = canonical_query(std::move(query));
  r.payload_hash = std::string(empty_payload_hash);
  r.headers = {{"Host", s3_host}, {"x-amz-content-sha256", r.payload_hash}, {"x-amz-date", s3_date}};
  for (auto& h : extra) r.headers.push_back(std::move(h));
  return r;
}

TEST(SigV4, EmptyPayloadHashIsSha256OfNothing) {
  EXPECT_EQ(sha256_hex(""), empty_payload_hash);
  // The PUT Object example's payload, "Welcome to Amazon S3.".
  EXPECT_EQ(sha256_hex("Welcome to Amazon S3."),
            "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
}

TEST(SigV4, SigningKeyOfTheGeneralReference) {
  EXPECT_EQ(to_hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

TEST(SigV4, S3GetObjectWithRange) {
  const auto request = s3_get("/test.txt", {}, {{"Range", "bytes=0-9"}});
  EXPECT_EQ(canonical_request(request),
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(canonical_request(request)),
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(authorization(s3_example, s3_date, "us-east-1", "s3", request),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, S3PutObjectEncodesTheKeyAndSignsEveryHeader) {
  SigningRequest r;
  r.method = "PUT";
  r.canonical_uri = canonical_path("/test$file.text");
  EXPECT_EQ(r.canonical_uri, "/test%24file.text");
  r.payload_hash = sha256_hex("Welcome to Amazon S3.");
  r.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
               {"Host", s3_host},
               {"x-amz-date", s3_date},
               {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
               {"x-amz-content-sha256", r.payload_hash}};
  EXPECT_EQ(sha256_hex(canonical_request(r)),
            "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
  EXPECT_EQ(signature(s3_example, s3_date, "us-east-1", "s3", r),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, S3GetBucketLifecycleSignsAnEmptyValue) {
  const auto request = s3_get("/", {{"lifecycle", ""}});
  EXPECT_EQ(request.canonical_query, "lifecycle=");
  EXPECT_EQ(signature(s3_example, s3_date, "us-east-1", "s3", request),
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, S3ListObjectsSortsTheQuery) {
  // Given out of order: the canonical query sorts it, and the URL sent carries the same string.
  const auto request = s3_get("/", {{"prefix", "J"}, {"max-keys", "2"}});
  EXPECT_EQ(request.canonical_query, "max-keys=2&prefix=J");
  EXPECT_EQ(signature(s3_example, s3_date, "us-east-1", "s3", request),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, IamListUsersExampleOfTheGeneralReference) {
  SigningRequest r;
  r.method = "GET";
  r.canonical_uri = "/";
  r.canonical_query = canonical_query({{"Version", "2010-05-08"}, {"Action", "ListUsers"}});
  r.payload_hash = std::string(empty_payload_hash);
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
               {"Host", "iam.amazonaws.com"},
               {"X-Amz-Date", "20150830T123600Z"}};
  EXPECT_EQ(authorization({"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""}, "20150830T123600Z",
                          "us-east-1", "iam", r),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
            "SignedHeaders=content-type;host;x-amz-date,"
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4, EncodingAsSigV4WantsIt) {
  EXPECT_EQ(uri_encode("a-b_c.d~e", false), "a-b_c.d~e");
  EXPECT_EQ(uri_encode("a b/c+d=\xC3\xA9*", false), "a%20b%2Fc%2Bd%3D%C3%A9%2A");
  EXPECT_EQ(canonical_path("/bucket/3.5/events/eventlog_v2_app 1/events_1"),
            "/bucket/3.5/events/eventlog_v2_app%201/events_1");
  // A continuation token is opaque base64: '+', '/' and '=' must be encoded in the query.
  EXPECT_EQ(canonical_query({{"list-type", "2"}, {"continuation-token", "1a+b/c=="}, {"delimiter", "/"}}),
            "continuation-token=1a%2Bb%2Fc%3D%3D&delimiter=%2F&list-type=2");
}

TEST(SigV4, HeaderValuesAreTrimmedAndNamesLowered) {
  auto a = s3_get("/k", {}, {{"X-Custom", "  a   b  "}});
  auto b = s3_get("/k", {}, {{"x-custom", "a b"}});
  EXPECT_EQ(canonical_request(a), canonical_request(b));
}

TEST(SigV4, AmzDateIsUtc) {
  EXPECT_EQ(amz_date(std::chrono::system_clock::time_point(std::chrono::seconds(1369353600))),
            "20130524T000000Z");
}

}  // namespace
}  // namespace sparkmv::eventlog::s3
