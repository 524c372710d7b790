// The limits that keep hostile YAML and JSON from exhausting memory or stack, and duplicate keys, which
// would otherwise silently hide a value: each is an error naming the line.
#include <gtest/gtest.h>

#include <string>

#include "common/errors.hpp"
#include "model/json_structure.hpp"
#include "model/manifest_loader.hpp"
#include "model/yaml_reader.hpp"

namespace sparkmv::model {
namespace {

// `levels` levels of ten aliases of the level below: 10^levels nodes when expanded.
std::string alias_bomb(int levels) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= levels; ++i) {
    const auto below = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k == 0 ? "" : ", ") + below;
    text += "]\n";
  }
  return text;
}

TEST(YamlLimits, AliasExpansionIsBoundedAndNamesTheLine) {
  EXPECT_NO_THROW(parse_yaml_documents(alias_bomb(3)));  // 1,110 nodes copied: fine
  try {
    parse_yaml_documents(alias_bomb(9));
    FAIL() << "an alias bomb was expanded";
  } catch (const YamlError& e) {
    EXPECT_NE(std::string(e.what()).find("aliases copy more than"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 4);  // 0-based: the a4 level is the first to pass 100,000 nodes
  }
}

TEST(YamlLimits, NestingDepthIsBounded) {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_NO_THROW(parse_yaml_documents(nested(max_nesting_depth)));
  EXPECT_THROW(parse_yaml_documents(nested(max_nesting_depth + 1)), YamlError);
  EXPECT_THROW(parse_yaml_documents(nested(100'000)), YamlError);
}

TEST(YamlLimits, AnAliasCannotNestPastTheLimit) {
  // A 200-deep anchor used 100 levels down: 300 levels once copied.
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  const std::string text =
      "a: &d " + deep + "\nb: " + std::string(100, '[') + "*d" + std::string(100, ']') + "\n";
  EXPECT_THROW(parse_yaml_documents(text), YamlError);
}

TEST(YamlDuplicates, ASecondKeyIsAnErrorNamingBothLines) {
  try {
    parse_yaml_documents("jobs:\n  - name: a\nother: 1\njobs: []\n");
    FAIL() << "the second 'jobs' replaced the first";
  } catch (const YamlError& e) {
    EXPECT_EQ(std::string(e.what()), "duplicate key 'jobs'");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.first_line(), 0);
  }
  EXPECT_THROW(parse_yaml_documents("{a: 1, a: 2}\n"), YamlError);
}

TEST(YamlDuplicates, MergeKeysAndOverridesAreNoDuplicates) {
  const auto docs = parse_yaml_documents("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 3\n");
  EXPECT_EQ(docs.at(0).value["m"]["x"], 3);
  EXPECT_EQ(docs.at(0).value["m"]["y"], 2);
  EXPECT_NO_THROW(parse_yaml_documents("a: 1\n---\na: 2\n"));  // one key per document
}

TEST(JsonStructure, DepthAndDuplicatesWithOffsets) {
  EXPECT_FALSE(find_json_structure_problem(R"({"a": {"b": [1, {"c": "}\"{"}]}, "d": "a"})"));
  const std::string text = "{\"a\": 1,\n \"b\": {\"a\": 2},\n \"\\u0061\": 3}";
  const auto duplicate = find_json_structure_problem(text);
  ASSERT_TRUE(duplicate);
  EXPECT_EQ(duplicate->what, "duplicate key 'a'");
  EXPECT_EQ(duplicate->offset, text.find("\"\\u0061\""));
  EXPECT_EQ(duplicate->first_offset, 1U);
  const auto deep = find_json_structure_problem(std::string(70'000, '[') + std::string(70'000, ']'));
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->offset, max_nesting_depth);
}

TEST(ManifestLimits, ErrorsNameTheFileAndLine) {
  const auto message = [](const std::string& text) {
    try {
      load_manifests(text, "in.yaml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("kind: Service\nmetadata: {name: a}\nkind: Pod\n"),
            "in.yaml:3: malformed YAML: duplicate key 'kind' (first at line 1)");
  EXPECT_EQ(message("---\nkind: Service\nmetadata:\n  name: a\n  name: b\n"),
            "in.yaml:5: malformed YAML: duplicate key 'name' (first at line 4)");
  EXPECT_EQ(message("{\"kind\": \"Service\",\n\"kind\": \"Pod\"}"),
            "in.yaml:2: duplicate key 'kind' (first at line 1)");
  EXPECT_EQ(message("{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"n\"},\n\"data\": {\"x\": 1e400}}"),
            "in.yaml:2: malformed JSON: number overflow parsing '1e400'");
}

}  // namespace
}  // namespace sparkmv::model
