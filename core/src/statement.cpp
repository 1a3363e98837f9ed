#include "loyalty/statement.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>

#include "customer_ledger.hpp"
#include "earn.hpp"
#include "loyalty/checked.hpp"
#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "string_index.hpp"
#include "transaction_csv.hpp"
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
  // Adds a row whose id has been checked into its customer's month.
  Status tally(std::string_view id, std::string_view customer, std::uint64_t customer_hash, const Date& date,
               std::int64_t amount_minor, std::int64_t points, const Origin& origin, bool refund);
  // The customer's index, a new customer getting their (empty) months.
  std::uint32_t customer_index(std::string_view customer, std::uint64_t customer_hash) {
    auto [index, added] = customers.intern(customer, customer_hash);
    if (added) months.emplace_back();
    return index;
  }
  // Whether the date's month is within the statement's months.
  bool in_range(const Date& date) const {
    const YearMonth month = date.year_month();
    return !(options.from && month < *options.from) && !(options.to && month > *options.to);
  }
  // The same as tally, for a row in range whose customer is indexed.
  Status tally_customer(std::string_view id, std::uint32_t customer, const Date& date, std::int64_t amount_minor,
                        std::int64_t points, const Origin& origin, bool refund);
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
  const Transaction& transaction = row.transaction;
  // A purchase counts once per id; a refund was made from its return's rows
  // by the export reader and has no id of its own in the log.
  if (!row.refund) {
    ++statement.transactions_read;
    LOYALTY_LET(first, first_of_its_id(row, source));
    if (!first) return Ok{};
  }
  return tally(transaction.id, transaction.customer, row.customer_hash, transaction.date,
               transaction.amount_minor, row.points, row.origin, row.refund);
}

Status StatementBuilder::State::tally(std::string_view id, std::string_view customer_id,
                                      std::uint64_t customer_hash, const Date& date,
                                      std::int64_t amount_minor, std::int64_t points,
                                      const Origin& origin, bool refund) {
  if (!in_range(date)) return Ok{};
  return tally_customer(id, customer_index(customer_id, customer_hash), date, amount_minor, points, origin, refund);
}

Status StatementBuilder::State::tally_customer(std::string_view id, std::uint32_t customer, const Date& date,
                                               std::int64_t amount_minor, std::int64_t points,
                                               const Origin& origin, bool refund) {
  State& s = *this;
  const YearMonth month = date.year_month();
  if (amount_minor < 0 && !refund) {
    s.warn("negative_amount", origin.describe(s.source),
           "transaction \"" + shorten(id, 60) +
               "\" has a negative amount; it earns no points and lowers the month's spend");
  }
  std::vector<MonthTotal>& totals = s.months[customer];
  // Room for a season's months at once: growing one month at a time was a
  // tenth of a statement's time, in reallocations.
  if (totals.empty()) totals.reserve(4);
  // Logs run forward in time: the month is nearly always the last one.
  auto slot = totals.end();
  if (totals.empty() || totals.back().month != month) {
    slot = std::lower_bound(totals.begin(), totals.end(), month,
                            [](const MonthTotal& total, const YearMonth& m) { return total.month < m; });
    if (slot == totals.end() || slot->month != month) slot = totals.insert(slot, MonthTotal{month, 0, 0, 0});
  } else {
    slot = totals.end() - 1;
  }
  if (!add_into(*slot, points, amount_minor, !refund)) {
    return overflow_at(origin.describe(s.source));
  }
  if (!refund) ++s.statement.transactions_counted;
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

  // Customers in id order: indexes are sorted, not the statements (moving
  // a hundred thousand statements about cost more than building them).
  // Each index carries its id's first eight bytes as a big-endian number,
  // which orders ids as their bytes do, so most comparisons never read the
  // ids themselves.
  struct Keyed {
    std::uint64_t prefix;
    std::uint32_t index;
  };
  std::vector<Keyed> keyed(s.months.size());
  for (std::uint32_t c = 0; c < keyed.size(); ++c) {
    const std::string_view id = s.customers.text(c);
    std::uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      prefix = prefix << 8 | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
    }
    keyed[c] = Keyed{prefix, c};
  }
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return s.customers.text(a.index) < s.customers.text(b.index);
  });
  std::vector<std::uint32_t> order(keyed.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].index;
  statement.customers.reserve(s.months.size());
  for (const std::uint32_t c : order) {
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
    }
    // Moved, not copied: a copy was another hundred thousand allocations,
    // and fresh memory is slow to come by (see the CLI's huge pages).
    out.months = std::move(months);
    statement.customers.push_back(std::move(out));
  }
  if (s.suppressed_warnings > 0) {
    statement.warnings.push_back(
        Warning{"warnings_truncated", "",
                to_text(s.suppressed_warnings) + " more warnings were not listed"});
  }
  s.months.clear();
  return std::move(statement);
}

// The classic shape of work, a plain CSV log under spend bands, in one pass
// over the log's bytes: no row is copied, and ids are not interned one by
// one (a million ids in a hash table is a cache miss each, which was most of
// a statement's time). Each id's hash is kept instead, and sorted at the
// end: a repeated hash, which a repeated id always gives, hands the log to
// the exact path, as does anything read_plain_log_body leaves to it. The
// log may come in pieces of whole lines (StatementStream).
class StatementFastPath {
 public:
  StatementFastPath(const Program& program, const StatementOptions& options, std::string_view source,
                    std::size_t expected_bytes)
      : program_(program), builder_(program, options), s_(*builder_.state_) {
    s_.source = std::string(source);
    // The shortest plausible row is 22 bytes; typical logs run 30 and more.
    for (auto& list : id_hashes_) list.reserve(expected_bytes / 28 / id_hashes_.size() + 16);
  }

  // Whether the program is one this path counts (spend bands alone).
  bool applies() const { return s_.spend_bands_only; }

  // Reads whole lines of the log (the first holding its header); the last
  // piece may end without a line end. False: the exact path must read it.
  bool consume(std::string_view lines) {
    std::size_t pos = 0;
    if (!columns_) {
      auto start = plain_log_header(lines);
      if (!start) return false;
      columns_ = std::move(start->columns);
      pos = start->offset;
      line_ = start->line;
    }
    return read_plain_log_body(lines, pos, line_, *columns_, program_.currency, [&](const LogRow& row) {
             auto points = program_.points_for_purchase(std::max<std::int64_t>(row.amount_minor, 0));
             if (!points) return false;
             ++s_.statement.transactions_read;
             const std::uint64_t id_hash = hash_text(row.id);
             id_hashes_[id_hash >> 56].push_back(id_hash);
             batch_[waiting_++] = Ready{row, hash_text(row.customer), *points};
             return waiting_ < batch_.size() || drain();
           }) &&
           drain();  // the rows' texts are the piece's: counted before it goes
  }

  // The statement; nullopt when the log had no header or an id repeats.
  std::optional<Result<Statement>> finish() {
    if (!columns_ || has_repeats(id_hashes_)) return std::nullopt;
    return builder_.finish();
  }

  static std::optional<Result<Statement>> plain_csv(const Program& program, std::string_view text,
                                                    std::string_view source, const StatementOptions& options) {
    StatementFastPath path(program, options, source, text.size());
    if (!path.applies() || !path.consume(text)) return std::nullopt;
    return path.finish();
  }

 private:
  // Each id's hash, in 256 lists by its top 8 bits (see has_repeats).
  using IdHashes = std::array<std::vector<std::uint64_t>, 256>;

  // Rows wait in small batches so that their customers' lookups are
  // prefetched together.
  struct Ready {
    LogRow row;
    std::uint64_t customer_hash;
    std::int64_t points;
  };

  // The batch's lookups go step by step (see StringIndex::prefetch), and
  // then each customer's months, the same way: their vector, then its
  // last month, where a log running forward in time adds. A row outside
  // the statement's months gets no customer (kOutside) and is skipped.
  bool drain() {
    constexpr std::uint32_t kOutside = std::numeric_limits<std::uint32_t>::max();
    StatementBuilder::State& s = s_;
    for (std::size_t i = 0; i < waiting_; ++i) s.customers.prefetch(batch_[i].customer_hash);
    for (std::size_t i = 0; i < waiting_; ++i) s.customers.prefetch_entry(batch_[i].customer_hash);
    for (std::size_t i = 0; i < waiting_; ++i) s.customers.prefetch_text(batch_[i].customer_hash);
    for (std::size_t i = 0; i < waiting_; ++i) {
      const Ready& r = batch_[i];
      customer_[i] = s.in_range(r.row.date) ? s.customer_index(r.row.customer, r.customer_hash) : kOutside;
      if (customer_[i] != kOutside) StringIndex::touch(&s.months[customer_[i]]);
    }
    for (std::size_t i = 0; i < waiting_; ++i) {
      if (customer_[i] == kOutside) continue;
      const std::vector<MonthTotal>& months = s.months[customer_[i]];
      if (!months.empty()) StringIndex::touch(&months.back());
    }
    for (std::size_t i = 0; i < waiting_; ++i) {
      const Ready& r = batch_[i];
      if (customer_[i] == kOutside) continue;
      if (!s.tally_customer(r.row.id, customer_[i], r.row.date, r.row.amount_minor, r.points,
                            Origin{LogFormat::csv, r.row.line}, false)) {
        return false;
      }
    }
    waiting_ = 0;
    return true;
  }

  // Whether any hash appears twice. The hashes come in 256 lists by their
  // top 8 bits; each list is spread by the next 8 into a scratch buffer the
  // size of a list (two linear passes), and each of those buckets, a dozen
  // hashes at a million rows, is sorted on its own. A whole std::sort was a
  // fifth of a statement's time in wasm; one copy of all the hashes to
  // bucket them was 8 bytes a row of the run's peak memory.
  static bool has_repeats(const IdHashes& lists) {
    std::size_t longest = 0;
    for (const auto& list : lists) longest = std::max(longest, list.size());
    std::vector<std::uint64_t> bucketed(longest);
    std::array<std::uint32_t, 257> start{};
    std::array<std::uint32_t, 256> next{};
    auto bucket_of = [](std::uint64_t h) { return static_cast<std::size_t>((h >> 48) & 0xff); };
    for (const auto& list : lists) {
      start.fill(0);
      for (const std::uint64_t h : list) ++start[bucket_of(h) + 1];
      for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
      std::copy(start.begin(), start.end() - 1, next.begin());
      for (const std::uint64_t h : list) bucketed[next[bucket_of(h)]++] = h;
      for (std::size_t b = 0; b < 256; ++b) {
        const auto first = bucketed.begin() + start[b];
        const auto last = bucketed.begin() + start[b + 1];
        std::sort(first, last);
        if (std::adjacent_find(first, last) != last) return true;
      }
    }
    return false;
  }

  const Program& program_;
  StatementBuilder builder_;
  StatementBuilder::State& s_;
  IdHashes id_hashes_;
  std::optional<LogColumns> columns_;
  std::size_t line_ = 0;
  std::array<Ready, StatementBuilder::State::kBatch> batch_;
  std::array<std::uint32_t, StatementBuilder::State::kBatch> customer_{};
  std::size_t waiting_ = 0;
};

namespace {

// A statement computed through each customer's ledger (tiers, comeback
// bonuses and tier-limited rules need the customer's history).
Result<Statement> compute_statement_by_ledger(const Program& program, std::vector<Event> events,
                                              std::string_view source, StatementOptions options) {
  // Points per purchase come from each customer's own ledger (tiers,
  // comeback bonuses); the statement builder then counts them exactly as it
  // does for stateless programs, duplicates and month range included.
  // Each customer's events are grouped by their addresses, in log order
  // (customers interned, then one counting sort), and ordered for the
  // ledger where they are: a map of customers to copied events had been
  // about a third of a million-order export's time.
  StringIndex customers;
  std::vector<std::uint32_t> customer_of(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) customer_of[i] = customers.intern(events[i].customer).first;
  std::vector<std::size_t> start(customers.size() + 1, 0);
  for (const std::uint32_t c : customer_of) ++start[c + 1];
  for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
  std::vector<const Event*> grouped(events.size());
  {
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < events.size(); ++i) grouped[next[customer_of[i]]++] = &events[i];
  }
  std::vector<std::int64_t> points(events.size(), 0);
  // A refund of a purchase paid in another currency is valued by the ledger
  // (the same share of the purchase's converted value as of what was paid).
  std::vector<std::int64_t> refunded(events.size(), 0);
  for (std::size_t c = 0; c + 1 < start.size(); ++c) {
    std::vector<const Event*> mine(grouped.begin() + static_cast<std::ptrdiff_t>(start[c]),
                                   grouped.begin() + static_cast<std::ptrdiff_t>(start[c + 1]));
    std::vector<Warning> ignored;  // the builder reports duplicates itself
    CustomerLedger ledger(program, std::string(source), LedgerOptions::totals());
    for (const Event* event : prepare_event_order(std::move(mine), source, ignored)) {
      Award award;
      if (auto status = ledger.apply(*event, &award); !status) return std::move(status).error();
      const auto i = static_cast<std::size_t>(event - events.data());
      points[i] = award.points;
      refunded[i] = ledger.last_refund();
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

namespace {

// Whether the options' month range holds no month (compute_statement's usage error).
bool empty_month_range(const StatementOptions& options) {
  return options.from && options.to && *options.from > *options.to;
}

}  // namespace

StatementStream::StatementStream(const Program& program, StatementOptions options, std::string_view source,
                                 std::size_t expected_bytes) {
  // compute_statement reports an empty month range and reads a column
  // mapping's export; neither is this path's.
  if (empty_month_range(options) || !options.mapping.empty()) return;
  path_ = std::make_unique<StatementFastPath>(program, options, source, expected_bytes);
  if (!path_->applies()) path_.reset();
}

StatementStream::~StatementStream() = default;

bool StatementStream::feed(std::string_view bytes) {
  if (!path_) return false;
  const std::size_t last_end = bytes.rfind('\n');
  if (last_end == std::string_view::npos) {
    partial_.append(bytes);
    return true;
  }
  // The line begun before, completed by this piece's first line; then the
  // piece's own whole lines, read where they are.
  std::size_t from = 0;
  if (!partial_.empty()) {
    from = bytes.find('\n') + 1;
    partial_.append(bytes.substr(0, from));
    if (!path_->consume(partial_)) {
      path_.reset();
      return false;
    }
  }
  if (from <= last_end && !path_->consume(bytes.substr(from, last_end + 1 - from))) {
    path_.reset();
    return false;
  }
  partial_.assign(bytes.substr(last_end + 1));
  return true;
}

std::optional<Result<Statement>> StatementStream::finish() {
  if (!path_) return std::nullopt;
  // The log's last line, when it has no line end.
  if (!partial_.empty() && !path_->consume(partial_)) return std::nullopt;
  auto statement = path_->finish();
  path_.reset();
  return statement;
}

Result<Statement> compute_statement(const Program& program, std::string_view log_text,
                                    LogFormat format, std::string_view source,
                                    StatementOptions options) {
  if (empty_month_range(options)) {
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
  if (format == LogFormat::csv) {
    if (auto fast = StatementFastPath::plain_csv(program, log_text, source, options)) return std::move(*fast);
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
