// The transaction log as CSV: a header naming id,customer,date,amount (extra
// columns allowed), then one transaction a line (csv_records.hpp reads the
// records).
#include <array>
#include <optional>
#include <vector>

#include "loyalty/transaction.hpp"
#include "transaction_csv.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

constexpr std::array<std::string_view, 4> kRequiredColumns{"id", "customer", "date", "amount"};

}  // namespace

Result<LogColumns> log_columns(const std::vector<std::string>& fields, std::size_t line) {
  // Column positions; extra columns are allowed and ignored.
  LogColumns columns;
  std::array<bool, 4> seen{};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!is_valid_utf8(fields[i])) {
      return Error{ErrorCode::invalid_utf8, to_text(line), "the header is not valid UTF-8"};
    }
    for (std::size_t k = 0; k < kRequiredColumns.size(); ++k) {
      if (fields[i] != kRequiredColumns[k]) continue;
      if (seen[k]) {
        return Error{ErrorCode::csv_header, to_text(line),
                     "the column \"" + fields[i] + "\" appears twice in the header"};
      }
      seen[k] = true;
      columns.at[k] = i;
    }
    if (fields[i] == "currency") columns.currency = i;
  }
  for (std::size_t k = 0; k < kRequiredColumns.size(); ++k) {
    if (!seen[k]) {
      std::string found;
      for (const auto& f : fields) found += (found.empty() ? "" : ",") + shorten(f);
      return Error{ErrorCode::csv_header, to_text(line),
                   "the header lacks the column \"" + std::string(kRequiredColumns[k]) +
                       "\" (expected id,customer,date,amount; found " + found + ")"};
    }
  }
  columns.width = fields.size();
  return columns;
}

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

  auto columns = log_columns(fields, records.record_line());
  if (!columns) return relocate(std::move(columns).error());
  const std::array<std::size_t, 4>& column = columns->at;
  const std::optional<std::size_t>& currency_column = columns->currency;
  const std::size_t width = columns->width;

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
