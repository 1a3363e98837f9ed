#include "json_reader.hpp"

#include "loyalty/json_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <vector>

#include "text.hpp"

namespace loyalty::json {

namespace {

struct PathItem {
  bool is_array = false;
  std::size_t next_index = 0;  // arrays: index the next element will get
  std::string key;             // objects: the key being read
};

}  // namespace

// Builds values from the parser's events, keeps the path for errors, and in
// streaming mode hands each element of the top-level array to the sink.
class Builder {
 public:
  explicit Builder(const ElementSink* sink) : sink_(sink) {}

  bool scalar(Value&& v) {
    if (streaming() && stack_.empty()) {
      return fail(ErrorCode::wrong_type, "expected an array at the top level, found " + type_name(v));
    }
    place(std::move(v));
    if (streaming() && stack_.size() == 1) return emit();
    return true;
  }

  bool open(Value&& container) {
    if (stack_.size() >= kMaxDepth) {
      return fail(ErrorCode::json_too_deep, "nested deeper than " + to_text(kMaxDepth) + " levels");
    }
    const bool is_array = container.is_array();
    if (streaming() && stack_.empty() && !is_array) {
      return fail(ErrorCode::wrong_type, "expected an array at the top level, found an object");
    }
    stack_.push_back(place(std::move(container)));
    path_.push_back(PathItem{is_array, 0, {}});
    return true;
  }

  bool key(std::string&& k) {
    path_.back().key = k;
    stack_.back()->members_.push_back(Value::Member{std::move(k), Value()});
    return true;
  }

  bool close() {
    Value* top = stack_.back();
    if (top->is_object() && !sort_members(*top)) return false;
    stack_.pop_back();
    path_.pop_back();
    if (streaming() && stack_.size() == 1) return emit();
    return true;
  }

  // A syntax error at the current path.
  bool syntax(std::string message) { return fail(ErrorCode::json_syntax, std::move(message)); }

  bool streaming() const { return sink_ != nullptr; }
  Value& root() { return root_; }
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

  // Sorting once per object keeps lookups logarithmic and finds duplicate
  // keys in n log n, however many keys a hostile object has.
  bool sort_members(Value& object) {
    auto& members = object.members_;
    if (members.size() < 2) return true;
    std::stable_sort(members.begin(), members.end(),
                     [](const Value::Member& a, const Value::Member& b) { return a.key < b.key; });
    for (std::size_t i = 1; i < members.size(); ++i) {
      if (members[i].key == members[i - 1].key) {
        path_.back().key = members[i].key;
        return fail(ErrorCode::duplicate_key,
                    "the key \"" + shorten(members[i].key, 60) + "\" appears twice in one object");
      }
    }
    return true;
  }

  // Puts `v` where the parser is: the root, the next array element (or the
  // streamed element), or the value of the key just read.
  Value* place(Value&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Value* top = stack_.back();
    if (top->is_array()) {
      ++path_.back().next_index;
      if (streaming() && stack_.size() == 1) {
        element_ = std::move(v);
        return &element_;
      }
      top->elements_.push_back(std::move(v));
      return &top->elements_.back();
    }
    Value* slot = &top->members_.back().value;
    *slot = std::move(v);
    return slot;
  }

  bool emit() {
    std::size_t index = path_.front().next_index - 1;
    Status status = (*sink_)(index, element_);
    element_ = Value();
    if (!status.ok()) {
      if (!error_) error_ = std::move(status).error();
      return false;
    }
    return true;
  }

  const ElementSink* sink_;
  Value root_;
  Value element_;
  std::vector<Value*> stack_;
  std::vector<PathItem> path_;
  std::optional<Error> error_;
};

namespace {

// A strict RFC 8259 parser over the whole text: no comments, no trailing
// commas, no NaN, strings of well-formed UTF-8 with escapes checked. Each
// event goes to the Builder; the first refusal (its or ours) stops it.
class Parser {
 public:
  Parser(std::string_view text, Builder& builder) : text_(text), builder_(builder) {
    // A UTF-8 byte order mark is not JSON, but editors write it.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  bool document() {
    skip_space();
    if (!value()) return false;
    skip_space();
    if (pos_ < text_.size()) return unexpected("expected the end of the document");
    return true;
  }

 private:
  bool value() {
    if (pos_ >= text_.size()) return unexpected("expected a value");
    switch (text_[pos_]) {
      case '{': return container(true);
      case '[': return container(false);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        return builder_.scalar(Value::string(std::move(s)));
      }
      case 't': return literal("true", Value::boolean(true));
      case 'f': return literal("false", Value::boolean(false));
      case 'n': return literal("null", Value::null());
      default: return number();
    }
  }

  // An object or an array, at its opening brace or bracket.
  bool container(bool is_object) {
    const char closing = is_object ? '}' : ']';
    ++pos_;
    if (!builder_.open(is_object ? Value::object() : Value::array())) return false;
    skip_space();
    if (peek(closing)) {
      ++pos_;
      return builder_.close();
    }
    while (true) {
      skip_space();
      if (is_object && !member_key()) return false;
      if (!value()) return false;
      skip_space();
      if (peek(',')) {
        ++pos_;
        continue;
      }
      if (peek(closing)) {
        ++pos_;
        return builder_.close();
      }
      return unexpected(is_object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }

  // `"key" :` before a member's value.
  bool member_key() {
    if (!peek('"')) return unexpected("expected a key in double quotes");
    std::string k;
    if (!string(k) || !builder_.key(std::move(k))) return false;
    skip_space();
    if (!peek(':')) return unexpected("expected ':' after the key");
    ++pos_;
    skip_space();
    return true;
  }

  bool literal(std::string_view word, Value&& v) {
    if (text_.substr(pos_, word.size()) != word) return unexpected("invalid literal");
    pos_ += word.size();
    return builder_.scalar(std::move(v));
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number() {
    const std::size_t start = pos_;
    const bool negative = peek('-');
    if (negative) ++pos_;
    if (peek('0')) {
      ++pos_;
    } else if (!digits()) {
      pos_ = start;
      return unexpected(negative ? "invalid number: expected a digit after '-'" : "expected a value");
    }
    bool whole = true;
    if (peek('.')) {
      ++pos_;
      whole = false;
      if (!digits()) return unexpected("invalid number: expected a digit after '.'");
    }
    if (peek('e') || peek('E')) {
      ++pos_;
      whole = false;
      if (peek('+') || peek('-')) ++pos_;
      if (!digits()) return unexpected("invalid number: expected a digit in the exponent");
    }
    const std::string_view text = text_.substr(start, pos_ - start);
    if (whole) {
      // Whole numbers beyond 64 bits fall through to decimal text.
      if (negative) {
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc() && end == text.data() + text.size()) {
          return builder_.scalar(Value::negative_integer(n));
        }
      } else {
        std::uint64_t n = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc() && end == text.data() + text.size()) {
          return builder_.scalar(Value::unsigned_integer(n));
        }
      }
    }
    return builder_.scalar(Value::decimal(text));
  }

  bool digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    while (true) {
      // Plain printable ASCII is copied a run at a time.
      const std::size_t run = pos_;
      while (pos_ < text_.size()) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
        ++pos_;
      }
      out.append(text_.data() + run, pos_ - run);
      if (pos_ >= text_.size()) return unexpected("unterminated string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return unexpected("invalid string: control characters must be escaped");
      if (c >= 0x80) {
        const std::size_t length = utf8_sequence_length(text_, pos_);
        if (length == 0) return unexpected("invalid string: ill-formed UTF-8");
        out.append(text_.data() + pos_, length);
        pos_ += length;
        continue;
      }
      if (!escape(out)) return false;
    }
  }

  bool escape(std::string& out) {
    ++pos_;  // the backslash
    if (pos_ >= text_.size()) return unexpected("unterminated string");
    const char c = text_[pos_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: --pos_; return unexpected("invalid string: unknown escape");
    }
    std::uint32_t code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) {
      return unexpected("invalid string: a low surrogate without a high one");
    }
    if (code >= 0xD800 && code <= 0xDBFF) {
      std::uint32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") return unexpected("invalid string: a high surrogate must be followed by a low one");
      pos_ += 2;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return unexpected("invalid string: a high surrogate must be followed by a low one");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return true;
  }

  bool hex4(std::uint32_t& code) {
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (pos_ >= text_.size()) return unexpected("unterminated string");
      const char h = text_[pos_];
      code <<= 4;
      if (h >= '0' && h <= '9') code |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') code |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') code |= static_cast<std::uint32_t>(h - 'A' + 10);
      else return unexpected("invalid string: \\u needs four hex digits");
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
      ++pos_;
    }
  }

  // "parse error at line 3, column 14: unexpected ','; expected a value"
  bool unexpected(std::string_view expected) {
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::string found;
    if (pos_ >= text_.size()) {
      found = "unexpected end of input";
    } else {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c >= 0x20 && c < 0x7F) {
        found = "unexpected '" + std::string(1, static_cast<char>(c)) + "'";
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        found = std::string("unexpected byte 0x") + kHex[c >> 4] + kHex[c & 0xF];
      }
    }
    return builder_.syntax("parse error at line " + to_text(line) + ", column " +
                           to_text(pos_ - line_start + 1) + ": " + found + "; " + std::string(expected));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Builder& builder_;
};

Status run(std::string_view text, Builder& builder) {
  Parser parser(text, builder);
  if (!parser.document()) {
    if (builder.error()) return std::move(*builder.error());
    return Error{ErrorCode::json_syntax, "", "malformed JSON"};
  }
  return Ok{};
}

}  // namespace

Result<Json> parse_document(std::string_view text) {
  Builder builder(nullptr);
  Status status = run(text, builder);
  if (!status.ok()) return std::move(status).error();
  return std::move(builder.root());
}

Status parse_array_stream(std::string_view text, const ElementSink& sink) {
  Builder builder(&sink);
  return run(text, builder);
}

std::optional<std::string> number_or_string_text(const Json& value) {
  if (value.is_decimal()) return value.text();
  return identifier_text(value);
}

std::optional<std::string> identifier_text(const Json& value) {
  if (value.is_string()) return value.text();
  if (value.is_number_unsigned()) return to_text(value.as_uint64());
  if (value.is_number_integer()) return to_text(value.as_int64());
  return std::nullopt;
}

std::string type_name(const Json& value) {
  switch (value.kind()) {
    case Value::Kind::null: return "null";
    case Value::Kind::boolean: return "a boolean";
    case Value::Kind::unsigned_integer:
    case Value::Kind::negative_integer:
    case Value::Kind::decimal: return "a number";
    case Value::Kind::string: return "a string";
    case Value::Kind::array: return "an array";
    case Value::Kind::object: return "an object";
  }
  return "a value";
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
      if (const std::size_t length = utf8_sequence_length(text, i)) {
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
