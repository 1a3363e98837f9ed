// Reads a program document. Unknown keys are errors (a misspelt rule must
// not silently do nothing), except annotations ("_comment", "$schema").
#include <algorithm>
#include <initializer_list>
#include <limits>

#include "json_fields.hpp"
#include "loyalty/program.hpp"
#include "text.hpp"
#include "try.hpp"

namespace loyalty {
namespace {

using json::Json;

using json::child;
using json::Fields;
using json::item;
using json::object_at;

Error at(std::string path, ErrorCode code, std::string message) {
  return Error{code, std::move(path), std::move(message)};
}

Result<Currency> read_currency(const Json& document) {
  const Json* it = document.find("currency");
  if (!it) return at("currency", ErrorCode::missing_field, "is required");
  if (it->is_string()) {
    const auto& code = it->text();
    if (auto known = find_currency(code)) return *known;
    if (!is_currency_code(code)) {
      return at("currency", ErrorCode::invalid_value, "is not a three-letter ISO 4217 code");
    }
    return at("currency", ErrorCode::invalid_value,
              quote_value(code) + " is not a currency the engine knows: give {\"code\": \"" + code +
                  "\", \"minor_units\": N}");
  }
  if (!it->is_object()) {
    return at("currency", ErrorCode::wrong_type,
              "expected a currency code or {code, minor_units}, found " + json::type_name(*it));
  }
  Fields fields(*it, "currency");
  LOYALTY_CHECK(fields.only({"code", "minor_units"}));
  std::string code;
  LOYALTY_TRY(code, fields.string("code", true));
  if (!is_currency_code(code)) {
    return at("currency.code", ErrorCode::invalid_value, "is not a three-letter ISO 4217 code");
  }
  if (!fields.has("minor_units")) {
    if (auto known = find_currency(code)) return *known;
    return at("currency.minor_units", ErrorCode::missing_field, "is required for " + code);
  }
  std::int64_t units = 0;
  LOYALTY_TRY(units, fields.integer("minor_units", true, 0, 0, 4));
  return Currency{code, static_cast<int>(units)};
}

// An IANA zone name by its form ("UTC", "America/Argentina/Buenos_Aires",
// "Etc/GMT+5"): the engine has no zone database, so whether the zone exists
// is checked by the callers that convert instants (Intl, the system's zoneinfo).
bool is_time_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  std::size_t part_length = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '/') {
      if (part_length == 0) return false;
      part_length = 0;
      continue;
    }
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    const bool other = (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
    if (!letter && !(other && part_length > 0)) return false;
    ++part_length;
  }
  return part_length > 0;
}

Status read_bands(const Fields& rule, EarnRule& out, const Currency& currency) {
  const Json* bands = rule.find("bands");
  const std::string bands_path = rule.path_of("bands");
  if (!bands) return rule.fail("bands", ErrorCode::missing_field, "is required");
  if (!bands->is_array()) {
    return rule.fail("bands", ErrorCode::wrong_type, "expected an array, found " + json::type_name(*bands));
  }
  if (bands->empty()) return rule.fail("bands", ErrorCode::invalid_value, "needs at least one band");
  for (std::size_t i = 0; i < bands->size(); ++i) {
    LOYALTY_LET(band, object_at((*bands)[i], item(bands_path, i)));
    LOYALTY_CHECK(band.only({"above", "points_per_unit"}));
    std::int64_t above = 0, rate = 0;
    LOYALTY_TRY(above, band.decimal("above", currency.exponent, true, 0));
    LOYALTY_TRY(rate, band.decimal("points_per_unit", 4, true, 0));
    if (!out.bands.empty() && above <= out.bands.back().above_minor) {
      return band.fail("above", ErrorCode::invalid_value,
                "must be greater than the previous band's threshold");
    }
    out.bands.push_back(SpendBand{above, rate});
  }
  return Ok{};
}

Result<Caps> read_caps(const Fields& rule, EventKind event) {
  Caps caps;
  // Defaults that make the event what its name says.
  if (event == EventKind::signup) caps.lifetime = 1;
  if (event == EventKind::birthday) caps.per_year = 1;
  const Json* value = rule.find("caps");
  if (!value) return caps;
  LOYALTY_LET(fields, object_at(*value, rule.path_of("caps")));
  LOYALTY_CHECK(fields.only({"day", "month", "year", "lifetime"}));
  constexpr std::int64_t kMax = 1000000000;
  LOYALTY_TRY(caps.per_day, fields.integer("day", false, caps.per_day, 1, kMax));
  LOYALTY_TRY(caps.per_month, fields.integer("month", false, caps.per_month, 1, kMax));
  LOYALTY_TRY(caps.per_year, fields.integer("year", false, caps.per_year, 1, kMax));
  LOYALTY_TRY(caps.lifetime, fields.integer("lifetime", false, caps.lifetime, 1, kMax));
  return caps;
}

constexpr std::int64_t kMaxFlatPoints = 1000000000000;  // 10^12 per award
constexpr std::int64_t kMaxFactor = 1000 * kFactorOne;     // 1000x

Result<std::int64_t> flat_points(const Fields& fields) {
  return fields.integer("points", true, 0, 0, kMaxFlatPoints);
}

// Multipliers only ever add points: below 1 a "multiplier" would quietly
// take away what other rules award.
Result<std::int64_t> multiplier(const Fields& fields) {
  return fields.decimal("multiplier", 4, true, 0, kFactorOne);
}

Status read_spend_bands(const Fields& fields, EarnRule& rule, const Currency& currency) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "rounding", "bands"}));
  return read_bands(fields, rule, currency);
}

Status read_per_unit(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "rounding", "points_per_unit"}));
  LOYALTY_LET(rate, fields.decimal("points_per_unit", 4, true, 0));
  rule.bands.push_back(SpendBand{0, rate});
  return Ok{};
}

Status read_per_visit(const Fields& fields, EarnRule& rule, const Currency& currency) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "points", "min_spend"}));
  LOYALTY_TRY(rule.points, flat_points(fields));
  LOYALTY_TRY(rule.min_spend_minor, fields.decimal("min_spend", currency.exponent, false, 0));
  return Ok{};
}

Status read_per_item(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "points", "categories", "skus"}));
  LOYALTY_TRY(rule.points, flat_points(fields));
  LOYALTY_TRY(rule.categories, fields.strings("categories"));
  LOYALTY_TRY(rule.skus, fields.strings("skus"));
  return Ok{};
}

Status read_category_multiplier(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "multiplier", "categories", "skus"}));
  LOYALTY_TRY(rule.multiplier_e4, multiplier(fields));
  LOYALTY_TRY(rule.categories, fields.strings("categories"));
  LOYALTY_TRY(rule.skus, fields.strings("skus"));
  if (rule.categories.empty() && rule.skus.empty()) {
    return fields.fail("categories", ErrorCode::missing_field,
              "a category multiplier needs categories or skus");
  }
  return Ok{};
}

Status read_event_rule(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "event", "name", "points", "caps"}));
  LOYALTY_LET(event, fields.string("event", true));
  auto kind = event_kind_from_name(event);
  if (!kind || !is_engagement_event(*kind)) {
    return fields.fail("event", ErrorCode::invalid_value, "must be one of " + event_kind_list(true));
  }
  rule.event = *kind;
  LOYALTY_TRY(rule.event_name, fields.string("name", rule.event == EventKind::custom));
  if (rule.event != EventKind::custom && fields.has("name")) {
    return fields.fail("name", ErrorCode::invalid_value, "only custom events have a name");
  }
  LOYALTY_TRY(rule.points, flat_points(fields));
  LOYALTY_TRY(rule.caps, read_caps(fields, rule.event));
  return Ok{};
}

Status read_promotion(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "multiplier", "from", "to", "weekdays"}));
  LOYALTY_TRY(rule.multiplier_e4, multiplier(fields));
  LOYALTY_TRY(rule.from, fields.optional_date("from"));
  LOYALTY_TRY(rule.to, fields.optional_date("to"));
  if (rule.from && rule.to && *rule.to < *rule.from) {
    return fields.fail("to", ErrorCode::invalid_value, "is before \"from\"");
  }
  const Json* days = fields.find("weekdays");
  if (!days) return Ok{};
  if (!days->is_array() || days->empty()) {
    return fields.fail("weekdays", ErrorCode::wrong_type,
              "expected a non-empty array of ISO weekdays (1 = Monday .. 7 = Sunday)");
  }
  for (std::size_t i = 0; i < days->size(); ++i) {
    const Json& day = (*days)[i];
    if (!day.is_number_integer() || day.as_int64() < 1 || day.as_int64() > 7) {
      return at(item(fields.path_of("weekdays"), i), ErrorCode::invalid_value,
                "must be an ISO weekday from 1 (Monday) to 7 (Sunday)");
    }
    rule.weekdays |= 1u << day.as_int64();
  }
  return Ok{};
}

Status read_comeback(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "points", "within_days"}));
  LOYALTY_TRY(rule.points, flat_points(fields));
  LOYALTY_TRY(rule.within_days, fields.integer("within_days", true, 0, 1, 3660));
  return Ok{};
}

Status read_surprise(const Fields& fields, EarnRule& rule, const Currency&) {
  LOYALTY_CHECK(fields.only({"type", "id", "description", "tiers", "points", "one_in"}));
  LOYALTY_TRY(rule.points, flat_points(fields));
  LOYALTY_TRY(rule.one_in, fields.integer("one_in", true, 0, 1, 1000000000));
  return Ok{};
}

// The program format's earn rule types: the kind each becomes and how its
// own fields are read. The order is the one error messages list.
struct RuleType {
  std::string_view name;
  EarnKind kind;
  Status (*read)(const Fields&, EarnRule&, const Currency&);
};
constexpr RuleType kRuleTypes[] = {
    {"per_unit", EarnKind::spend_bands, read_per_unit},
    {"spend_bands", EarnKind::spend_bands, read_spend_bands},
    {"per_visit", EarnKind::per_visit, read_per_visit},
    {"per_item", EarnKind::per_item, read_per_item},
    {"category_multiplier", EarnKind::category_multiplier, read_category_multiplier},
    {"event", EarnKind::event, read_event_rule},
    {"promotion", EarnKind::promotion, read_promotion},
    {"comeback", EarnKind::comeback, read_comeback},
    {"surprise", EarnKind::surprise, read_surprise},
};

Result<EarnRule> read_rule(const Json& value, const std::string& path, const Currency& currency) {
  LOYALTY_LET(fields, object_at(value, path));
  LOYALTY_LET(type, fields.string("type", true));
  const RuleType* rule_type = nullptr;
  std::string known;
  for (const RuleType& candidate : kRuleTypes) {
    if (candidate.name == type) rule_type = &candidate;
    known += (known.empty() ? "" : ", ") + std::string(candidate.name);
  }
  if (!rule_type) {
    return fields.fail("type", ErrorCode::invalid_value,
              "unknown earn rule type " + quote_value(type) + " (known: " + known + ")");
  }
  EarnRule rule;
  rule.kind = rule_type->kind;
  LOYALTY_TRY(rule.id, fields.string("id", true));
  LOYALTY_TRY(rule.description, fields.string("description", false, "", true));
  LOYALTY_TRY(rule.tiers, fields.strings("tiers"));
  LOYALTY_CHECK(rule_type->read(fields, rule, currency));
  if (rule.kind == EarnKind::spend_bands) {
    LOYALTY_TRY(rule.rounding, fields.choice<Rounding>("rounding", Rounding::truncate_amount, kRoundingNames));
  }
  if (rule.multiplier_e4 > kMaxFactor) {
    return fields.fail("multiplier", ErrorCode::invalid_value, "must be at most 1000");
  }
  return rule;
}

Result<TierProgram> read_tiers(const Json& value, const Currency& currency) {
  TierProgram tiers;
  LOYALTY_LET(fields, object_at(value, "tiers"));
  LOYALTY_CHECK(fields.only({"basis", "window", "downgrade", "levels"}));
  LOYALTY_TRY(tiers.basis, fields.choice<TierBasis>("basis", TierBasis::points, kTierBasisNames));
  LOYALTY_TRY(tiers.window, fields.choice<TierWindow>("window", TierWindow::lifetime, kTierWindowNames));
  LOYALTY_TRY(tiers.downgrade, fields.choice<Downgrade>("downgrade", Downgrade::never, kDowngradeNames));
  const Json* levels = fields.find("levels");
  if (!levels) return fields.fail("levels", ErrorCode::missing_field, "is required");
  if (!levels->is_array() || levels->empty()) {
    return fields.fail("levels", ErrorCode::wrong_type, "expected a non-empty array of levels");
  }
  const int scale = tiers.basis == TierBasis::spend ? currency.exponent : 0;
  std::optional<std::int64_t> previous_threshold;
  for (std::size_t i = 0; i < levels->size(); ++i) {
    LOYALTY_LET(level_fields, object_at((*levels)[i], item("tiers.levels", i)));
    LOYALTY_CHECK(level_fields.only({"id", "name", "threshold", "retention", "multiplier", "perks",
                                     "invitation_only"}));
    TierLevel level;
    LOYALTY_TRY(level.id, level_fields.string("id", true));
    LOYALTY_TRY(level.name, level_fields.string("name", false, level.id));
    LOYALTY_TRY(level.invitation_only, level_fields.boolean("invitation_only", false));
    LOYALTY_TRY(level.multiplier_e4, level_fields.decimal("multiplier", 4, false, kFactorOne, kFactorOne));
    if (level.multiplier_e4 > kMaxFactor) {
      return level_fields.fail("multiplier", ErrorCode::invalid_value, "must be at most 1000");
    }
    LOYALTY_TRY(level.perks, level_fields.strings("perks"));
    if (tiers.rank_of(level.id) >= 0) {
      return level_fields.fail("id", ErrorCode::invalid_value,
                quote_value(level.id) + " is already the id of another level");
    }
    if (level.invitation_only) {
      if (level_fields.has("threshold") || level_fields.has("retention")) {
        return level_fields.fail("threshold", ErrorCode::invalid_value,
                  "an invitation-only level has no threshold or retention");
      }
    } else {
      LOYALTY_TRY(level.threshold, level_fields.decimal("threshold", scale, true, 0));
      LOYALTY_TRY(level.retention, level_fields.decimal("retention", scale, false, level.threshold));
      if (!previous_threshold && level.threshold != 0) {
        return level_fields.fail("threshold", ErrorCode::invalid_value,
                  "the first level everyone starts in must have threshold 0");
      }
      if (previous_threshold && level.threshold <= *previous_threshold) {
        return level_fields.fail("threshold", ErrorCode::invalid_value,
                  "must be greater than the previous level's threshold");
      }
      if (level.retention > level.threshold) {
        return level_fields.fail("retention", ErrorCode::invalid_value,
                  "must not exceed the level's threshold");
      }
      previous_threshold = level.threshold;
    }
    tiers.levels.push_back(std::move(level));
  }
  if (!previous_threshold) {
    return fields.fail("levels", ErrorCode::invalid_value, "needs a level with threshold 0 that everyone starts in");
  }
  if (tiers.levels.front().invitation_only) {
    return at("tiers.levels[0]", ErrorCode::invalid_value,
              "the first level is where everyone starts and cannot be invitation-only");
  }
  return tiers;
}

Result<Expiry> read_expiry(const Json& value) {
  Expiry expiry;
  LOYALTY_LET(fields, object_at(value, "expiry"));
  LOYALTY_CHECK(fields.only({"policy", "days", "grace_years"}));
  if (!fields.has("policy")) return fields.fail("policy", ErrorCode::missing_field, "is required");
  LOYALTY_TRY(expiry.policy, fields.choice<ExpiryPolicy>("policy", ExpiryPolicy::never, kExpiryPolicyNames));
  const bool needs_days =
      expiry.policy == ExpiryPolicy::after_days || expiry.policy == ExpiryPolicy::inactivity_days;
  if (!needs_days && fields.has("days")) {
    return fields.fail("days", ErrorCode::invalid_value, "only after_days and inactivity_days take days");
  }
  if (expiry.policy != ExpiryPolicy::end_of_year && fields.has("grace_years")) {
    return fields.fail("grace_years", ErrorCode::invalid_value, "only end_of_year takes grace_years");
  }
  LOYALTY_TRY(expiry.days, fields.integer("days", needs_days, 0, 1, 36600));
  LOYALTY_TRY(expiry.grace_years, fields.integer("grace_years", false, 0, 0, 100));
  return expiry;
}

Result<Survey> read_survey(const Json& value) {
  Survey survey;
  LOYALTY_LET(fields, object_at(value, "survey"));
  LOYALTY_CHECK(fields.only({"every"}));
  survey.enabled = true;
  LOYALTY_TRY(survey.every, fields.choice<SurveyPeriod>("every", SurveyPeriod::quarter, kSurveyPeriodNames));
  return survey;
}

// "causes": [{"id": "trees", "name": "Plant trees", "description": "..."}]
Result<std::vector<Cause>> read_causes(const Json& value) {
  std::vector<Cause> out;
  if (!value.is_array()) return at("causes", ErrorCode::wrong_type, "expected an array of causes, found " + json::type_name(value));
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string path = item("causes", i);
    LOYALTY_LET(fields, object_at(value[i], path, "a cause object {id, name, description}"));
    LOYALTY_CHECK(fields.only({"id", "name", "description"}));
    Cause cause;
    LOYALTY_TRY(cause.id, fields.string("id", true));
    LOYALTY_TRY(cause.name, fields.string("name", false, cause.id));
    LOYALTY_TRY(cause.description, fields.string("description", false, "", true));
    for (const Cause& earlier : out) {
      if (earlier.id == cause.id) {
        return at(child(path, "id"), ErrorCode::invalid_value, quote_value(cause.id) + " is already the id of another cause");
      }
    }
    out.push_back(std::move(cause));
  }
  return out;
}

// "pledge": {"cause": "trees", "percent": "1.5"}
Result<Pledge> read_pledge(const Json& value, const std::vector<Cause>& causes) {
  LOYALTY_LET(fields, object_at(value, "pledge"));
  LOYALTY_CHECK(fields.only({"cause", "percent"}));
  Pledge pledge;
  pledge.enabled = true;
  LOYALTY_TRY(pledge.cause, fields.string("cause", true));
  bool known = false;
  for (const Cause& cause : causes) known = known || cause.id == pledge.cause;
  if (!known) return fields.fail("cause", ErrorCode::invalid_value, quote_value(pledge.cause) + " is not one of the program's causes");
  LOYALTY_TRY(pledge.percent_e2, fields.decimal("percent", 2, true, 0, 1));
  if (pledge.percent_e2 > 10000) return fields.fail("percent", ErrorCode::invalid_value, "must be at most 100");
  return pledge;
}

// "exchange_rates": {"EUR": "1.085", "GBP": [{"rate": "1.25"}, {"from": "2026-07-01", "rate": "1.27"}]}
Result<ExchangeRates> read_exchange_rates(const Json& value, const Currency& base) {
  ExchangeRates out;
  LOYALTY_LET(fields, object_at(value, "exchange_rates"));
  for (const auto& [code, rates] : value.members()) {
    if (json::is_annotation_key(code)) continue;
    const std::string path = child("exchange_rates", code);
    if (code == base.code) {
      return at(path, ErrorCode::invalid_value, "is the program's own currency: it needs no rate");
    }
    auto currency = find_currency(code);
    if (!currency) {
      return at(path, ErrorCode::invalid_value,
                quote_value(code) + " is not an ISO 4217 currency the engine knows");
    }
    ForeignCurrency foreign{*currency, {}};
    if (!rates.is_array()) {
      LOYALTY_LET(rate, fields.decimal(code.c_str(), kRateDecimals, true, 0, 1));
      foreign.rates.push_back(ExchangeRate{std::nullopt, rate});
    } else {
      if (rates.empty()) return at(path, ErrorCode::invalid_value, "needs at least one rate");
      for (std::size_t i = 0; i < rates.size(); ++i) {
        LOYALTY_LET(entry, object_at(rates[i], item(path, i), "a rate object {from, rate}"));
        LOYALTY_CHECK(entry.only({"from", "rate"}));
        ExchangeRate rate;
        LOYALTY_TRY(rate.from, entry.optional_date("from"));
        LOYALTY_TRY(rate.scaled, entry.decimal("rate", kRateDecimals, true, 0, 1));
        const std::optional<Date>* previous = i > 0 ? &foreign.rates.back().from : nullptr;
        if (previous && (!rate.from || (*previous && *rate.from <= **previous))) {
          return at(child(item(path, i), "from"), ErrorCode::invalid_value,
                    "must be later than the rate before it (only the first rate may leave it out)");
        }
        foreign.rates.push_back(rate);
      }
    }
    out.currencies.push_back(std::move(foreign));
  }
  return out;
}

Result<Reward> read_reward(const Json& value, const std::string& path, const Program& program) {
  LOYALTY_LET(fields, object_at(value, path));
  Reward reward;
  LOYALTY_TRY(reward.id, fields.string("id", true));
  LOYALTY_TRY(reward.name, fields.string("name", false, reward.id));
  LOYALTY_TRY(reward.description, fields.string("description", false, "", true));
  LOYALTY_TRY(reward.kind, fields.choice<RewardKind>("type", RewardKind::amount_off, kRewardKindNames));
  if (!fields.has("type")) return fields.fail("type", ErrorCode::missing_field, "is required");
  LOYALTY_TRY(reward.cost, fields.integer("cost", true, 0, 1, kMaxFlatPoints));
  LOYALTY_TRY(reward.min_tier, fields.string("min_tier", false));
  LOYALTY_TRY(reward.min_order_minor, fields.decimal("min_order", program.currency.exponent, false, 0));
  const int exponent = program.currency.exponent;
  if (reward.kind == RewardKind::amount_off) {
      LOYALTY_CHECK(fields.only({"id", "name", "description", "type", "cost", "value", "min_tier", "min_order"}));
      LOYALTY_TRY(reward.value_minor, fields.decimal("value", exponent, true, 0));
  } else if (reward.kind == RewardKind::percent_off) {
      LOYALTY_CHECK(fields.only({"id", "name", "description", "type", "cost", "percent", "min_tier", "min_order"}));
      LOYALTY_TRY(reward.percent, fields.integer("percent", true, 0, 1, 100));
  } else if (reward.kind == RewardKind::free_shipping) {
      LOYALTY_CHECK(fields.only({"id", "name", "description", "type", "cost", "min_tier", "min_order"}));
  } else if (reward.kind == RewardKind::free_product) {
      LOYALTY_CHECK(fields.only({"id", "name", "description", "type", "cost", "sku", "min_tier", "min_order"}));
      LOYALTY_TRY(reward.sku, fields.string("sku", true));
  } else if (reward.kind == RewardKind::donation) {
      // Points become money given to a cause: no order, no code to use.
      LOYALTY_CHECK(fields.only({"id", "name", "description", "type", "cost", "value", "causes", "min_tier"}));
      LOYALTY_TRY(reward.value_minor, fields.decimal("value", exponent, true, 0));
      LOYALTY_TRY(reward.causes, fields.strings("causes"));
      if (program.causes.empty()) {
        return fields.fail("type", ErrorCode::invalid_value, "a donation needs the program's causes (top-level \"causes\")");
      }
      for (std::size_t i = 0; i < reward.causes.size(); ++i) {
        if (!program.find_cause(reward.causes[i])) {
          return at(item(fields.path_of("causes"), i), ErrorCode::invalid_value,
                    quote_value(reward.causes[i]) + " is not one of the program's causes");
        }
      }
  } else if (reward.kind == RewardKind::points_to_discount) {
      LOYALTY_CHECK(fields.only({"id", "name", "description", "type", "cost", "value", "max_points",
                                 "min_tier", "min_order"}));
      LOYALTY_TRY(reward.value_minor, fields.decimal("value", exponent, true, 0));
      LOYALTY_TRY(reward.max_points, fields.integer("max_points", false, 0, reward.cost, kMaxFlatPoints));
      if (reward.max_points % reward.cost != 0) {
        return fields.fail("max_points", ErrorCode::invalid_value,
                  "must be a whole number of steps of " + to_text(reward.cost) + " points");
      }
  }
  if (reward.value_minor <= 0 && (reward.kind == RewardKind::amount_off ||
                                  reward.kind == RewardKind::points_to_discount || reward.kind == RewardKind::donation)) {
    return fields.fail("value", ErrorCode::invalid_value, "must be more than zero");
  }
  if (!reward.min_tier.empty() && program.tiers.rank_of(reward.min_tier) < 0) {
    return fields.fail("min_tier", ErrorCode::invalid_value,
              quote_value(reward.min_tier) + " is not a level in tiers.levels");
  }
  return reward;
}

Result<Program> read_program(const Json& document) {
  if (!document.is_object()) {
    return at("", ErrorCode::wrong_type,
              "a program is a JSON object, found " + json::type_name(document));
  }
  Fields fields(document, "");
  LOYALTY_CHECK(fields.only({"version", "id", "name", "currency", "point_value", "seed",
                             "pending_days", "time_zone", "exclusions", "earn", "tiers", "expiry", "rewards",
                             "survey", "exchange_rates", "causes", "pledge"}));
  LOYALTY_CHECK(fields.integer("version", false, 1, 1, 1));  // only version 1 exists
  Program program;
  LOYALTY_TRY(program.id, fields.string("id", true));
  LOYALTY_TRY(program.name, fields.string("name", false, program.id));
  LOYALTY_TRY(program.currency, read_currency(document));
  LOYALTY_TRY(program.point_value_e4,
              fields.decimal("point_value", program.currency.exponent + 4, false, 0));
  LOYALTY_TRY(program.seed, fields.string("seed", false, program.id));
  LOYALTY_TRY(program.pending_days, fields.integer("pending_days", false, 0, 0, 3660));
  LOYALTY_TRY(program.time_zone, fields.string("time_zone", false, "UTC"));
  if (!is_time_zone_name(program.time_zone)) {
    return fields.fail("time_zone", ErrorCode::invalid_value,
              quote_value(program.time_zone) + " is not an IANA time zone name (\"UTC\", \"America/New_York\")");
  }

  if (const Json* exclusions = fields.find("exclusions")) {
    LOYALTY_LET(excluded, object_at(*exclusions, "exclusions"));
    LOYALTY_CHECK(excluded.only({"categories", "skus"}));
    LOYALTY_TRY(program.excluded_categories, excluded.strings("categories"));
    LOYALTY_TRY(program.excluded_skus, excluded.strings("skus"));
  }
  if (const Json* tiers = fields.find("tiers")) {
    LOYALTY_TRY(program.tiers, read_tiers(*tiers, program.currency));
  }
  if (const Json* expiry = fields.find("expiry")) {
    LOYALTY_TRY(program.expiry, read_expiry(*expiry));
  }
  if (const Json* survey = fields.find("survey")) {
    LOYALTY_TRY(program.survey, read_survey(*survey));
  }
  if (const Json* rates = fields.find("exchange_rates")) {
    LOYALTY_TRY(program.exchange_rates, read_exchange_rates(*rates, program.currency));
  }
  if (const Json* causes = fields.find("causes")) {
    LOYALTY_TRY(program.causes, read_causes(*causes));
  }
  if (const Json* pledge = fields.find("pledge")) {
    LOYALTY_TRY(program.pledge, read_pledge(*pledge, program.causes));
  }

  const Json* earn = fields.find("earn");
  if (!earn) return fields.fail("earn", ErrorCode::missing_field, "is required");
  if (!earn->is_array()) {
    return fields.fail("earn", ErrorCode::wrong_type, "expected an array of rules, found " + json::type_name(*earn));
  }
  for (std::size_t i = 0; i < earn->size(); ++i) {
    const std::string path = item("earn", i);
    EarnRule rule;
    LOYALTY_TRY(rule, read_rule((*earn)[i], path, program.currency));
    for (const EarnRule& existing : program.earn) {
      if (existing.id == rule.id) {
        return at(child(path, "id"), ErrorCode::invalid_value,
                  quote_value(rule.id) + " is already the id of another rule");
      }
    }
    for (std::size_t t = 0; t < rule.tiers.size(); ++t) {
      if (program.tiers.rank_of(rule.tiers[t]) < 0) {
        return at(item(child(path, "tiers"), t), ErrorCode::invalid_value,
                  quote_value(rule.tiers[t]) + " is not a level in tiers.levels");
      }
    }
    program.earn.push_back(std::move(rule));
  }

  if (const Json* rewards = fields.find("rewards")) {
    if (!rewards->is_array()) {
      return fields.fail("rewards", ErrorCode::wrong_type, "expected an array of rewards, found " + json::type_name(*rewards));
    }
    for (std::size_t i = 0; i < rewards->size(); ++i) {
      const std::string path = item("rewards", i);
      Reward reward;
      LOYALTY_TRY(reward, read_reward((*rewards)[i], path, program));
      if (program.find_reward(reward.id)) {
        return at(child(path, "id"), ErrorCode::invalid_value,
                  quote_value(reward.id) + " is already the id of another reward");
      }
      program.rewards.push_back(std::move(reward));
    }
  }
  return program;
}

}  // namespace

Result<Program> parse_program(std::string_view json_text, std::string_view source) {
  auto document = json::parse_document(json_text);
  if (!document) return located(std::move(document).error(), source);
  auto program = read_program(*document);
  if (!program) return located(std::move(program).error(), source);
  return program;
}

}  // namespace loyalty
