#include "loyalty/open_ledger.hpp"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "customer_ledger.hpp"
#include "text.hpp"

namespace loyalty {

struct OpenLedger::State {
  State(const Program& program, std::string customer_id, std::string source_name)
      : customer(std::move(customer_id)),
        source(std::move(source_name)),
        ledger(program, source, LedgerOptions{}) {}

  std::string customer;
  std::string source;
  CustomerLedger ledger;
  std::unordered_set<std::string> applied_ids;
  std::optional<Event> last;        // the last event applied, for the order check
  std::optional<Date> last_as_of;   // the latest balance asked for
  std::optional<Error> broken;      // an overflow stopped a call midway
};

OpenLedger::OpenLedger(const Program& program, std::string customer, std::string source)
    : state_(std::make_unique<State>(program, std::move(customer), std::move(source))) {}
OpenLedger::~OpenLedger() = default;
OpenLedger::OpenLedger(OpenLedger&&) noexcept = default;
OpenLedger& OpenLedger::operator=(OpenLedger&&) noexcept = default;

const std::string& OpenLedger::customer() const { return state_->customer; }
std::size_t OpenLedger::events_applied() const { return state_->applied_ids.size(); }

Result<Appended> OpenLedger::append(std::vector<Event> events) {
  State& s = *state_;
  if (s.broken) return *s.broken;
  std::vector<Warning> warnings;
  std::vector<Event> fresh;
  fresh.reserve(events.size());
  for (Event& event : events) {
    if (event.customer != s.customer) {
      return Error{ErrorCode::invalid_value, event.origin.describe(s.source),
                   "event " + quote_value(event.id, 60) + " is for customer " + quote_value(event.customer, 60) +
                       ", not " + quote_value(s.customer, 60)};
    }
    if (s.applied_ids.count(event.id) != 0) {
      warnings.push_back(Warning{"duplicate_event", event.origin.describe(s.source),
                                 "event id " + quote_value(event.id, 60) + " was already applied; counted once"});
      continue;
    }
    fresh.push_back(std::move(event));
  }
  std::vector<Event> ordered = prepare_events(std::move(fresh), s.source, warnings);
  if (!ordered.empty()) {
    const Event& first = ordered.front();
    if (s.last && applies_before(first, *s.last)) {
      return Error{ErrorCode::out_of_order, first.origin.describe(s.source),
                   "event " + quote_value(first.id, 60) + " comes before " + quote_value(s.last->id, 60) +
                       ", which the ledger already holds; replay the history instead"};
    }
    if (s.last_as_of && first.date() < *s.last_as_of) {
      return Error{ErrorCode::out_of_order, first.origin.describe(s.source),
                   "event " + quote_value(first.id, 60) + " is dated before " + s.last_as_of->to_string() +
                       ", the date of a balance already given; replay the history instead"};
    }
  }

  // From here on the call goes through: the duplicates' warnings join the
  // ledger's, where a replay's report lists them too.
  const std::size_t entries_before = s.ledger.entries().size();
  const std::size_t warnings_before = s.ledger.warnings().size();
  for (Warning& warning : warnings) s.ledger.warnings().push_back(std::move(warning));
  for (Event& event : ordered) {
    if (auto status = s.ledger.apply(event); !status) {
      s.broken = std::move(status).error();
      return *s.broken;
    }
    s.applied_ids.insert(event.id);
  }
  if (!ordered.empty()) s.last = std::move(ordered.back());

  Appended out;
  const auto& entries = s.ledger.entries();
  out.entries.assign(entries.begin() + static_cast<std::ptrdiff_t>(entries_before), entries.end());
  const auto& all_warnings = s.ledger.warnings();
  out.warnings.assign(all_warnings.begin() + static_cast<std::ptrdiff_t>(warnings_before), all_warnings.end());
  return out;
}

namespace {

Status check_as_of(const std::optional<Event>& last, const std::optional<Date>& last_as_of, const Date& as_of) {
  if (last && as_of < last->date()) {
    return Error{ErrorCode::out_of_order, "asOf",
                 as_of.to_string() + " is before " + last->date().to_string() +
                     ", the date of an event the ledger holds; replay the history up to it instead"};
  }
  if (last_as_of && as_of < *last_as_of) {
    return Error{ErrorCode::out_of_order, "asOf",
                 as_of.to_string() + " is before " + last_as_of->to_string() +
                     ", the date of a balance already given; replay the history instead"};
  }
  return Ok{};
}

}  // namespace

Result<BalanceReport> OpenLedger::balance(const Date& as_of, bool with_entries) {
  State& s = *state_;
  if (s.broken) return *s.broken;
  if (auto status = check_as_of(s.last, s.last_as_of, as_of); !status) return std::move(status).error();
  s.last_as_of = as_of;
  return s.ledger.report(s.customer, as_of, with_entries);
}

Result<SimulationReport> OpenLedger::simulate(const Cart& cart, const Date& as_of) {
  State& s = *state_;
  if (s.broken) return *s.broken;
  if (auto status = check_as_of(s.last, s.last_as_of, as_of); !status) return std::move(status).error();
  CustomerLedger scratch = s.ledger.trial_copy();
  const std::int64_t last_second = s.last ? s.last->moment.utc_seconds : as_of.days_since_epoch() * 86400;
  return simulate_cart(scratch, s.ledger.program(), s.customer, cart, as_of, last_second);
}

}  // namespace loyalty
