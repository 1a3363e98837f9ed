// The batch job every loyalty program needs: from a log of purchases, the
// points each customer earned per calendar month and in total.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/export_mapping.hpp"
#include "loyalty/program.hpp"
#include "loyalty/transaction.hpp"

namespace loyalty {

struct MonthTotal {
  YearMonth month;
  std::int64_t points = 0;
  std::int64_t transactions = 0;
  std::int64_t spend_minor = 0;
};

struct CustomerStatement {
  std::string customer;
  std::vector<MonthTotal> months;  // ascending
  std::int64_t total = 0;          // points
  std::int64_t transactions = 0;
  std::int64_t spend_minor = 0;
};

struct Statement {
  std::string program_id;
  Currency currency;
  std::optional<YearMonth> from;
  std::optional<YearMonth> to;
  std::vector<CustomerStatement> customers;  // sorted by customer id (bytewise)
  std::vector<Warning> warnings;
  std::int64_t transactions_read = 0;
  std::int64_t transactions_counted = 0;  // after duplicates and the month range
  std::optional<ExportReading> reading;   // when the log was read through a column mapping
};

struct StatementOptions {
  // Inclusive month range. Transactions outside it are left out, and every
  // listed customer gets every month of the range (zero-filled). Customers
  // are listed when they have at least one transaction in the range.
  std::optional<YearMonth> from;
  std::optional<YearMonth> to;
  std::size_t max_warnings = 1000;  // beyond this, one summary warning
  // How to read a CSV export that is not a plain log (export_mapping.hpp).
  // Empty: a plain log is read as it is, any other header is matched
  // against the presets.
  MappingRequest mapping;
};

// Accumulates transactions one at a time (feed it from read_transactions),
// then produces the statement. A repeated transaction id counts once (the
// first occurrence wins) and is reported as a warning.
class StatementBuilder {
 public:
  StatementBuilder(const Program& program, StatementOptions options = {});
  ~StatementBuilder();
  StatementBuilder(const StatementBuilder&) = delete;
  StatementBuilder& operator=(const StatementBuilder&) = delete;

  // Counts a purchase with the points a stateless program awards it.
  Status add(const Transaction& transaction, const Origin& origin, std::string_view source);
  // Counts a purchase with points already decided (by a customer's ledger).
  Status add_awarded(const Transaction& transaction, std::int64_t points, const Origin& origin,
                     std::string_view source);
  // Counts a refund's money and the points it took back (negative), in
  // the refund's month; it is not a transaction.
  Status add_refund(const Transaction& refund, std::int64_t points, const Origin& origin,
                    std::string_view source);
  // Room for about `transactions` rows, so a large log is not copied as its
  // tables grow (a guess: too low or too high only costs time or memory).
  void reserve(std::size_t transactions);

  // The statement; the builder is spent afterwards.
  Result<Statement> finish();

 private:
  friend class StatementFastPath;
  struct State;
  std::unique_ptr<State> state_;
};

class StatementFastPath;

// The statement of a CSV log given in pieces (a file read a block at a
// time), so that a plain log's bytes need not all be held: memory then
// grows with customers x months, and with 8 bytes a row (a hash of each
// id) to find repeated ids. It counts what compute_statement counts in one pass (a plain log
// under spend bands alone, nothing unusual in it, no id repeated) and gives
// up at anything else: the caller then gives the whole log to
// compute_statement, which reads or reports it exactly. Whatever it does
// return is what compute_statement returns for the same bytes.
class StatementStream {
 public:
  // `expected_bytes`: the log's size if known (room is made for its rows).
  StatementStream(const Program& program, StatementOptions options, std::string_view source,
                  std::size_t expected_bytes = 0);
  ~StatementStream();
  StatementStream(const StatementStream&) = delete;
  StatementStream& operator=(const StatementStream&) = delete;

  // The log's next bytes, cut anywhere. False once it has given up.
  bool feed(std::string_view bytes);
  // The statement, or nullopt when the whole log must go to compute_statement.
  std::optional<Result<Statement>> finish();

 private:
  std::unique_ptr<StatementFastPath> path_;  // null once given up
  std::string partial_;  // a line begun in an earlier piece
};

// Reads a whole log and builds its statement: nothing is returned unless
// every record is valid. Each purchase earns what the program's rules award
// it; for programs whose awards depend on a customer's history (tiers,
// comeback bonuses) the log is folded through each customer's ledger.
Result<Statement> compute_statement(const Program& program, std::string_view log_text,
                                    LogFormat format, std::string_view source,
                                    StatementOptions options = {});

// The statement as JSON: {"customers":[{"customer","months":[{"month","points",
// ...}],"total",...}],"warnings":[...], ...}.
std::string render_statement_json(const Statement& statement);
// The same text handed to `write` in pieces of about a megabyte, in order:
// a million-row statement's 30 MB of JSON need not be held whole.
void render_statement_json(const Statement& statement, const std::function<void(std::string_view)>& write);

}  // namespace loyalty
