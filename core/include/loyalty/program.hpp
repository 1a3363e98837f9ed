// The merchant's rules, parsed and validated once, then immutable. The JSON
// format, the order in which rules apply and how they stack are documented in
// core/programs/README.md; this header is the same model as plain structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/exchange_rates.hpp"
#include "loyalty/event_kind.hpp"
#include "loyalty/money.hpp"
#include "loyalty/names.hpp"

namespace loyalty {

// Decimal factors (multipliers, rates) are integers in 1/10,000.
inline constexpr std::int64_t kFactorOne = 10000;

// How a purchase's fractional currency units and fractional points are settled.
enum class Rounding {
  truncate_amount,       // $120.75 counts as $120 (the classic convention; default)
  round_amount_half_up,  // $120.50 counts as $121, $120.49 as $120
  truncate_points,       // bands apply to the exact amount, fractional points dropped
  round_points_half_up,  // bands apply to the exact amount, points rounded half up
};

inline constexpr Named<Rounding> kRoundingNames[] = {
    {Rounding::truncate_amount, "truncate_amount"},
    {Rounding::round_amount_half_up, "round_amount_half_up"},
    {Rounding::truncate_points, "truncate_points"},
    {Rounding::round_points_half_up, "round_points_half_up"},
};
constexpr std::string_view name_of(Rounding value) { return name_in<Rounding>(kRoundingNames, value); }

// Earns `rate` points per whole currency unit of the part of a purchase that
// lies above `above` (and below the next band's threshold): marginal bands.
struct SpendBand {
  std::int64_t above_minor = 0;       // threshold in minor units
  std::int64_t rate_per_unit_e4 = 0;  // points per whole unit, in 1/10,000 points
};


// How often an event rule may award, counted per customer; 0 = no limit.
struct Caps {
  std::int64_t per_day = 0;
  std::int64_t per_month = 0;
  std::int64_t per_year = 0;
  std::int64_t lifetime = 0;
};

enum class EarnKind {
  spend_bands,          // points per currency unit ("per_unit" is one band from 0)
  per_visit,            // flat points for a qualifying purchase
  per_item,             // points per item (optionally by category or SKU)
  category_multiplier,  // multiplies spend points on matching items
  event,                // sign-up, birthday, referral, review, follow, custom
  promotion,            // multiplies spend points inside a time window
  comeback,             // flat bonus for a purchase soon after the previous one
  surprise,             // deterministic variable-ratio bonus
};

// The rule types of the program format map onto these kinds ("per_unit" is
// spend_bands with one band); the reader's rule table holds those names.
inline constexpr Named<EarnKind> kEarnKindNames[] = {
    {EarnKind::spend_bands, "spend_bands"},
    {EarnKind::per_visit, "per_visit"},
    {EarnKind::per_item, "per_item"},
    {EarnKind::category_multiplier, "category_multiplier"},
    {EarnKind::event, "event"},
    {EarnKind::promotion, "promotion"},
    {EarnKind::comeback, "comeback"},
    {EarnKind::surprise, "surprise"},
};
constexpr std::string_view name_of(EarnKind value) { return name_in<EarnKind>(kEarnKindNames, value); }

struct EarnRule {
  EarnKind kind = EarnKind::spend_bands;
  std::string id;
  std::string description;
  std::vector<std::string> tiers;  // empty: every tier; else only these tiers

  // spend_bands
  Rounding rounding = Rounding::truncate_amount;
  std::vector<SpendBand> bands;
  // per_visit, per_item, event, comeback, surprise: flat points
  std::int64_t points = 0;
  // per_visit: the eligible spend a purchase needs
  std::int64_t min_spend_minor = 0;
  // per_item, category_multiplier: which items (empty lists: every item)
  std::vector<std::string> categories;
  std::vector<std::string> skus;
  // category_multiplier, promotion
  std::int64_t multiplier_e4 = kFactorOne;
  // event
  EventKind event = EventKind::signup;
  std::string event_name;  // custom events
  Caps caps;
  // promotion: inclusive date window and ISO weekdays (bit 1 = Monday .. bit 7)
  std::optional<Date> from;
  std::optional<Date> to;
  unsigned weekdays = 0;  // 0: every day
  // comeback
  std::int64_t within_days = 0;
  // surprise: one award in `one_in` purchases, on average
  std::int64_t one_in = 0;

  bool matches_item(std::string_view sku, std::string_view category) const;
};

enum class TierBasis { points, spend };
enum class TierWindow { lifetime, calendar_year, rolling_12_months };
enum class Downgrade { never, end_of_window };

inline constexpr Named<TierBasis> kTierBasisNames[] = {{TierBasis::points, "points"}, {TierBasis::spend, "spend"}};
inline constexpr Named<TierWindow> kTierWindowNames[] = {
    {TierWindow::lifetime, "lifetime"},
    {TierWindow::calendar_year, "calendar_year"},
    {TierWindow::rolling_12_months, "rolling_12_months"},
};
inline constexpr Named<Downgrade> kDowngradeNames[] = {{Downgrade::never, "never"},
                                                       {Downgrade::end_of_window, "end_of_window"}};
constexpr std::string_view name_of(TierBasis value) { return name_in<TierBasis>(kTierBasisNames, value); }
constexpr std::string_view name_of(TierWindow value) { return name_in<TierWindow>(kTierWindowNames, value); }
constexpr std::string_view name_of(Downgrade value) { return name_in<Downgrade>(kDowngradeNames, value); }

struct TierLevel {
  std::string id;
  std::string name;
  std::int64_t threshold = 0;  // points, or spend in minor units
  std::int64_t retention = 0;  // what keeps the level at the end of a window
  std::int64_t multiplier_e4 = kFactorOne;
  std::vector<std::string> perks;
  bool invitation_only = false;
};

struct TierProgram {
  TierBasis basis = TierBasis::points;
  TierWindow window = TierWindow::lifetime;
  Downgrade downgrade = Downgrade::never;
  std::vector<TierLevel> levels;  // ascending; empty: no tiers

  bool enabled() const { return !levels.empty(); }
  // Index of a level by id, or -1.
  int rank_of(std::string_view id) const;
};

enum class ExpiryPolicy { never, after_days, inactivity_days, end_of_year };

inline constexpr Named<ExpiryPolicy> kExpiryPolicyNames[] = {
    {ExpiryPolicy::never, "never"},
    {ExpiryPolicy::after_days, "after_days"},
    {ExpiryPolicy::inactivity_days, "inactivity_days"},
    {ExpiryPolicy::end_of_year, "end_of_year"},
};
constexpr std::string_view name_of(ExpiryPolicy value) { return name_in<ExpiryPolicy>(kExpiryPolicyNames, value); }

struct Expiry {
  ExpiryPolicy policy = ExpiryPolicy::never;
  std::int64_t days = 0;         // after_days, inactivity_days
  std::int64_t grace_years = 0;  // end_of_year: points earned in Y expire on Jan 1 of Y+1+grace
};

// How often a customer is asked the Net Promoter Score question: at most
// once per calendar period of the shop's days.
enum class SurveyPeriod { month, quarter, year };

inline constexpr Named<SurveyPeriod> kSurveyPeriodNames[] = {
    {SurveyPeriod::month, "month"},
    {SurveyPeriod::quarter, "quarter"},
    {SurveyPeriod::year, "year"},
};
constexpr std::string_view name_of(SurveyPeriod value) { return name_in<SurveyPeriod>(kSurveyPeriodNames, value); }

struct Survey {
  bool enabled = false;  // the program has "survey": customers are asked, once per period
  SurveyPeriod every = SurveyPeriod::quarter;

  // The first day of the period holding `date`, and of the next one.
  Date period_start(const Date& date) const;
  Date next_period_start(const Date& date) const;
};

// A good cause the shop gives to: customers donate points to it (a donation
// reward), and the shop may pledge a share of every purchase to one.
struct Cause {
  std::string id;
  std::string name;
  std::string description;
};

// The shop gives `percent_e2` / 10,000 of each purchase's eligible spend to
// `cause` (rounded half up per purchase; a refund takes back its share).
struct Pledge {
  bool enabled = false;
  std::string cause;
  std::int64_t percent_e2 = 0;  // 150 = 1.5%
};

enum class RewardKind { amount_off, percent_off, free_shipping, free_product, points_to_discount, donation };

inline constexpr Named<RewardKind> kRewardKindNames[] = {
    {RewardKind::amount_off, "amount_off"},
    {RewardKind::percent_off, "percent_off"},
    {RewardKind::free_shipping, "free_shipping"},
    {RewardKind::free_product, "free_product"},
    {RewardKind::points_to_discount, "points_to_discount"},
    {RewardKind::donation, "donation"},
};
constexpr std::string_view name_of(RewardKind value) { return name_in<RewardKind>(kRewardKindNames, value); }

struct Reward {
  std::string id;
  std::string name;
  std::string description;
  RewardKind kind = RewardKind::amount_off;
  std::int64_t cost = 0;          // points; for points_to_discount, points per step
  std::int64_t value_minor = 0;   // amount_off: the discount; points_to_discount: per step
  std::int64_t percent = 0;       // percent_off: 1..100
  std::string sku;                // free_product
  std::string min_tier;           // empty: any tier
  std::int64_t min_order_minor = 0;
  std::int64_t max_points = 0;    // points_to_discount: 0 = no limit
  std::vector<std::string> causes;  // donation: the causes it may go to (empty: any of the program's)
};

struct Program {
  std::string id;
  std::string name;
  Currency currency;
  std::int64_t point_value_e4 = 0;  // money value of one point, minor units * 10,000
  std::string seed;                 // surprise bonuses hash it with the event id
  std::int64_t pending_days = 0;    // points locked this many days after earning
  // The shop's IANA time zone: which calendar day "now" is for the callers
  // that turn an instant into the dates the engine works on (the engine itself
  // never converts: a date is the one written).
  std::string time_zone = "UTC";
  std::vector<std::string> excluded_categories;  // never earn: gift cards, shipping, tax
  std::vector<std::string> excluded_skus;
  std::vector<EarnRule> earn;
  TierProgram tiers;
  Expiry expiry;
  std::vector<Reward> rewards;
  Survey survey;
  ExchangeRates exchange_rates;  // other currencies purchases may be paid in
  std::vector<Cause> causes;
  Pledge pledge;

  const Reward* find_reward(std::string_view id) const;
  const Cause* find_cause(std::string_view id) const;
  // What `points` are worth in minor units (point_value, rounded half up).
  std::int64_t value_of_points(std::int64_t points) const;
  // point_value as decimal text with no needless zeros ("0.01", "0.005").
  std::string point_value_text() const;
  bool is_excluded(std::string_view sku, std::string_view category) const;
  // True when purchases earn the same whatever the customer's history (no
  // tiers, tier-limited rules or comeback bonus), so a statement can stream.
  bool is_stateless() const;

  // Points a single purchase of `amount_minor` earns under the spend-band
  // rules alone (the classic statement). Errors only on int64 overflow.
  Result<std::int64_t> points_for_purchase(std::int64_t amount_minor) const;
};

// A factor in 1/10,000 as short decimal text: 15000 -> "1.5", 20000 -> "2".
std::string format_factor(std::int64_t e4);

// Points one spend-band rule gives for a purchase (amount in minor units of a
// currency with `exponent` fractional digits).
Result<std::int64_t> spend_band_points(const EarnRule& rule, std::int64_t amount_minor,
                                       int exponent);

// Parses and validates a program document. Errors name the JSON path
// ("earn[0].bands[1].above") and why; `source` prefixes it (a file name).
Result<Program> parse_program(std::string_view json_text, std::string_view source = "");

// The program's earn rules and rewards as structured, human-readable JSON for
// the widget's "ways to earn" view.
std::string render_ways_to_earn_json(const Program& program);

}  // namespace loyalty
