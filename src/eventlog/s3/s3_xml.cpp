#include "eventlog/s3/s3_xml.hpp"

#include <expat.h>

#include <charconv>
#include <memory>
#include <stdexcept>

namespace sparkmv::eventlog::s3 {

namespace {

// Collects the text of every element with its path from the root ("ListBucketResult/Contents/Key"), and
// reports each element's end.
struct Walker {
  std::vector<std::string> path;
  std::string text;
  virtual ~Walker() = default;
  virtual void on_element(const std::vector<std::string>& element_path, const std::string& element_text) = 0;
};

std::string_view local_name(const XML_Char* name) {
  // Expat is created without namespace processing: a prefix, if any, stays in the name.
  std::string_view n(name);
  const auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

void on_start(void* data, const XML_Char* element, const XML_Char** /*attributes*/) {
  auto* walker = static_cast<Walker*>(data);
  walker->path.emplace_back(local_name(element));
  walker->text.clear();
}

void on_end(void* data, const XML_Char* /*element*/) {
  auto* walker = static_cast<Walker*>(data);
  walker->on_element(walker->path, walker->text);
  walker->path.pop_back();
  walker->text.clear();
}

void on_text(void* data, const XML_Char* chars, int length) {
  static_cast<Walker*>(data)->text.append(chars, static_cast<std::size_t>(length));
}

// False when the document is not well-formed.
bool walk(std::string_view xml, Walker& walker) {
  const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                            &XML_ParserFree);
  if (!parser) throw std::runtime_error("cannot create an XML parser");
  XML_SetUserData(parser.get(), &walker);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  // One page is at most a few hundred KiB; feed it in int-sized pieces all the same.
  constexpr std::size_t piece = 1 << 20;
  for (std::size_t at = 0; at < xml.size(); at += piece) {
    const auto n = std::min(piece, xml.size() - at);
    if (XML_Parse(parser.get(), xml.data() + at, static_cast<int>(n), XML_FALSE) == XML_STATUS_ERROR)
      return false;
  }
  return XML_Parse(parser.get(), "", 0, XML_TRUE) != XML_STATUS_ERROR;
}

struct ListWalker final : Walker {
  ListPage page;
  ListedObject current;
  std::string root;

  void on_element(const std::vector<std::string>& p, const std::string& t) override {
    if (p.size() == 1) root = p[0];
    if (p.size() == 2) {
      if (p[1] == "IsTruncated") page.truncated = t == "true";
      if (p[1] == "NextContinuationToken") page.next_continuation_token = t;
      if (p[1] == "Contents") {
        page.objects.push_back(std::move(current));
        current = {};
      }
    }
    if (p.size() == 3 && p[1] == "Contents") {
      if (p[2] == "Key") current.key = t;
      if (p[2] == "Size") std::from_chars(t.data(), t.data() + t.size(), current.size);
    }
    if (p.size() == 3 && p[1] == "CommonPrefixes" && p[2] == "Prefix") page.common_prefixes.push_back(t);
  }
};

struct ErrorWalker final : Walker {
  ErrorDocument error;
  std::string root;

  void on_element(const std::vector<std::string>& p, const std::string& t) override {
    if (p.size() == 1) root = p[0];
    if (p.size() == 2 && p[0] == "Error") {
      if (p[1] == "Code") error.code = t;
      if (p[1] == "Message") error.message = t;
    }
  }
};

}  // namespace

ListPage parse_list_page(std::string_view xml) {
  ListWalker walker;
  if (!walk(xml, walker)) throw std::runtime_error("the listing is not well-formed XML");
  if (walker.root != "ListBucketResult")
    throw std::runtime_error("the listing is a <" + walker.root + "> document, not <ListBucketResult>");
  return std::move(walker.page);
}

std::optional<ErrorDocument> parse_error_document(std::string_view xml) {
  if (xml.find('<') == std::string_view::npos) return std::nullopt;
  ErrorWalker walker;
  if (!walk(xml, walker) || walker.root != "Error" || walker.error.code.empty()) return std::nullopt;
  return walker.error;
}

}  // namespace sparkmv::eventlog::s3
