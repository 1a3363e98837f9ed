// The plain CSV transaction log (private to core/src): where its columns
// are, and a reader of its rows that copies nothing, for the statement's
// fast path.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_records.hpp"
#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/money.hpp"
#include "text.hpp"

namespace loyalty {

struct LogColumns {
  std::array<std::size_t, 4> at{};  // id, customer, date, amount
  std::optional<std::size_t> currency;
  std::size_t width = 0;
};

// The columns a log's header names; an error (at `line`, with no file name)
// when one is missing, repeated or not UTF-8.
Result<LogColumns> log_columns(const std::vector<std::string>& header, std::size_t line);

// One row as read_transactions_csv would make it, its text still in the log.
struct LogRow {
  std::string_view id;
  std::string_view customer;
  Date date;
  std::int64_t amount_minor = 0;
  std::size_t line = 0;
};

// A date written "YYYY-MM-DD" and nothing else, as parse_moment reads it,
// without building a Result for every row; nullopt for anything else
// (the caller then asks parse_moment).
inline std::optional<Date> plain_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int value[10];
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value[i] = text[i] - '0';
  }
  const int year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3];
  const unsigned month = static_cast<unsigned>(value[5] * 10 + value[6]);
  const unsigned day = static_cast<unsigned>(value[8] * 10 + value[9]);
  const Date date{year, month, day};
  if (month < 1 || month > 12 || !date.ymd().ok()) return std::nullopt;
  return date;
}

// Where a plain CSV log's rows start: its columns, and the offset and line
// number after its header. nullopt where the header is not a plain log's
// (the caller then reads the log with read_transactions_csv).
struct PlainLogStart {
  LogColumns columns;
  std::size_t offset = 0;
  std::size_t line = 0;
};
inline std::optional<PlainLogStart> plain_log_header(std::string_view text) {
  CsvRecords records(text);
  std::vector<std::string> header;
  std::optional<Error> error;
  if (!records.next(header, error)) return std::nullopt;
  auto columns = log_columns(header, records.record_line());
  if (!columns) return std::nullopt;
  return PlainLogStart{std::move(*columns), records.offset(), records.line()};
}

// Reads the rows of a plain CSV log from `pos` of `text`, whose first line
// is numbered `line` (counted on, so that a log read in pieces of whole
// lines numbers its rows as read whole), handing each to `sink` (which
// returns false to stop). It handles the common shape only: it gives up
// (returns false) at anything else (a quoted field, a lone CR, a row that
// read_transactions_csv would refuse), and the caller then reads the log
// with read_transactions_csv, which reads or reports it exactly. Every row
// it does hand over is the one read_transactions_csv would have.
template <class Sink>
bool read_plain_log_body(std::string_view text, std::size_t pos, std::size_t& line, const LogColumns& columns,
                         const Currency& currency, Sink&& sink) {
  const std::size_t width = columns.width;
  std::vector<std::string_view> fields(width);
  const char* const data = text.data();
  const std::size_t size = text.size();
  while (pos < size) {
    // Blank lines are skipped, as CsvRecords does.
    if (data[pos] == '\n') {
      ++pos;
      ++line;
      continue;
    }
    if (data[pos] == '\r') {
      if (pos + 1 < size && data[pos + 1] == '\n') {
        pos += 2;
        ++line;
        continue;
      }
      return false;
    }
    std::size_t count = 0;
    while (true) {
      const std::size_t end = unquoted_field_end(text, pos);
      if (end < size && data[end] == '"') return false;
      if (count == width) return false;
      fields[count++] = trim(std::string_view(data + pos, end - pos));
      pos = end;
      if (pos >= size) break;
      if (data[pos] == ',') {
        ++pos;
        continue;
      }
      if (data[pos] == '\r') {
        if (pos + 1 >= size || data[pos + 1] != '\n') return false;
        ++pos;
      }
      ++pos;  // the '\n'
      break;
    }
    if (count != width) return false;
    LogRow row;
    row.line = line++;
    row.id = fields[columns.at[0]];
    row.customer = fields[columns.at[1]];
    if (row.id.empty() || row.customer.empty() || !is_valid_utf8(row.id) || !is_valid_utf8(row.customer)) {
      return false;
    }
    if (const auto date = plain_date(fields[columns.at[2]])) {
      row.date = *date;
    } else {
      auto moment = parse_moment(fields[columns.at[2]]);
      if (!moment) return false;
      row.date = moment->date;
    }
    auto amount = parse_amount(fields[columns.at[3]], currency);
    if (!amount) return false;
    row.amount_minor = *amount;
    if (columns.currency && !fields[*columns.currency].empty() && fields[*columns.currency] != currency.code) {
      return false;
    }
    if (!sink(row)) return false;
  }
  return true;
}

}  // namespace loyalty
