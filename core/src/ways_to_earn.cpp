// The program as the widget presents it: each rule with structured fields
// (for the widget's own wording and translation) and an English sentence.
#include "json_writer.hpp"
#include "loyalty/program.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

std::string points_text(std::int64_t points) {
  return to_text(points) + (points == 1 ? " point" : " points");
}

std::string list_text(const std::vector<std::string>& categories, const std::vector<std::string>& skus) {
  std::string out;
  for (const auto& c : categories) out += (out.empty() ? "" : ", ") + c;
  for (const auto& s : skus) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string event_text(const EarnRule& rule) {
  switch (rule.event) {
    case EventKind::signup: return "joining";
    case EventKind::birthday: return "your birthday";
    case EventKind::referral: return "referring a friend";
    case EventKind::referred: return "joining through a friend's referral";
    case EventKind::review: return "writing a review";
    case EventKind::social_follow: return "following us";
    default: return rule.event_name;
  }
}

std::string describe(const EarnRule& rule, const Program& program) {
  if (!rule.description.empty()) return rule.description;
  const int exponent = program.currency.exponent;
  const std::string& currency = program.currency.code;
  switch (rule.kind) {
    case EarnKind::spend_bands: {
      std::string out;
      for (std::size_t i = 0; i < rule.bands.size(); ++i) {
        const SpendBand& band = rule.bands[i];
        if (!out.empty()) out += "; ";
        out += format_factor(band.rate_per_unit_e4) + " per " + currency + " 1";
        if (band.above_minor > 0 || i + 1 < rule.bands.size()) {
          out += " spent above " + format_scaled(band.above_minor, exponent);
        }
      }
      return out;
    }
    case EarnKind::per_visit:
      return points_text(rule.points) + " for every order" +
             (rule.min_spend_minor > 0 ? " of " + currency + " " + format_scaled(rule.min_spend_minor, exponent) + " or more" : "");
    case EarnKind::per_item:
      return points_text(rule.points) + " per item" +
             (rule.categories.empty() && rule.skus.empty() ? "" : " in " + list_text(rule.categories, rule.skus));
    case EarnKind::category_multiplier:
      return format_factor(rule.multiplier_e4) + "x points on " + list_text(rule.categories, rule.skus);
    case EarnKind::event: return points_text(rule.points) + " for " + event_text(rule);
    case EarnKind::promotion: {
      std::string out = format_factor(rule.multiplier_e4) + "x points";
      if (rule.from) out += " from " + rule.from->to_string();
      if (rule.to) out += " to " + rule.to->to_string();
      return out;
    }
    case EarnKind::comeback:
      return points_text(rule.points) + " for ordering again within " + to_text(rule.within_days) + " days";
    case EarnKind::surprise: return "a chance of " + points_text(rule.points) + " extra on any order";
  }
  return "";
}

void write_strings(json::Writer& w, std::string_view name, const std::vector<std::string>& values) {
  w.key(name).begin_array();
  for (const auto& v : values) w.value(v);
  w.end_array();
}

}  // namespace

std::string render_ways_to_earn_json(const Program& program) {
  const int exponent = program.currency.exponent;
  json::Writer w;
  w.begin_object()
      .field("program", program.id)
      .field("name", program.name)
      .field("currency", program.currency.code)
      .field("point_value", program.point_value_text())
      .field("pending_days", program.pending_days)
      .field("time_zone", program.time_zone);
  w.key("earn").begin_array();
  for (const EarnRule& rule : program.earn) {
    w.begin_object()
        .field("id", rule.id)
        .field("type", name_of(rule.kind))
        .field("description", describe(rule, program));
    write_strings(w, "tiers", rule.tiers);
    switch (rule.kind) {
      case EarnKind::spend_bands:
        w.field("rounding", name_of(rule.rounding));
        w.key("bands").begin_array();
        for (const SpendBand& band : rule.bands) {
          w.begin_object()
              .money_field("above", band.above_minor, exponent)
              .field("points_per_unit", format_factor(band.rate_per_unit_e4))
              .end_object();
        }
        w.end_array();
        break;
      case EarnKind::per_visit:
        w.field("points", rule.points).money_field("min_spend", rule.min_spend_minor, exponent);
        break;
      case EarnKind::per_item:
      case EarnKind::category_multiplier:
        if (rule.kind == EarnKind::per_item) {
          w.field("points", rule.points);
        } else {
          w.field("multiplier", format_factor(rule.multiplier_e4));
        }
        write_strings(w, "categories", rule.categories);
        write_strings(w, "skus", rule.skus);
        break;
      case EarnKind::event:
        w.field("event", event_kind_name(rule.event)).field("points", rule.points);
        if (!rule.event_name.empty()) w.field("name", rule.event_name);
        w.key("caps").begin_object();
        if (rule.caps.per_day) w.field("day", rule.caps.per_day);
        if (rule.caps.per_month) w.field("month", rule.caps.per_month);
        if (rule.caps.per_year) w.field("year", rule.caps.per_year);
        if (rule.caps.lifetime) w.field("lifetime", rule.caps.lifetime);
        w.end_object();
        break;
      case EarnKind::promotion:
        w.field("multiplier", format_factor(rule.multiplier_e4));
        if (rule.from) w.field("from", rule.from->to_string());
        if (rule.to) w.field("to", rule.to->to_string());
        w.key("weekdays").begin_array();
        for (int day = 1; day <= 7; ++day) {
          if (rule.weekdays & (1u << day)) w.value(day);
        }
        w.end_array();
        break;
      case EarnKind::comeback:
        w.field("points", rule.points).field("within_days", rule.within_days);
        break;
      case EarnKind::surprise:
        w.field("points", rule.points).field("one_in", rule.one_in);
        break;
    }
    w.end_object();
  }
  w.end_array();

  w.key("tiers");
  if (!program.tiers.enabled()) {
    w.null();
  } else {
    const bool spend = program.tiers.basis == TierBasis::spend;
    w.begin_object()
        .field("basis", name_of(program.tiers.basis))
        .field("window", name_of(program.tiers.window))
        .field("downgrade", name_of(program.tiers.downgrade));
    w.key("levels").begin_array();
    for (const TierLevel& level : program.tiers.levels) {
      w.begin_object().field("id", level.id).field("name", level.name).field("invitation_only", level.invitation_only);
      if (!level.invitation_only) {
        if (spend) {
          w.money_field("threshold", level.threshold, exponent).money_field("retention", level.retention, exponent);
        } else {
          w.field("threshold", level.threshold).field("retention", level.retention);
        }
      }
      w.field("multiplier", format_factor(level.multiplier_e4));
      write_strings(w, "perks", level.perks);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }

  w.key("rewards").begin_array();
  for (const Reward& reward : program.rewards) {
    w.begin_object()
        .field("id", reward.id)
        .field("name", reward.name)
        .field("description", reward.description)
        .field("type", name_of(reward.kind))
        .field("cost", reward.cost);
    if (reward.kind == RewardKind::amount_off || reward.kind == RewardKind::points_to_discount ||
        reward.kind == RewardKind::donation) {
      w.money_field("value", reward.value_minor, exponent);
    }
    if (reward.kind == RewardKind::donation) {
      w.key("causes").begin_array();
      for (const std::string& cause : reward.causes) w.value(cause);
      w.end_array();
    }
    if (reward.kind == RewardKind::percent_off) w.field("percent", reward.percent);
    if (reward.kind == RewardKind::free_product) w.field("sku", reward.sku);
    if (reward.kind == RewardKind::points_to_discount && reward.max_points) w.field("max_points", reward.max_points);
    if (!reward.min_tier.empty()) w.field("min_tier", reward.min_tier);
    if (reward.min_order_minor) w.money_field("min_order", reward.min_order_minor, exponent);
    w.end_object();
  }
  w.end_array();

  w.key("causes").begin_array();
  for (const Cause& cause : program.causes) {
    w.begin_object().field("id", cause.id).field("name", cause.name).field("description", cause.description).end_object();
  }
  w.end_array();
  w.key("pledge");
  if (program.pledge.enabled) {
    w.begin_object()
        .field("cause", program.pledge.cause)
        .field("percent", format_scaled(program.pledge.percent_e2, 2))
        .end_object();
  } else {
    w.null();
  }

  w.key("expiry").begin_object().field("policy", name_of(program.expiry.policy));
  if (program.expiry.days) w.field("days", program.expiry.days);
  if (program.expiry.policy == ExpiryPolicy::end_of_year) w.field("grace_years", program.expiry.grace_years);
  w.end_object();
  w.end_object();
  return w.take();
}

}  // namespace loyalty
