// Balances, simulations and appended entries as JSON: the shapes the CLI
// prints and the engine API returns.
#include "giving_json.hpp"
#include "json_writer.hpp"
#include "loyalty/ledger.hpp"

namespace loyalty {

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
  w.field("basis", name_of(program.tiers.basis));
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
  w.key("survey");
  if (report.survey) {
    auto date_or_null = [&](const char* name, const std::optional<Date>& date) {
      w.key(name);
      if (date) w.value(date->to_string()); else w.null();
    };
    w.begin_object().field("due", report.survey->due).field("every", name_of(program.survey.every));
    date_or_null("last", report.survey->last);
    date_or_null("next", report.survey->next);
    w.end_object();
  } else {
    w.null();
  }
  w.key("giving");
  write_giving(w, report.giving, program);
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
    if (e.in_store) w.field("channel", "store");
    if (e.owed != 0) w.field("owed", e.owed);
    if (!e.breakdown.empty()) {
      w.key("breakdown");
      write_breakdown(w, e.breakdown);
    }
    if (!e.reward.empty()) {
      w.field("reward", e.reward).money_field("discount", e.discount_minor, exponent);
      if (!e.cause.empty()) w.field("cause", e.cause);
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
  w.reserve(1024);  // a simulation's answer is under 1 KB: one allocation
  w.begin_object()
      .field("customer", report.customer)
      .field("as_of", report.as_of.to_string())
      .field("points", report.award.points);
  w.key("breakdown");
  write_breakdown(w, report.award.breakdown);
  w.money_field("eligible_spend", report.award.eligible_spend_minor, program.currency.exponent)
      .field("available_before", report.available_before)
      .field("pending_before", report.pending_before)
      .field("available_after", report.available_after)
      .field("pending_after", report.pending_after);
  w.key("tier_before");
  write_tier(w, report.tier_before, program);
  w.key("tier_after");
  write_tier(w, report.tier_after, program);
  w.key("rewards_unlocked").begin_array();
  for (const auto& id : report.rewards_unlocked) w.value(id);
  w.end_array();
  w.key("possible_bonuses");
  write_breakdown(w, report.possible_bonuses);
  w.key("warnings");
  json::write_warnings(w, report.warnings);
  w.end_object();
  return w.take();
}

}  // namespace loyalty
