// s3:// locations and the settings read from the environment.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/errors.hpp"
#include "eventlog/s3/s3_client.hpp"

namespace sparkmv::eventlog::s3 {
namespace {

TEST(S3Url, BucketAndKey) {
  const auto a = parse_s3_url("s3a://spark-logs/3.5/events/");
  EXPECT_EQ(a.scheme, "s3a");
  EXPECT_EQ(a.bucket, "spark-logs");
  EXPECT_EQ(a.key, "3.5/events");
  EXPECT_EQ(a.str(), "s3a://spark-logs/3.5/events");
  const auto b = parse_s3_url("s3://spark-logs");
  EXPECT_EQ(b.key, "");
  EXPECT_EQ(b.str(), "s3://spark-logs");
  EXPECT_TRUE(is_s3_url("s3://x"));
  EXPECT_TRUE(is_s3_url("s3a://x"));
  EXPECT_FALSE(is_s3_url("s3n://x"));
  EXPECT_FALSE(is_s3_url("logs/s3a://x"));
  EXPECT_THROW(parse_s3_url("s3a://"), InputError);
  EXPECT_THROW(parse_s3_url("s3a:///key"), InputError);
}

// With virtual-host addressing the bucket becomes part of the host name: anything but a real bucket name
// could send the signed request (access key, session token, signature) to another host.
TEST(S3Url, BucketNamesFollowTheS3Rules) {
  for (const char* good : {"spark-logs", "abc", "a.b-c.1", "logs.example.com", "0ab"}) {
    EXPECT_TRUE(is_valid_bucket_name(good)) << good;
    EXPECT_NO_THROW(parse_s3_url(std::string("s3://") + good + "/k")) << good;
  }
  for (const char* bad : {"x@127.0.0.1:9000#", "127.0.0.1:9000", "ab", "UPPER", "a..b", "-ab", "ab-", ".ab",
                          "192.168.1.1", "has space", "b%40h", "a_b", "x?y", "x#y"}) {
    EXPECT_FALSE(is_valid_bucket_name(bad)) << bad;
    try {
      parse_s3_url(std::string("s3://") + bad + "/k");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("is not an S3 bucket name"), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(is_valid_bucket_name(std::string(64, 'a')));
  EXPECT_TRUE(is_valid_bucket_name(std::string(63, 'a')));
}

// Sets environment variables for one test and puts the old values back.
class Environment {
 public:
  Environment(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const char* name :
         {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "SPARKMV_S3_RANGE_BYTES"}) {
      const char* old = getenv(name);
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      unsetenv(name);
    }
    for (const auto& [name, value] : values) setenv(name, value, 1);
  }
  ~Environment() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name, value->c_str(), 1);
      } else {
        unsetenv(name);
      }
    }
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST(S3Config, DefaultsToAwsWithVirtualHosts) {
  const Environment env{{"AWS_ACCESS_KEY_ID", "AKIDTEST"}, {"AWS_SECRET_ACCESS_KEY", "not-a-secret"}};
  const auto config = config_from_environment({});
  EXPECT_EQ(config.endpoint, "");
  EXPECT_EQ(config.region, "us-east-1");
  EXPECT_FALSE(config.path_style);
}

TEST(S3Config, EndpointTurnsOnPathStyle) {
  const Environment env{{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
                        {"AWS_SECRET_ACCESS_KEY", "not-a-secret"},
                        {"AWS_ENDPOINT_URL", "http://minio:9000/"},
                        {"AWS_DEFAULT_REGION", "eu-west-1"}};
  auto config = config_from_environment({});
  EXPECT_EQ(config.endpoint, "http://minio:9000");
  EXPECT_TRUE(config.path_style);
  EXPECT_EQ(config.region, "eu-west-1");
  // The S3-specific variable wins over the general one, the command line over both.
  setenv("AWS_ENDPOINT_URL_S3", "http://s3-only:9000", 1);
  EXPECT_EQ(config_from_environment({}).endpoint, "http://s3-only:9000");
  config = config_from_environment({"https://cli:443", false, 30});
  EXPECT_EQ(config.endpoint, "https://cli:443");
  EXPECT_FALSE(config.path_style);
}

TEST(S3Config, MissingCredentialsAreAnEnvironmentProblem) {
  const Environment env{{"AWS_ACCESS_KEY_ID", "AKIDTEST"}};
  try {
    config_from_environment({});
    FAIL() << "expected EnvironmentError";
  } catch (const EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
  }
}

TEST(S3Config, EndpointMustBeHttp) {
  const Environment env{{"AWS_ACCESS_KEY_ID", "AKIDTEST"}, {"AWS_SECRET_ACCESS_KEY", "not-a-secret"}};
  EXPECT_THROW(config_from_environment({"minio:9000", std::nullopt, 30}), InputError);
}

TEST(S3Client, UnreachableEndpointIsAnEnvironmentErrorWithCurlsMessage) {
  S3Config config;
  config.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  config.path_style = true;
  config.credentials = {"AKIDTEST", "not-a-secret", ""};
  S3Client client(config);
  try {
    client.head(parse_s3_url("s3a://bucket/key"));
    FAIL() << "expected EnvironmentError";
  } catch (const EnvironmentError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("s3a://bucket/key: cannot reach the S3 endpoint http://127.0.0.1:1"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("not-a-secret"), std::string::npos);
  }
}

}  // namespace
}  // namespace sparkmv::eventlog::s3
