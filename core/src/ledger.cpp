#include "loyalty/ledger.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "customer_ledger.hpp"

namespace loyalty {

std::string_view entry_kind_name(EntryKind kind) {
  switch (kind) {
    case EntryKind::earn: return "earn";
    case EntryKind::redeem: return "redeem";
    case EntryKind::clawback: return "clawback";
    case EntryKind::adjust: return "adjust";
    case EntryKind::expire: return "expire";
    case EntryKind::rejected: return "rejected";
    case EntryKind::tier: return "tier";
    case EntryKind::cancel: return "cancel";
  }
  return "unknown";
}

namespace {

// Keeps the customer's events dated on or before `as_of`, ledger-ordered.
std::vector<Event> events_of(std::vector<Event> events, const std::string& customer, const Date& as_of,
                             std::string_view source, std::vector<Warning>& warnings) {
  std::vector<Event> mine;
  for (Event& event : events) {
    if (event.customer == customer && event.date() <= as_of) mine.push_back(std::move(event));
  }
  return prepare_events(std::move(mine), source, warnings);
}

}  // namespace

Result<BalanceReport> compute_balance(const Program& program, std::vector<Event> events,
                                      const std::string& customer, const Date& as_of,
                                      std::string_view source, LedgerOptions options) {
  std::vector<Warning> warnings;
  std::vector<Event> ordered = events_of(std::move(events), customer, as_of, source, warnings);
  CustomerLedger ledger(program, std::string(source), options);
  ledger.warnings() = std::move(warnings);
  for (const Event& event : ordered) {
    if (auto status = ledger.apply(event); !status) return std::move(status).error();
  }
  return ledger.report(customer, as_of);
}

Result<SimulationReport> simulate(const Program& program, std::vector<Event> events,
                                  const std::string& customer, const Cart& cart, const Date& as_of,
                                  std::string_view source) {
  std::vector<Warning> warnings;
  std::vector<Event> ordered = events_of(std::move(events), customer, as_of, source, warnings);
  CustomerLedger ledger(program, std::string(source), LedgerOptions::totals());
  ledger.warnings() = std::move(warnings);
  for (const Event& event : ordered) {
    if (auto status = ledger.apply(event); !status) return std::move(status).error();
  }
  const std::int64_t last_second =
      ordered.empty() ? as_of.days_since_epoch() * 86400 : ordered.back().moment.utc_seconds;
  return simulate_cart(ledger, program, customer, cart, as_of, last_second);
}

Result<SimulationReport> simulate_cart(CustomerLedger& ledger, const Program& program,
                                       const std::string& customer, const Cart& cart, const Date& as_of,
                                       std::int64_t last_second) {
  SimulationReport out;
  out.customer = customer;
  out.as_of = as_of;
  const CustomerLedger::Standing before = ledger.standing(as_of);
  out.available_before = before.available;
  out.pending_before = before.pending;
  out.tier_before = before.tier;
  out.warnings = ledger.warnings();

  // The cart as the purchase it would become: today, after everything else.
  Event purchase;
  purchase.id = cart.id.empty() ? "simulated-cart" : cart.id;
  purchase.customer = customer;
  purchase.kind = EventKind::purchase;
  purchase.moment = Moment{as_of, std::max(last_second, as_of.days_since_epoch() * 86400)};
  purchase.amount_minor = cart.amount_minor;
  purchase.has_amount = true;
  purchase.items = cart.items;
  purchase.origin = Origin{LogFormat::json, 0};
  ledger.set_decide_surprise(!cart.id.empty(), &out.possible_bonuses);
  if (auto status = ledger.apply(purchase, &out.award); !status) return std::move(status).error();

  CustomerLedger::Standing after = ledger.standing(as_of);
  out.available_after = after.available;
  out.pending_after = after.pending;
  out.tier_after = std::move(after.tier);
  const int rank_after = out.tier_after.enabled ? out.tier_after.rank : 0;
  const std::int64_t points_before = out.available_before + out.pending_before;
  const std::int64_t points_after = out.available_after + out.pending_after;
  for (const Reward& reward : program.rewards) {
    if (!reward.min_tier.empty() && rank_after < program.tiers.rank_of(reward.min_tier)) continue;
    if (points_before < reward.cost && points_after >= reward.cost) out.rewards_unlocked.push_back(reward.id);
  }
  return out;
}

}  // namespace loyalty
