#include "loyalty/statement.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <unordered_map>

#include "customer_ledger.hpp"
#include "earn.hpp"
#include "loyalty/checked.hpp"
#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "string_index.hpp"
#include "text.hpp"
#include "try.hpp"

namespace loyalty {

struct StatementBuilder::State {
  const Program& program;
  StatementOptions options;
  Statement statement;

  struct FirstSeen {
    std::uint64_t position;
    std::uint64_t fingerprint;
    LogFormat format;
  };
  StringIndex ids;
  std::vector<FirstSeen> first_seen;  // by id index
  StringIndex customers;
  std::vector<std::vector<MonthTotal>> months;  // by customer index, ascending by month
  std::size_t suppressed_warnings = 0;
  bool spend_bands_only = false;

  // Transactions wait in small batches so that their index lookups are
  // prefetched together (a million ids do not fit in any cache).
  struct Pending {
    Transaction transaction;
    std::int64_t points;
    Origin origin;
    std::uint64_t id_hash;
    std::uint64_t customer_hash;
    bool refund;
  };
  static constexpr std::size_t kBatch = 16;
  std::vector<Pending> pending;
  std::string source;  // of the pending transactions

  Status count(const Pending& row);
  // Interns the row's id: false (with a warning) when it was read before;
  // an error when the 32-bit index is full.
  Result<bool> first_of_its_id(const Pending& row, std::string_view from);
  Status flush();

  void warn(std::string code, std::string where, std::string message) {
    if (statement.warnings.size() < options.max_warnings) {
      statement.warnings.push_back(Warning{std::move(code), std::move(where), std::move(message)});
    } else {
      ++suppressed_warnings;
    }
  }
};

namespace {

std::uint64_t fingerprint(const Transaction& t) {
  std::uint64_t h = hash_text(t.customer);
  h = h * 1000003u ^ std::hash<std::int64_t>{}(t.date.days_since_epoch());
  h = h * 1000003u ^ std::hash<std::int64_t>{}(t.amount_minor);
  return h;
}

Error overflow_at(std::string where) {
  return Error{ErrorCode::overflow, std::move(where),
               "a customer's points or spend total would exceed the int64 range"};
}

Status add_into(MonthTotal& month, std::int64_t points, std::int64_t amount, bool transaction) {
  auto p = checked_add(month.points, points);
  auto s = checked_add(month.spend_minor, amount);
  if (!p || !s) return Error{ErrorCode::overflow, "", ""};
  month.points = *p;
  month.spend_minor = *s;
  if (transaction) ++month.transactions;
  return Ok{};
}

}  // namespace

StatementBuilder::StatementBuilder(const Program& program, StatementOptions options)
    : state_(std::make_unique<State>(State{program, std::move(options), {}, {}, {}, {}, {}, 0, false, {}, {}})) {
  state_->spend_bands_only = program.is_stateless() &&
      std::all_of(program.earn.begin(), program.earn.end(),
                  [](const EarnRule& rule) { return rule.kind == EarnKind::spend_bands; });
  state_->statement.program_id = program.id;
  state_->statement.currency = program.currency;
  state_->statement.from = state_->options.from;
  state_->statement.to = state_->options.to;
}

StatementBuilder::~StatementBuilder() = default;

Status StatementBuilder::add(const Transaction& transaction, const Origin& origin,
                             std::string_view source) {
  if (state_->spend_bands_only) {
    // The classic shape (spend bands and nothing else) needs no event: the
    // points of an amount are the bands' points, as award_purchase gives.
    auto points = state_->program.points_for_purchase(std::max<std::int64_t>(transaction.amount_minor, 0));
    if (!points) return located(std::move(points).error(), origin.describe(source));
    return add_awarded(transaction, *points, origin, source);
  }
  Event purchase;
  purchase.id = transaction.id;
  purchase.customer = transaction.customer;
  purchase.moment = Moment{transaction.date, transaction.utc_seconds};
  purchase.amount_minor = std::max<std::int64_t>(transaction.amount_minor, 0);
  purchase.has_amount = true;
  auto award = award_purchase(state_->program, purchase, PurchaseContext{});
  if (!award) return located(std::move(award).error(), origin.describe(source));
  return add_awarded(transaction, award->points, origin, source);
}

Status StatementBuilder::add_awarded(const Transaction& transaction, std::int64_t points,
                                     const Origin& origin, std::string_view source) {
  State& s = *state_;
  if (!s.pending.empty() && s.source != source) LOYALTY_CHECK(s.flush());
  if (s.pending.empty()) s.source = std::string(source);
  const std::uint64_t id_hash = hash_text(transaction.id);
  const std::uint64_t customer_hash = hash_text(transaction.customer);
  s.ids.prefetch(id_hash);
  s.customers.prefetch(customer_hash);
  s.pending.push_back(State::Pending{transaction, points, origin, id_hash, customer_hash, false});
  if (s.pending.size() < State::kBatch) return Ok{};
  return s.flush();
}

Status StatementBuilder::add_refund(const Transaction& refund, std::int64_t points, const Origin& origin,
                                    std::string_view source) {
  State& s = *state_;
  if (!s.pending.empty() && s.source != source) LOYALTY_CHECK(s.flush());
  if (s.pending.empty()) s.source = std::string(source);
  const std::uint64_t customer_hash = hash_text(refund.customer);
  s.customers.prefetch(customer_hash);
  s.pending.push_back(State::Pending{refund, points, origin, 0, customer_hash, true});
  if (s.pending.size() < State::kBatch) return Ok{};
  return s.flush();
}

void StatementBuilder::reserve(std::size_t transactions) {
  state_->ids.reserve(transactions);
  state_->first_seen.reserve(transactions);
}

Status StatementBuilder::State::flush() {
  Status status = Ok{};
  for (const Pending& row : pending) {
    status = count(row);
    if (!status) break;
  }
  pending.clear();
  return status;
}

Result<bool> StatementBuilder::State::first_of_its_id(const Pending& row, std::string_view from) {
  const Transaction& transaction = row.transaction;
  const Origin& origin = row.origin;
  const std::uint64_t print = fingerprint(transaction);
  // Indexes are 32-bit: four billion distinct ids would not fit in memory anyway.
  if (ids.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
    return Error{ErrorCode::overflow, origin.describe(from), "too many transactions for one statement"};
  }
  auto [id_index, inserted] = ids.intern(transaction.id, row.id_hash);
  if (!inserted) {
    const State::FirstSeen& first = first_seen[id_index];
    Origin earlier{first.format, first.position};
    bool same = first.fingerprint == print;
    warn("duplicate_transaction", origin.describe(from),
         "transaction id \"" + shorten(transaction.id, 60) + "\" was already read at " +
             earlier.describe(from) +
             (same ? "; counted once"
                   : "; this record differs from the first and was ignored (the first counts)"));
    return false;
  }
  first_seen.push_back(State::FirstSeen{origin.position, print, origin.format});
  return true;
}

Status StatementBuilder::State::count(const Pending& row) {
  State& s = *this;
  const Transaction& transaction = row.transaction;
  const std::int64_t points = row.points;
  const Origin& origin = row.origin;
  const std::string_view from = s.source;
  // A purchase counts once per id; a refund was made from its return's rows
  // by the export reader and has no id of its own in the log.
  if (!row.refund) {
    ++s.statement.transactions_read;
    LOYALTY_LET(first, s.first_of_its_id(row, from));
    if (!first) return Ok{};
  }

  const YearMonth month = transaction.date.year_month();
  if ((s.options.from && month < *s.options.from) || (s.options.to && month > *s.options.to)) {
    return Ok{};
  }
  if (transaction.amount_minor < 0 && !row.refund) {
    s.warn("negative_amount", origin.describe(from),
           "transaction \"" + shorten(transaction.id, 60) +
               "\" has a negative amount; it earns no points and lowers the month's spend");
  }
  auto [customer, new_customer] = s.customers.intern(transaction.customer, row.customer_hash);
  if (new_customer) s.months.emplace_back();
  std::vector<MonthTotal>& totals = s.months[customer];
  // Logs run forward in time: the month is nearly always the last one.
  auto slot = totals.end();
  if (totals.empty() || totals.back().month != month) {
    slot = std::lower_bound(totals.begin(), totals.end(), month,
                            [](const MonthTotal& total, const YearMonth& m) { return total.month < m; });
    if (slot == totals.end() || slot->month != month) slot = totals.insert(slot, MonthTotal{month, 0, 0, 0});
  } else {
    slot = totals.end() - 1;
  }
  if (!add_into(*slot, points, transaction.amount_minor, !row.refund)) {
    return overflow_at(origin.describe(from));
  }
  if (!row.refund) ++s.statement.transactions_counted;
  return Ok{};
}

Result<Statement> StatementBuilder::finish() {
  State& s = *state_;
  LOYALTY_CHECK(s.flush());
  Statement& statement = s.statement;

  // The range actually shown: the options' bounds, each open end closed by
  // the transactions that fell in range.
  std::optional<YearMonth> first_month = s.options.from;
  std::optional<YearMonth> last_month = s.options.to;
  const bool zero_fill = s.options.from || s.options.to;
  if (zero_fill) {
    for (const auto& months : s.months) {
      if (months.empty()) continue;
      if (!first_month || months.front().month < *first_month) first_month = months.front().month;
      if (!last_month || months.back().month > *last_month) last_month = months.back().month;
    }
  }

  statement.customers.reserve(s.months.size());
  for (std::uint32_t c = 0; c < s.months.size(); ++c) {
    const std::string_view customer = s.customers.text(c);
    std::vector<MonthTotal>& months = s.months[c];
    CustomerStatement out;
    out.customer = std::string(customer);
    if (zero_fill) {
      std::vector<MonthTotal> filled;
      auto next = months.begin();
      for (YearMonth m = *first_month; m <= *last_month; m = m.next()) {
        if (next != months.end() && next->month == m) {
          filled.push_back(*next++);
        } else {
          filled.push_back(MonthTotal{m, 0, 0, 0});
        }
      }
      months = std::move(filled);
    }
    out.months.reserve(months.size());
    for (const MonthTotal& total : months) {
      auto points = checked_add(out.total, total.points);
      auto spend = checked_add(out.spend_minor, total.spend_minor);
      if (!points || !spend) {
        return Error{ErrorCode::overflow, "customer \"" + shorten(customer, 60) + "\"",
                     "total points or spend would exceed the int64 range"};
      }
      out.total = *points;
      out.spend_minor = *spend;
      out.transactions += total.transactions;
      out.months.push_back(total);
    }
    statement.customers.push_back(std::move(out));
  }
  std::sort(statement.customers.begin(), statement.customers.end(),
            [](const CustomerStatement& a, const CustomerStatement& b) {
              return a.customer < b.customer;
            });
  if (s.suppressed_warnings > 0) {
    statement.warnings.push_back(
        Warning{"warnings_truncated", "",
                to_text(s.suppressed_warnings) + " more warnings were not listed"});
  }
  s.months.clear();
  return std::move(statement);
}

namespace {

// A statement computed through each customer's ledger (tiers, comeback
// bonuses and tier-limited rules need the customer's history).
Result<Statement> compute_statement_by_ledger(const Program& program, std::vector<Event> events,
                                              std::string_view source, StatementOptions options) {
  // Points per purchase come from each customer's own ledger (tiers,
  // comeback bonuses); the statement builder then counts them exactly as it
  // does for stateless programs, duplicates and month range included.
  std::unordered_map<std::string, std::vector<std::size_t>> by_customer;
  for (std::size_t i = 0; i < events.size(); ++i) by_customer[events[i].customer].push_back(i);
  std::vector<std::int64_t> points(events.size(), 0);
  // A refund of a purchase paid in another currency is valued by the ledger
  // (the same share of the purchase's converted value as of what was paid).
  std::vector<std::int64_t> refunded(events.size(), 0);
  for (auto& [customer, indexes] : by_customer) {
    std::vector<Event> mine;
    mine.reserve(indexes.size());
    for (std::size_t i : indexes) {
      mine.push_back(events[i]);
      mine.back().origin.position = i;  // to find the points again
    }
    std::vector<Warning> ignored;  // the builder reports duplicates itself
    CustomerLedger ledger(program, std::string(source), LedgerOptions::totals());
    for (const Event& event : prepare_events(std::move(mine), source, ignored)) {
      Award award;
      if (auto status = ledger.apply(event, &award); !status) return std::move(status).error();
      points[static_cast<std::size_t>(event.origin.position)] = award.points;
      refunded[static_cast<std::size_t>(event.origin.position)] = ledger.last_refund();
    }
  }
  StatementBuilder builder(program, std::move(options));
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    if (event.kind == EventKind::refund) {
      Transaction refund = transaction_of(event);
      refund.amount_minor = -(event.currency.empty() ? event.amount_minor : refunded[i]);
      LOYALTY_CHECK(builder.add_refund(refund, points[i], event.origin, source));
      continue;
    }
    LOYALTY_CHECK(builder.add_awarded(transaction_of(event), points[i], event.origin, source));
  }
  return builder.finish();
}

// A shop's export read through a column mapping: purchases and the refunds
// its returns make, folded through each customer's ledger.
Result<Statement> compute_export_statement(const Program& program, std::string_view log_text,
                                           std::string_view source, StatementOptions options) {
  ExportReading reading;
  std::vector<Warning> warnings;
  LOYALTY_LET(events, read_export(log_text, source, program.currency, options.mapping, reading, warnings,
                                          program.exchange_rates));
  LOYALTY_LET(statement, compute_statement_by_ledger(program, std::move(events), source, std::move(options)));
  statement.warnings.insert(statement.warnings.begin(), warnings.begin(), warnings.end());
  statement.reading = std::move(reading);
  return statement;
}

}  // namespace

Result<Statement> compute_statement(const Program& program, std::string_view log_text,
                                    LogFormat format, std::string_view source,
                                    StatementOptions options) {
  if (options.from && options.to && *options.from > *options.to) {
    return Error{ErrorCode::usage, "",
                 "the month range is empty: " + options.from->to_string() + " is after " +
                     options.to->to_string()};
  }
  if (format == LogFormat::csv) {
    LOYALTY_LET(from_export, reads_as_export(log_text, source, options.mapping));
    if (from_export) return compute_export_statement(program, log_text, source, std::move(options));
  } else if (!options.mapping.empty()) {
    return Error{ErrorCode::usage, std::string(source),
                 "a column mapping reads CSV exports; this log is JSON (its fields are named id, customer, date, "
                 "amount)"};
  }
  // Purchases in other currencies are converted by the event reader, so a
  // JSON log under a program with exchange rates takes the ledger's path.
  const bool converts = format == LogFormat::json && !program.exchange_rates.empty();
  if (!program.is_stateless() || converts) {
    std::vector<Event> events;
    Status read = read_events(log_text, format, source, program.currency, program.exchange_rates,
                              [&](Event&& event) -> Status {
      if (event.kind != EventKind::purchase) {
        return Error{ErrorCode::invalid_value, "",
                     "a statement counts purchases; this is a " + std::string(event_kind_name(event.kind))};
      }
      events.push_back(std::move(event));
      return Ok{};
    });
    if (!read) return std::move(read).error();
    return compute_statement_by_ledger(program, std::move(events), source, std::move(options));
  }
  StatementBuilder builder(program, std::move(options));
  // The shortest plausible row ("t1,c1,2026-01-01,1.00" and its line end) is
  // 22 bytes; typical logs run 30 and more.
  builder.reserve(log_text.size() / 28);
  Status read = read_transactions(
      log_text, format, source, program.currency,
      [&](Transaction&& t, const Origin& origin) { return builder.add(t, origin, source); });
  if (!read) return std::move(read).error();
  return builder.finish();
}

}  // namespace loyalty
