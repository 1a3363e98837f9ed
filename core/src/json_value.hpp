// One parsed JSON value (private to core/src). The engine's own, small DOM:
//  - a number with a fraction or exponent keeps its exact decimal text, so
//    168.26 is never rounded through a double (no rule uses floating point);
//  - a whole number is kept as an unsigned or a negative integer, and one
//    beyond 64 bits as decimal text (the readers then say "too large");
//  - an object's members are sorted by key once the object is complete, so
//    lookups are binary searches and iteration order never depends on how
//    the document was written.
// Only json_reader.cpp builds values; the readers only look at them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loyalty::json {

class Value {
 public:
  enum class Kind : std::uint8_t { null, boolean, unsigned_integer, negative_integer, decimal, string, array, object };
  struct Member;

  // Factories are defined below, once Member is complete (a vector of an
  // incomplete type may be declared but not yet built or destroyed).
  Value();  // null
  static Value null();
  static Value boolean(bool b);
  static Value unsigned_integer(std::uint64_t n);
  static Value negative_integer(std::int64_t n);
  static Value decimal(std::string_view text);
  static Value string(std::string text);
  static Value array();
  static Value object();

  Kind kind() const { return kind_; }
  bool is_boolean() const { return kind_ == Kind::boolean; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_array() const { return kind_ == Kind::array; }
  bool is_object() const { return kind_ == Kind::object; }
  bool is_decimal() const { return kind_ == Kind::decimal; }
  // Whole numbers that fit 64 bits, of either sign.
  bool is_number_integer() const { return kind_ == Kind::unsigned_integer || kind_ == Kind::negative_integer; }
  bool is_number_unsigned() const { return kind_ == Kind::unsigned_integer; }

  bool as_bool() const { return bits_ != 0; }
  std::uint64_t as_uint64() const { return bits_; }
  // The value of any whole number (an unsigned one past INT64_MAX wraps:
  // callers check is_number_unsigned first).
  std::int64_t as_int64() const { return static_cast<std::int64_t>(bits_); }
  // A string's text, or a decimal number's exact source text.
  const std::string& text() const { return text_; }

  // Arrays.
  inline std::size_t size() const;
  bool empty() const { return size() == 0; }
  const Value& operator[](std::size_t index) const { return elements_[index]; }

  // Objects, in key order.
  const std::vector<Member>& members() const { return members_; }
  inline const Value* find(std::string_view key) const;

 private:
  friend class Builder;
  explicit Value(Kind kind);

  Kind kind_ = Kind::null;
  std::uint64_t bits_ = 0;
  std::string text_;
  std::vector<Value> elements_;
  std::vector<Member> members_;
};

struct Value::Member {
  std::string key;
  Value value;
};

inline Value::Value() = default;
inline Value::Value(Kind kind) : kind_(kind) {}
inline Value Value::null() { return Value(); }
inline Value Value::boolean(bool b) {
  Value v(Kind::boolean);
  v.bits_ = b ? 1 : 0;
  return v;
}
inline Value Value::unsigned_integer(std::uint64_t n) {
  Value v(Kind::unsigned_integer);
  v.bits_ = n;
  return v;
}
inline Value Value::negative_integer(std::int64_t n) {
  Value v(Kind::negative_integer);
  v.bits_ = static_cast<std::uint64_t>(n);
  return v;
}
inline Value Value::decimal(std::string_view text) {
  Value v(Kind::decimal);
  v.text_.assign(text);
  return v;
}
inline Value Value::string(std::string text) {
  Value v(Kind::string);
  v.text_ = std::move(text);
  return v;
}
inline Value Value::array() { return Value(Kind::array); }
inline Value Value::object() { return Value(Kind::object); }

inline std::size_t Value::size() const { return kind_ == Kind::object ? members_.size() : elements_.size(); }

inline const Value* Value::find(std::string_view key) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), key,
                             [](const Member& member, std::string_view k) { return member.key < k; });
  return it != members_.end() && it->key == key ? &it->value : nullptr;
}

}  // namespace loyalty::json
