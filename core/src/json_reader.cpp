#include "json_reader.hpp"

#include "loyalty/json_text.hpp"

#include <cstdint>
#include <vector>

#include "text.hpp"

namespace loyalty::json {
namespace {

// Decimal number text is kept in a binary value under this subtype: JSON text
// can never produce a binary value, so the two cannot be confused.
constexpr std::uint8_t kDecimalSubtype = 0xDE;

struct PathItem {
  bool is_array = false;
  std::size_t next_index = 0;  // arrays: index the next element will get
  std::string key;             // objects: the key being read
};

class DomBuilder {
 public:
  DomBuilder(const ElementSink* sink) : sink_(sink) {}

  bool null() { return value(Json(nullptr)); }
  bool boolean(bool b) { return value(Json(b)); }
  bool number_integer(Json::number_integer_t v) { return value(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return value(Json(v)); }
  bool number_float(Json::number_float_t, const Json::string_t& raw) {
    return value(Json::binary(Json::binary_t::container_type(raw.begin(), raw.end()),
                              kDecimalSubtype));
  }
  bool string(Json::string_t& s) { return value(Json(std::move(s))); }
  bool binary(Json::binary_t&) {
    return fail(ErrorCode::json_syntax, "binary values are not JSON");
  }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& k) {
    Json* top = stack_.back();
    if (top->contains(k)) {
      path_.back().key = k;
      return fail(ErrorCode::duplicate_key,
                  "the key \"" + shorten(k, 60) + "\" appears twice in one object");
    }
    path_.back().key = k;
    slot_ = &(*top)[k];
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: ..."
    std::string what = ex.what();
    if (auto close = what.find("] "); what.rfind("[json.exception", 0) == 0 &&
                                      close != std::string::npos) {
      what.erase(0, close + 2);
    }
    return fail(ErrorCode::json_syntax, shorten(what, 300));
  }

  Json& root() { return root_; }
  std::optional<Error>& error() { return error_; }

 private:
  std::string path_string() const {
    std::string out;
    for (std::size_t i = 0; i < path_.size(); ++i) {
      const PathItem& item = path_[i];
      if (item.is_array) {
        if (item.next_index == 0) continue;  // nothing entered yet
        out += "[" + to_text(item.next_index - 1) + "]";
      } else if (!item.key.empty() || i + 1 < path_.size()) {
        if (!out.empty()) out += '.';
        out += shorten(item.key, 60);
      }
    }
    return out;
  }

  bool fail(ErrorCode code, std::string message) {
    if (!error_) error_ = Error{code, path_string(), std::move(message)};
    return false;
  }

  bool streaming() const { return sink_ != nullptr; }

  Json* place(Json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      ++path_.back().next_index;
      if (streaming() && stack_.size() == 1) {
        element_ = std::move(v);
        return &element_;
      }
      top->push_back(std::move(v));
      return &top->back();
    }
    *slot_ = std::move(v);
    return slot_;
  }

  bool value(Json&& v) {
    if (streaming() && stack_.empty()) {
      return fail(ErrorCode::wrong_type, "expected an array at the top level, found " +
                                             type_name(v));
    }
    place(std::move(v));
    if (streaming() && stack_.size() == 1) return emit();
    return true;
  }

  bool open(Json&& container) {
    if (stack_.size() >= kMaxDepth) {
      return fail(ErrorCode::json_too_deep,
                  "nested deeper than " + to_text(kMaxDepth) + " levels");
    }
    if (streaming() && stack_.empty() && !container.is_array()) {
      return fail(ErrorCode::wrong_type, "expected an array at the top level, found an object");
    }
    bool is_array = container.is_array();
    stack_.push_back(place(std::move(container)));
    path_.push_back(PathItem{is_array, 0, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    path_.pop_back();
    if (streaming() && stack_.size() == 1) return emit();
    return true;
  }

  bool emit() {
    std::size_t index = path_.front().next_index - 1;
    Status status = (*sink_)(index, element_);
    element_ = Json();
    if (!status.ok()) {
      if (!error_) error_ = std::move(status).error();
      return false;
    }
    return true;
  }

  const ElementSink* sink_;
  Json root_;
  Json element_;
  std::vector<Json*> stack_;
  std::vector<PathItem> path_;
  Json* slot_ = nullptr;
  std::optional<Error> error_;
};

Status run(std::string_view text, DomBuilder& builder) {
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok || builder.error()) {
    if (builder.error()) return std::move(*builder.error());
    return Error{ErrorCode::json_syntax, "", "malformed JSON"};
  }
  return Ok{};
}

}  // namespace

Result<Json> parse_document(std::string_view text) {
  DomBuilder builder(nullptr);
  Status status = run(text, builder);
  if (!status.ok()) return std::move(status).error();
  return std::move(builder.root());
}

Status parse_array_stream(std::string_view text, const ElementSink& sink) {
  DomBuilder builder(&sink);
  return run(text, builder);
}

std::optional<std::string_view> decimal_text(const Json& value) {
  if (!value.is_binary()) return std::nullopt;
  const auto& bytes = value.get_binary();
  if (!bytes.has_subtype() || bytes.subtype() != kDecimalSubtype) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::optional<std::string> number_or_string_text(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_number_unsigned()) return to_text(value.get<std::uint64_t>());
  if (value.is_number_integer()) return to_text(value.get<std::int64_t>());
  if (auto text = decimal_text(value)) return std::string(*text);
  return std::nullopt;
}

std::optional<std::string> identifier_text(const Json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_number_unsigned()) return to_text(value.get<std::uint64_t>());
  if (value.is_number_integer()) return to_text(value.get<std::int64_t>());
  return std::nullopt;
}

std::string type_name(const Json& value) {
  if (decimal_text(value)) return "a number";
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a value";
  }
}

void append_quoted(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // Printable ASCII other than the quote and backslash goes out as one run:
    // ids, keys and dates are nothing else, and a byte at a time dominated
    // the cost of every answer.
    std::size_t run = i;
    while (run < text.size()) {
      const auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      continue;
    }
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      // Copy a whole valid UTF-8 character; anything else becomes U+FFFD so
      // the output is always valid JSON.
      std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
      if (i + length <= text.size() && is_valid_utf8(text.substr(i, length))) {
        out.append(text.substr(i, length));
        i += length;
      } else {
        out += "\\ufffd";
        ++i;
      }
      continue;
    }
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        // Only control characters and DEL reach here.
        out += "\\u00";
        out += kHex[byte >> 4];
        out += kHex[byte & 0xF];
    }
    ++i;
  }
  out += '"';
}

}  // namespace loyalty::json

namespace loyalty {
void append_json_string(std::string& out, std::string_view text) { json::append_quoted(out, text); }
}  // namespace loyalty

namespace loyalty::json {

bool is_annotation_key(std::string_view key) {
  return !key.empty() && (key.front() == '_' || key.front() == '$');
}

}  // namespace loyalty::json
