// Purchase records read from a log: a JSON array of {id, customer, date,
// amount} objects (other fields allowed) or CSV with those columns. Readers
// stream: each transaction is handed to a sink as soon as it is read, so a
// log of millions of rows is never held in memory twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/money.hpp"

namespace loyalty {

struct Transaction {
  std::string id;
  std::string customer;
  Date date;
  std::int64_t utc_seconds = 0;   // orders transactions within a day
  std::int64_t amount_minor = 0;  // in the program currency's minor units
};

enum class LogFormat { json, csv };

// Where in a log a transaction came from: a CSV line or a JSON array index.
struct Origin {
  LogFormat format = LogFormat::json;
  std::uint64_t position = 0;  // CSV: 1-based line; JSON: 0-based index

  // "log.csv:7" or "log.json: [6]"
  std::string describe(std::string_view source) const;
};

using TransactionSink = std::function<Status(Transaction&& transaction, const Origin& origin)>;

// By extension (.json, .csv) or, failing that, by content: a log whose first
// non-blank character is '[' or '{' is JSON.
LogFormat detect_log_format(std::string_view file_name, std::string_view text);

// Reads every transaction, stopping at the first bad record with an error
// that names `source` and the line (CSV) or index and field (JSON). Amounts
// are exact decimals in `currency`; a record's own "currency", if present,
// must match it.
Status read_transactions(std::string_view text, LogFormat format, std::string_view source,
                         const Currency& currency, const TransactionSink& sink);

Status read_transactions_json(std::string_view text, std::string_view source,
                              const Currency& currency, const TransactionSink& sink);
Status read_transactions_csv(std::string_view text, std::string_view source,
                             const Currency& currency, const TransactionSink& sink);

}  // namespace loyalty
