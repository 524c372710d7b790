#pragma once
// Reads Hadoop-style configuration XML (hive-site.xml, core-site.xml, metastore-site.xml):
// <configuration><property><name>k</name><value>v</value></property>...</configuration>.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/java_properties.hpp"

namespace sparkmv::config {

// Malformed XML: `line` is where the XML parser stopped.
class XmlError : public std::runtime_error {
 public:
  XmlError(int line, const std::string& message) : std::runtime_error(message), line_(line) {}
  int line() const { return line_; }

 private:
  int line_;
};

std::vector<Property> parse_hadoop_xml(std::string_view text);

}  // namespace sparkmv::config
