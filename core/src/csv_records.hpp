// RFC 4180 CSV records (private to core/src): quoted fields ("" escapes a
// quote, newlines allowed inside quotes), LF or CRLF line ends, an optional
// UTF-8 byte-order mark, blank lines skipped. Spaces around unquoted fields
// are trimmed (exports often write "id, customer"); quoted fields are kept
// exactly. Both the transaction log reader and the export reader use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/error.hpp"
#include "text.hpp"

namespace loyalty {

inline std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Where an unquoted field starting at `pos` ends: at the first comma, line
// end or quote, or at the text's end. One pass for the four delimiters
// (find_first_of would call memchr on the delimiter set for every byte).
inline std::size_t unquoted_field_end(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ',' || c == '\n' || c == '\r' || c == '"') break;
    ++pos;
  }
  return pos;
}

class CsvRecords {
 public:
  explicit CsvRecords(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  // Reads the next non-blank record into `fields`. Returns false at the end;
  // sets `error` (and returns false) on a malformed record.
  bool next(std::vector<std::string>& fields, std::optional<Error>& error) {
    // Skip blank lines.
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    record_line_ = line_;
    fields.clear();
    while (true) {
      std::string field;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        std::size_t quote_line = line_;
        ++pos_;
        bool closed = false;
        while (pos_ < text_.size()) {
          char c = text_[pos_++];
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              field += '"';
              ++pos_;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line_;
            field += c;
          }
        }
        if (!closed) {
          error = Error{ErrorCode::csv_row, to_text(quote_line),
                        "a quoted field is never closed"};
          return false;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
            text_[pos_] != '\r') {
          error = Error{ErrorCode::csv_row, to_text(line_),
                        "unexpected text after a closing quote"};
          return false;
        }
      } else {
        const std::size_t end = unquoted_field_end(text_, pos_);
        if (end < text_.size() && text_[end] == '"') {
          error = Error{ErrorCode::csv_row, to_text(line_),
                        "a quote inside an unquoted field (quote the whole field)"};
          return false;
        }
        field = trim(text_.substr(pos_, end - pos_));
        pos_ = end;
      }
      fields.push_back(std::move(field));
      if (pos_ >= text_.size()) break;
      char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == '\r') {
        ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        ++line_;
        break;
      }
      if (c == '\n') {
        ++pos_;
        ++line_;
        break;
      }
    }
    return true;
  }

  std::size_t record_line() const { return record_line_; }
  // Where the next record starts, and its line (for a reader that takes
  // over after the header).
  std::size_t offset() const { return pos_; }
  std::size_t line() const { return line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
};

}  // namespace loyalty
