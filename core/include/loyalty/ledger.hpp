// A customer's points over time: the events folded, in time order, into lots
// of points that are earned, held pending, spent first-in first-out, clawed
// back on refunds and expired. Pure and deterministic: the same events give
// the same balance in the browser, on the server and in batch jobs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/event.hpp"
#include "loyalty/program.hpp"

namespace loyalty {

// One rule's share of an award; the shares of an award add up to its points.
struct AwardLine {
  std::string rule;  // an earn rule id, or "tier:<level id>" for a tier multiplier
  std::int64_t points = 0;
};

struct Award {
  std::int64_t points = 0;
  std::vector<AwardLine> breakdown;
  std::int64_t eligible_spend_minor = 0;  // purchases: what spend rules applied to
  std::vector<std::string> capped;        // event rules that had reached a cap
};

enum class EntryKind { earn, redeem, clawback, adjust, expire, rejected, tier, cancel };

std::string_view entry_kind_name(EntryKind kind);

// One line of the customer's history, as the widget's activity list shows it.
struct LedgerEntry {
  EntryKind kind = EntryKind::earn;
  std::string event_id;
  EventKind event = EventKind::purchase;
  Date date;
  std::int64_t points = 0;         // change of the balance (earned positive)
  std::int64_t owed = 0;           // clawback or debit beyond the balance
  std::vector<AwardLine> breakdown;
  std::string reward;              // redemptions and their cancellations
  std::int64_t discount_minor = 0; // redemptions: money off (a donation's: money given)
  std::string cause;               // a donation and its cancellation: the cause
  bool in_store = false;           // a purchase's earn entry: made at the shop's counter
  std::string code;                // rejected: why ("insufficient_points", ...)
  std::string message;
};

struct MonthActivity {
  YearMonth month;
  std::int64_t earned = 0;
  std::int64_t redeemed = 0;
  std::int64_t expired = 0;
  std::int64_t clawed_back = 0;
};

struct TierStatus {
  bool enabled = false;
  int rank = 0;
  std::string id;
  std::string name;
  std::int64_t multiplier_e4 = kFactorOne;
  std::vector<std::string> perks;
  bool invited = false;
  std::int64_t window_total = 0;  // points or spend counted toward the tier now
  // The next level up by qualification, and how much more it needs.
  std::optional<std::string> next_id;
  std::string next_name;
  std::int64_t next_needed = 0;
};

struct ExpiringPoints {
  Date date;  // the first day the points are gone
  std::int64_t points = 0;
};

// Whether the customer may be asked the Net Promoter Score question now
// (programs with "survey"): once per period, from the period's first day.
struct SurveyStatus {
  bool due = false;
  std::optional<Date> last;  // the last answer accepted
  std::optional<Date> next;  // when not due: the first day another answer counts
};

// What a customer gave to one cause: points donated (donation rewards) and
// the shop's pledge on their purchases, in minor units.
struct Giving {
  std::string cause;
  std::int64_t donations = 0;
  std::int64_t points = 0;         // points the donations used
  std::int64_t donated_minor = 0;
  std::int64_t pledged_minor = 0;
};

struct BalanceReport {
  std::string customer;
  Date as_of;
  std::int64_t available = 0;        // spendable now
  std::int64_t pending = 0;          // earned, still locked
  std::int64_t lifetime_earned = 0;  // earned, net of clawbacks
  std::int64_t redeemed = 0;
  std::int64_t expired = 0;
  std::int64_t clawed_back = 0;
  std::int64_t owed = 0;             // clawed back beyond the balance; paid from future points
  TierStatus tier;
  std::optional<SurveyStatus> survey;    // programs with "survey"
  std::vector<Giving> giving;            // one per program cause, in program order
  std::vector<ExpiringPoints> expiring;  // within the horizon after as_of
  std::vector<MonthActivity> history;
  std::vector<LedgerEntry> entries;
  std::vector<Warning> warnings;
};

// The order a ledger applies events in: by instant, then purchases before
// engagement events, tier changes, adjustments, refunds and redemptions at
// the same instant, then by id.
bool applies_before(const Event& a, const Event& b);

struct LedgerOptions {
  std::int64_t expiring_horizon_days = 30;
  bool include_entries = true;

  // Totals only: the whole-history entries are not kept (statements, metrics, simulation).
  static LedgerOptions totals() { return LedgerOptions{30, false}; }
};

// The customer's events (any order; others' events are ignored) folded up to
// and including `as_of`. Events are ordered by time, then kind, then id; a
// repeated event id counts once (warning). Events that break a business rule
// (a redemption beyond the balance, a refund of an unknown purchase, ...) are
// rejected, listed in `entries` and `warnings`, and change nothing.
Result<BalanceReport> compute_balance(const Program& program, std::vector<Event> events,
                                      const std::string& customer, const Date& as_of,
                                      std::string_view source = "", LedgerOptions options = {});

struct SimulationReport {
  Award award;  // what the cart earns, by rule
  std::string customer;
  Date as_of;
  // Only the figures the cart can change: a simulation runs on every cart
  // edit, so it does not build the balance's history or expiry lists.
  std::int64_t available_before = 0;
  std::int64_t pending_before = 0;
  TierStatus tier_before;
  std::vector<Warning> warnings;  // the history's, as the balance gives them
  std::int64_t available_after = 0;
  std::int64_t pending_after = 0;
  TierStatus tier_after;
  std::vector<std::string> rewards_unlocked;  // affordable with the cart's points, not without
  // Surprise rules the cart could trigger; without a cart id they cannot be
  // decided and are not counted in `award`.
  std::vector<AwardLine> possible_bonuses;
};

// What `cart` would earn if bought on `as_of` after the customer's events:
// the same code path as the ledger, so the figure is what will be awarded.
Result<SimulationReport> simulate(const Program& program, std::vector<Event> events,
                                  const std::string& customer, const Cart& cart, const Date& as_of,
                                  std::string_view source = "");

std::string render_balance_json(const BalanceReport& report, const Program& program);
// {"entries":[...],"warnings":[...]}: what an open ledger's append made.
std::string render_appended_json(const std::vector<LedgerEntry>& entries, const std::vector<Warning>& warnings,
                                 const Program& program);
std::string render_simulation_json(const SimulationReport& report, const Program& program);

}  // namespace loyalty
