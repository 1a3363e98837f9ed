// The engine's only door to JSON text (private to core/src). Parses with
// nlohmann's SAX interface so that:
//  - numbers with a fraction or exponent keep their exact decimal text (a
//    DOM would round them through double: 168.26 is not a double);
//  - nesting depth is bounded and duplicate keys are rejected;
//  - a large top-level array can be streamed element by element, so a
//    million-row log never exists as one DOM.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "loyalty/error.hpp"

namespace loyalty::json {

using Json = nlohmann::json;

constexpr std::size_t kMaxDepth = 64;

// Whole document as a DOM (programs and other small documents).
Result<Json> parse_document(std::string_view text);

// Calls `sink(index, element)` for each element of a top-level array.
using ElementSink = std::function<Status(std::size_t index, Json& element)>;
Status parse_array_stream(std::string_view text, const ElementSink& sink);

// A non-integer JSON number's exact text ("168.26", "1e2"), or nullopt.
std::optional<std::string_view> decimal_text(const Json& value);

// The exact decimal text of any JSON number, or of a string: integers
// are rendered, decimals keep their source text. nullopt for other types.
std::optional<std::string> number_or_string_text(const Json& value);

// An identifier's text: a string as it is, a whole number as its digits;
// nullopt for other types (ids and customers are never decimals or objects).
std::optional<std::string> identifier_text(const Json& value);

// "a string", "a number", "an object", ... for messages.
std::string type_name(const Json& value);

// Appends `text` to `out` as a JSON string literal (quotes included).
void append_quoted(std::string& out, std::string_view text);

// Keys beginning with '_' or '$' are comments or schema links, never rules.
bool is_annotation_key(std::string_view key);

}  // namespace loyalty::json
