#include "loyalty/ledger.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "customer_ledger.hpp"
#include "json_writer.hpp"

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
  return "earn";
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
  CustomerLedger ledger(program, std::string(source), LedgerOptions{30, false});
  ledger.warnings() = std::move(warnings);
  for (const Event& event : ordered) {
    if (auto status = ledger.apply(event); !status) return std::move(status).error();
  }
  SimulationReport out;
  out.before = ledger.report(customer, as_of);

  // The cart as the purchase it would become: today, after everything else.
  Event purchase;
  purchase.id = cart.id.empty() ? "simulated-cart" : cart.id;
  purchase.customer = customer;
  purchase.kind = EventKind::purchase;
  const std::int64_t last_second =
      ordered.empty() ? as_of.days_since_epoch() * 86400 : ordered.back().moment.utc_seconds;
  purchase.moment = Moment{as_of, std::max(last_second, as_of.days_since_epoch() * 86400)};
  purchase.amount_minor = cart.amount_minor;
  purchase.has_amount = true;
  purchase.items = cart.items;
  purchase.origin = Origin{LogFormat::json, 0};
  ledger.set_decide_surprise(!cart.id.empty(), &out.possible_bonuses);
  if (auto status = ledger.apply(purchase, &out.award); !status) return std::move(status).error();

  BalanceReport after = ledger.report(customer, as_of);
  out.available_after = after.available;
  out.pending_after = after.pending;
  out.tier_after = after.tier;
  const int rank_after = out.tier_after.enabled ? out.tier_after.rank : 0;
  const std::int64_t points_before = out.before.available + out.before.pending;
  const std::int64_t points_after = after.available + after.pending;
  for (const Reward& reward : program.rewards) {
    if (!reward.min_tier.empty() && rank_after < program.tiers.rank_of(reward.min_tier)) continue;
    if (points_before < reward.cost && points_after >= reward.cost) out.rewards_unlocked.push_back(reward.id);
  }
  return out;
}

Result<Statement> compute_statement_by_ledger(const Program& program, std::vector<Event> events,
                                              std::string_view source, StatementOptions options) {
  // Points per purchase come from each customer's own ledger (tiers,
  // comeback bonuses); the statement builder then counts them exactly as it
  // does for stateless programs, duplicates and month range included.
  std::unordered_map<std::string, std::vector<std::size_t>> by_customer;
  for (std::size_t i = 0; i < events.size(); ++i) by_customer[events[i].customer].push_back(i);
  std::vector<std::int64_t> points(events.size(), 0);
  for (auto& [customer, indexes] : by_customer) {
    std::vector<Event> mine;
    mine.reserve(indexes.size());
    for (std::size_t i : indexes) {
      mine.push_back(events[i]);
      mine.back().origin.position = i;  // to find the points again
    }
    std::vector<Warning> ignored;  // the builder reports duplicates itself
    CustomerLedger ledger(program, std::string(source), LedgerOptions{30, false});
    for (const Event& event : prepare_events(std::move(mine), source, ignored)) {
      Award award;
      if (auto status = ledger.apply(event, &award); !status) return std::move(status).error();
      points[static_cast<std::size_t>(event.origin.position)] = award.points;
    }
  }
  StatementBuilder builder(program, std::move(options));
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    Transaction transaction{event.id, event.customer, event.date(), event.moment.utc_seconds, event.amount_minor};
    if (auto status = builder.add_awarded(transaction, points[i], event.origin, source); !status) {
      return std::move(status).error();
    }
  }
  return builder.finish();
}

namespace {

void write_breakdown(json::Writer& w, const std::vector<AwardLine>& lines) {
  w.begin_array();
  for (const AwardLine& line : lines) {
    w.begin_object().field("rule", line.rule).field("points", line.points).end_object();
  }
  w.end_array();
}

void write_tier(json::Writer& w, const TierStatus& tier, const Program& program) {
  if (!tier.enabled) {
    w.null();
    return;
  }
  w.begin_object()
      .field("id", tier.id)
      .field("name", tier.name)
      .field("multiplier", format_factor(tier.multiplier_e4))
      .field("invited", tier.invited);
  w.key("perks").begin_array();
  for (const auto& perk : tier.perks) w.value(perk);
  w.end_array();
  const bool spend = program.tiers.basis == TierBasis::spend;
  w.field("basis", spend ? "spend" : "points");
  if (spend) {
    w.money_field("window_total", tier.window_total, program.currency.exponent);
  } else {
    w.field("window_total", tier.window_total);
  }
  w.key("next");
  if (!tier.next_id) {
    w.null();
  } else {
    w.begin_object().field("id", *tier.next_id).field("name", tier.next_name);
    if (spend) {
      w.money_field("needed", tier.next_needed, program.currency.exponent);
    } else {
      w.field("needed", tier.next_needed);
    }
    w.end_object();
  }
  w.end_object();
}

void write_entries(json::Writer& w, const std::vector<LedgerEntry>& entries, const Program& program);

void write_balance_fields(json::Writer& w, const BalanceReport& report, const Program& program) {
  const int exponent = program.currency.exponent;
  w.field("customer", report.customer)
      .field("as_of", report.as_of.to_string())
      .field("available", report.available)
      .field("pending", report.pending)
      .field("lifetime_earned", report.lifetime_earned)
      .field("redeemed", report.redeemed)
      .field("expired", report.expired)
      .field("clawed_back", report.clawed_back)
      .field("owed", report.owed);
  w.money_field("available_value", program.value_of_points(report.available), exponent);
  w.key("tier");
  write_tier(w, report.tier, program);
  w.key("expiring").begin_array();
  for (const ExpiringPoints& e : report.expiring) {
    w.begin_object().field("date", e.date.to_string()).field("points", e.points).end_object();
  }
  w.end_array();
  w.key("history").begin_array();
  for (const MonthActivity& m : report.history) {
    w.begin_object()
        .field("month", m.month.to_string())
        .field("earned", m.earned)
        .field("redeemed", m.redeemed)
        .field("expired", m.expired)
        .field("clawed_back", m.clawed_back)
        .end_object();
  }
  w.end_array();
  w.key("entries");
  write_entries(w, report.entries, program);
  w.key("warnings");
  json::write_warnings(w, report.warnings);
}

void write_entries(json::Writer& w, const std::vector<LedgerEntry>& entries, const Program& program) {
  const int exponent = program.currency.exponent;
  w.begin_array();
  for (const LedgerEntry& e : entries) {
    w.begin_object().field("kind", entry_kind_name(e.kind)).field("date", e.date.to_string());
    if (!e.event_id.empty()) w.field("event", e.event_id).field("type", event_kind_name(e.event));
    w.field("points", e.points);
    if (e.owed != 0) w.field("owed", e.owed);
    if (!e.breakdown.empty()) {
      w.key("breakdown");
      write_breakdown(w, e.breakdown);
    }
    if (!e.reward.empty()) {
      w.field("reward", e.reward).money_field("discount", e.discount_minor, exponent);
    }
    if (!e.code.empty()) w.field("code", e.code);
    if (!e.message.empty()) w.field("message", e.message);
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string render_balance_json(const BalanceReport& report, const Program& program) {
  json::Writer w;
  w.begin_object();
  write_balance_fields(w, report, program);
  w.end_object();
  return w.take();
}

std::string render_appended_json(const std::vector<LedgerEntry>& entries, const std::vector<Warning>& warnings,
                                 const Program& program) {
  json::Writer w;
  w.begin_object().key("entries");
  write_entries(w, entries, program);
  w.key("warnings");
  json::write_warnings(w, warnings);
  w.end_object();
  return w.take();
}

std::string render_simulation_json(const SimulationReport& report, const Program& program) {
  json::Writer w;
  w.begin_object()
      .field("customer", report.before.customer)
      .field("as_of", report.before.as_of.to_string())
      .field("points", report.award.points);
  w.key("breakdown");
  write_breakdown(w, report.award.breakdown);
  w.money_field("eligible_spend", report.award.eligible_spend_minor, program.currency.exponent)
      .field("available_before", report.before.available)
      .field("pending_before", report.before.pending)
      .field("available_after", report.available_after)
      .field("pending_after", report.pending_after);
  w.key("tier_before");
  write_tier(w, report.before.tier, program);
  w.key("tier_after");
  write_tier(w, report.tier_after, program);
  w.key("rewards_unlocked").begin_array();
  for (const auto& id : report.rewards_unlocked) w.value(id);
  w.end_array();
  w.key("possible_bonuses");
  write_breakdown(w, report.possible_bonuses);
  w.key("warnings");
  json::write_warnings(w, report.before.warnings);
  w.end_object();
  return w.take();
}

}  // namespace loyalty
