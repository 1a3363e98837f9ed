// A minimal streaming JSON writer for the engine's reports: commas and
// quoting handled in one place, output always valid UTF-8 JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json_reader.hpp"
#include "loyalty/money.hpp"
#include "loyalty/error.hpp"
#include "text.hpp"

namespace loyalty::json {

class Writer {
 public:
  Writer& begin_object() { return open('{'); }
  Writer& end_object() { return close('}'); }
  Writer& begin_array() { return open('['); }
  Writer& end_array() { return close(']'); }

  Writer& key(std::string_view name) {
    separate();
    append_quoted(out_, name);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  Writer& value(std::string_view text) {
    separate();
    append_quoted(out_, text);
    return *this;
  }
  Writer& value(const char* text) { return value(std::string_view(text)); }
  Writer& value(const std::string& text) { return value(std::string_view(text)); }
  Writer& value(std::int64_t number) {
    separate();
    out_ += to_text(number);
    return *this;
  }
  Writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
  Writer& value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
    return *this;
  }
  Writer& null() {
    separate();
    out_ += "null";
    return *this;
  }
  // A JSON document written by another writer, as this value.
  Writer& raw(std::string_view json_text) {
    separate();
    out_ += json_text;
    return *this;
  }
  // Money as a decimal string: exact, and safe from JavaScript's doubles.
  Writer& money(std::int64_t minor, int exponent) { return value(format_scaled(minor, exponent)); }

  template <typename T>
  Writer& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  Writer& money_field(std::string_view name, std::int64_t minor, int exponent) {
    key(name);
    return money(minor, exponent);
  }

  // The next element of the current array on a line of its own, so that a
  // long array (a statement's customers) reads and diffs line by line.
  Writer& next_line() {
    separate();
    out_ += '\n';
    after_key_ = true;  // the element itself takes no separator now
    return *this;
  }
  // A line break before a closing bracket.
  Writer& line_break() {
    out_ += '\n';
    return *this;
  }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  std::string take() { return std::move(out_); }
  // The text written so far, and dropping it (its memory is kept) once it
  // has been passed on: a long document then goes out in pieces.
  std::string_view text() const { return out_; }
  void drop_text() { out_.clear(); }

 private:
  Writer& open(char c) {
    separate();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  Writer& close(char c) {
    out_ += c;
    first_.pop_back();
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

inline void write_warnings(Writer& w, const std::vector<Warning>& warnings) {
  w.begin_array();
  for (const Warning& warning : warnings) {
    w.begin_object()
        .field("code", warning.code)
        .field("where", warning.where)
        .field("message", warning.message)
        .end_object();
  }
  w.end_array();
}

}  // namespace loyalty::json
