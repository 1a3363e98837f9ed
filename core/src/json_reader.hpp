// The engine's only door to JSON text (private to core/src). Its own strict
// RFC 8259 reader, so that:
//  - numbers with a fraction or exponent keep their exact decimal text (a
//    double would round them: 168.26 is not a double);
//  - nesting depth is bounded and duplicate keys are rejected, each error
//    naming the path where it happened ("[12].amount");
//  - a large top-level array can be streamed element by element, so a
//    million-row log never exists as one DOM;
//  - the storefront's wasm carries no general-purpose JSON library: one
//    reader of a few hundred lines, no locale, no printf, no floating point.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "json_value.hpp"
#include "loyalty/error.hpp"

namespace loyalty::json {

using Json = Value;

constexpr std::size_t kMaxDepth = 64;

// Whole document as a DOM (programs and other small documents).
Result<Json> parse_document(std::string_view text);

// Calls `sink(index, element)` for each element of a top-level array.
using ElementSink = std::function<Status(std::size_t index, Json& element)>;
Status parse_array_stream(std::string_view text, const ElementSink& sink);

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
