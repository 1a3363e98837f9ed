// RFC 4180 CSV: quoted fields ("" escapes a quote, newlines allowed inside
// quotes), LF or CRLF line ends, an optional UTF-8 byte-order mark, blank
// lines skipped. Spaces around unquoted fields are trimmed (exports often
// write "id, customer"); quoted fields are kept exactly.
#include <array>
#include <optional>
#include <vector>

#include "loyalty/transaction.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
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
        // One pass for the four delimiters (find_first_of would call memchr
        // on the delimiter set for every byte).
        std::size_t end = pos_;
        while (end < text_.size()) {
          const char c = text_[end];
          if (c == ',' || c == '\n' || c == '\r' || c == '"') break;
          ++end;
        }
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

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 1;
};

constexpr std::array<std::string_view, 4> kRequiredColumns{"id", "customer", "date", "amount"};

}  // namespace

Status read_transactions_csv(std::string_view text, std::string_view source,
                             const Currency& currency, const TransactionSink& sink) {
  const std::string name = source.empty() ? "<input>" : std::string(source);
  auto at_line = [&](std::size_t line, ErrorCode code, std::string message) {
    return Error{code, name + ":" + to_text(line), std::move(message)};
  };

  CsvRecords records(text);
  std::vector<std::string> fields;
  std::optional<Error> error;
  auto relocate = [&](Error e) {  // CsvRecords errors carry a bare line number
    e.where = name + ":" + e.where;
    return e;
  };
  if (!records.next(fields, error)) {
    if (error) return relocate(std::move(*error));
    return at_line(1, ErrorCode::csv_header,
                   "the log is empty (expected the header id,customer,date,amount)");
  }

  // Column positions; extra columns are allowed and ignored.
  std::array<std::size_t, 4> column{};
  std::optional<std::size_t> currency_column;
  std::array<bool, 4> seen{};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!is_valid_utf8(fields[i])) {
      return at_line(records.record_line(), ErrorCode::invalid_utf8, "the header is not valid UTF-8");
    }
    for (std::size_t k = 0; k < kRequiredColumns.size(); ++k) {
      if (fields[i] != kRequiredColumns[k]) continue;
      if (seen[k]) {
        return at_line(records.record_line(), ErrorCode::csv_header,
                       "the column \"" + fields[i] + "\" appears twice in the header");
      }
      seen[k] = true;
      column[k] = i;
    }
    if (fields[i] == "currency") currency_column = i;
  }
  for (std::size_t k = 0; k < kRequiredColumns.size(); ++k) {
    if (!seen[k]) {
      std::string found;
      for (const auto& f : fields) found += (found.empty() ? "" : ",") + shorten(f);
      return at_line(records.record_line(), ErrorCode::csv_header,
                     "the header lacks the column \"" + std::string(kRequiredColumns[k]) +
                         "\" (expected id,customer,date,amount; found " + found + ")");
    }
  }
  const std::size_t width = fields.size();

  while (records.next(fields, error)) {
    const std::size_t line = records.record_line();
    if (fields.size() != width) {
      return at_line(line, ErrorCode::csv_row,
                     "expected " + to_text(width) + " fields as in the header, found " +
                         to_text(fields.size()));
    }
    auto field_error = [&](std::string_view column_name, Error e) {
      e.where = name + ":" + to_text(line);
      e.message = "column " + std::string(column_name) + ": " + e.message;
      return e;
    };
    Transaction transaction;
    for (std::size_t k : {std::size_t{0}, std::size_t{1}}) {
      std::string& value = fields[column[k]];
      if (value.empty()) {
        return field_error(kRequiredColumns[k], Error{ErrorCode::missing_field, "", "is empty"});
      }
      if (!is_valid_utf8(value)) {
        return field_error(kRequiredColumns[k],
                           Error{ErrorCode::invalid_utf8, "", "is not valid UTF-8"});
      }
    }
    transaction.id = std::move(fields[column[0]]);
    transaction.customer = std::move(fields[column[1]]);
    auto date = parse_moment(fields[column[2]]);
    if (!date) return field_error("date", std::move(date).error());
    transaction.date = date->date;
    transaction.utc_seconds = date->utc_seconds;
    auto amount = parse_amount(fields[column[3]], currency);
    if (!amount) return field_error("amount", std::move(amount).error());
    transaction.amount_minor = *amount;
    if (currency_column && !fields[*currency_column].empty() &&
        fields[*currency_column] != currency.code) {
      return field_error("currency",
                         Error{ErrorCode::invalid_value, "",
                               "the program's currency is " + currency.code +
                                   "; transactions in other currencies are not converted"});
    }
    Status accepted = sink(std::move(transaction), Origin{LogFormat::csv, line});
    if (!accepted) {
      Error e = std::move(accepted).error();
      if (e.where.empty()) e.where = name + ":" + to_text(line);
      return e;
    }
  }
  if (error) return relocate(std::move(*error));
  return Ok{};
}

}  // namespace loyalty
