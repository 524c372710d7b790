#include "model/yaml_reader.hpp"

#include <gtest/gtest.h>

namespace sparkmv::model {
namespace {

TEST(YamlReader, ResolvesPlainScalarsAndKeepsQuotedOnesAsText) {
  const auto docs = parse_yaml_documents(
      "a: 1\nb: -2.5e3\nc: \"1\"\nd: '01'\ne: 01\nf: true\ng: ~\nh: |\n  text\ni: !!str 3\nj: 1.2.3\nk: "
      ".5\n");
  ASSERT_EQ(docs.size(), 1U);
  const auto& v = docs[0].value;
  EXPECT_EQ(v["a"], 1);
  EXPECT_DOUBLE_EQ(v["b"].get<double>(), -2500.0);
  EXPECT_EQ(v["c"], "1");
  EXPECT_EQ(v["d"], "01");
  EXPECT_TRUE(v["e"].is_number());  // a float in YAML 1.2, an octal integer in 1.1: a number either way
  EXPECT_EQ(v["f"], true);
  EXPECT_TRUE(v["g"].is_null());
  EXPECT_EQ(v["h"], "text\n");
  EXPECT_EQ(v["i"], "3");
  EXPECT_EQ(v["j"], "1.2.3");
  EXPECT_DOUBLE_EQ(v["k"].get<double>(), 0.5);
}

TEST(YamlReader, ExpandsAliasesAndMergeKeysWithoutOverridingOwnKeys) {
  const auto docs = parse_yaml_documents(
      "base: &base {app: spark, tier: web}\n"
      "labels:\n  <<: *base\n  tier: api\n"
      "list: [*base]\n");
  const auto& v = docs.at(0).value;
  EXPECT_EQ(v["labels"], (nlohmann::json{{"app", "spark"}, {"tier", "api"}}));
  EXPECT_EQ(v["list"][0]["app"], "spark");
}

TEST(YamlReader, ReportsDocumentLinesAndErrorLines) {
  const auto docs = parse_yaml_documents("# comment\n\nkind: A\n---\nkind: B\n");
  ASSERT_EQ(docs.size(), 2U);
  EXPECT_EQ(docs[0].line, 2);
  EXPECT_EQ(docs[1].line, 4);
  EXPECT_TRUE(parse_yaml_documents("# only comments\n").empty());
  try {
    parse_yaml_documents("a: 1\nb: [1, 2\nc: 3\n");
    FAIL();
  } catch (const YamlError& e) {
    EXPECT_GE(e.line(), 1);
  }
  EXPECT_THROW(parse_yaml_documents("a: *missing\n"), YamlError);
}

}  // namespace
}  // namespace sparkmv::model
