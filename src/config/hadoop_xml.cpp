#include "config/hadoop_xml.hpp"

#include <expat.h>

#include <memory>

#include "common/text.hpp"

namespace sparkmv::config {

namespace {

struct ParseState {
  XML_Parser parser = nullptr;
  std::vector<Property> properties;
  std::vector<std::string> path;  // element names from the root
  std::string name;
  std::string value;
  std::string text;
  int property_line = 0;
};

void on_start(void* data, const XML_Char* element, const XML_Char** /*attributes*/) {
  auto* state = static_cast<ParseState*>(data);
  state->path.emplace_back(element);
  state->text.clear();
  if (state->path.back() == "property") {
    state->name.clear();
    state->value.clear();
    state->property_line = static_cast<int>(XML_GetCurrentLineNumber(state->parser));
  }
}

void on_end(void* data, const XML_Char* /*element*/) {
  auto* state = static_cast<ParseState*>(data);
  const std::string element = state->path.back();
  const bool in_property = state->path.size() >= 2 && state->path[state->path.size() - 2] == "property";
  if (in_property && element == "name") state->name = std::string(text::trim(state->text));
  if (in_property && element == "value") state->value = std::string(text::trim(state->text));
  if (element == "property" && !state->name.empty()) {
    state->properties.push_back({state->name, state->value, state->property_line});
  }
  state->path.pop_back();
  state->text.clear();
}

void on_text(void* data, const XML_Char* chars, int length) {
  static_cast<ParseState*>(data)->text.append(chars, static_cast<std::size_t>(length));
}

}  // namespace

std::vector<Property> parse_hadoop_xml(std::string_view text) {
  const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                            &XML_ParserFree);
  if (!parser) throw XmlError(0, "cannot create an XML parser");
  ParseState state;
  state.parser = parser.get();
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  if (XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) == XML_STATUS_ERROR) {
    throw XmlError(static_cast<int>(XML_GetCurrentLineNumber(parser.get())),
                   XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
  return std::move(state.properties);
}

}  // namespace sparkmv::config
