#include <gtest/gtest.h>

#include "config/hadoop_xml.hpp"
#include "config/java_properties.hpp"

namespace sparkmv::config {
namespace {

TEST(JavaProperties, ReadsEverySeparatorCommentsAndContinuations) {
  const auto props = parse_java_properties(
      "# comment\n! also a comment\n\n"
      "spark.a   1\n"
      "spark.b=2\n"
      "spark.c: 3\n"
      "  spark.d = four \\\n      and more\n"
      "spark.e\\=x=5\n"
      "spark.f\n");
  ASSERT_EQ(props.size(), 6U);
  EXPECT_EQ(props[0].key, "spark.a");
  EXPECT_EQ(props[0].value, "1");
  EXPECT_EQ(props[0].line, 4);
  EXPECT_EQ(props[1].value, "2");
  EXPECT_EQ(props[2].value, "3");
  EXPECT_EQ(props[3].key, "spark.d");
  EXPECT_EQ(props[3].value, "four and more");
  EXPECT_EQ(props[4].key, "spark.e=x");
  EXPECT_EQ(props[4].value, "5");
  EXPECT_EQ(props[5].key, "spark.f");
  EXPECT_EQ(props[5].value, "");
}

TEST(HadoopXml, ReadsPropertiesWithLinesAndEntities) {
  const auto props = parse_hadoop_xml(
      "<?xml version=\"1.0\"?>\n<!-- c -->\n<configuration>\n"
      "  <property>\n    <name>javax.jdo.option.ConnectionURL</name>\n"
      "    <value>jdbc:postgresql://pg/db?a=1&amp;b=2</value>\n  </property>\n"
      "  <property><name>empty</name></property>\n"
      "</configuration>\n");
  ASSERT_EQ(props.size(), 2U);
  EXPECT_EQ(props[0].key, "javax.jdo.option.ConnectionURL");
  EXPECT_EQ(props[0].value, "jdbc:postgresql://pg/db?a=1&b=2");
  EXPECT_EQ(props[0].line, 4);
  EXPECT_EQ(props[1].value, "");
}

TEST(HadoopXml, MalformedXmlReportsTheLine) {
  try {
    parse_hadoop_xml("<configuration>\n<property>\n<name>x</nam>\n");
    FAIL();
  } catch (const XmlError& e) {
    EXPECT_EQ(e.line(), 3);
  }
}

}  // namespace
}  // namespace sparkmv::config
