#include "loyalty/program.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "loyalty/checked.hpp"

namespace loyalty {
namespace {
// 128-bit intermediates (a GCC/Clang extension, also on wasm32).
__extension__ typedef __int128 Wide;


bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}
}  // namespace

bool EarnRule::matches_item(std::string_view sku, std::string_view category) const {
  if (categories.empty() && skus.empty()) return true;
  return contains(categories, category) || contains(skus, sku);
}

int TierProgram::rank_of(std::string_view id) const {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

const Reward* Program::find_reward(std::string_view reward_id) const {
  for (const Reward& reward : rewards) {
    if (reward.id == reward_id) return &reward;
  }
  return nullptr;
}

const Cause* Program::find_cause(std::string_view cause_id) const {
  for (const Cause& cause : causes) {
    if (cause.id == cause_id) return &cause;
  }
  return nullptr;
}

std::int64_t Program::value_of_points(std::int64_t points) const {
  const Wide value = (static_cast<Wide>(points) * point_value_e4 + kFactorOne / 2) / kFactorOne;
  if (value > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(value);
}

std::string Program::point_value_text() const {
  std::string text = format_scaled(point_value_e4, currency.exponent + 4);
  const std::size_t keep = text.size() - 4;  // the currency's own digits stay
  while (text.size() > keep && text.back() == '0') text.pop_back();
  return text;
}

std::string format_factor(std::int64_t e4) {
  std::string text = format_scaled(e4, 4);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool Program::is_excluded(std::string_view sku, std::string_view category) const {
  return contains(excluded_categories, category) || contains(excluded_skus, sku);
}

Date Survey::period_start(const Date& date) const {
  switch (every) {
    case SurveyPeriod::month: return Date{date.year, date.month, 1};
    case SurveyPeriod::quarter: return Date{date.year, (date.month - 1) / 3 * 3 + 1, 1};
    case SurveyPeriod::year: break;
  }
  return Date{date.year, 1, 1};
}

Date Survey::next_period_start(const Date& date) const {
  const Date start = period_start(date);
  const unsigned months = every == SurveyPeriod::month ? 1 : every == SurveyPeriod::quarter ? 3 : 12;
  const unsigned index = start.month - 1 + months;
  return Date{start.year + static_cast<int>(index / 12), index % 12 + 1, 1};
}

bool Program::is_stateless() const {
  if (tiers.enabled()) return false;
  for (const EarnRule& rule : earn) {
    if (rule.kind == EarnKind::comeback || !rule.tiers.empty()) return false;
  }
  return true;
}

Result<std::int64_t> spend_band_points(const EarnRule& rule, std::int64_t amount_minor,
                                       int exponent) {
  if (amount_minor <= 0 || rule.bands.empty()) return std::int64_t{0};
  // Rate (< 2^63) times a portion (< 2^63) cannot overflow 128 bits, and the
  // portions of all bands add up to at most the amount.
  const Wide unit = *power_of_ten(exponent);
  Wide amount = amount_minor;
  if (rule.rounding == Rounding::truncate_amount) {
    amount = amount / unit * unit;
  } else if (rule.rounding == Rounding::round_amount_half_up) {
    amount = (amount + unit / 2) / unit * unit;
  }
  Wide scaled_points = 0;  // points * 10,000 * unit
  for (std::size_t i = 0; i < rule.bands.size(); ++i) {
    const Wide lower = rule.bands[i].above_minor;
    if (amount <= lower) break;
    Wide upper = amount;
    if (i + 1 < rule.bands.size() && rule.bands[i + 1].above_minor < upper) {
      upper = rule.bands[i + 1].above_minor;
    }
    scaled_points += static_cast<Wide>(rule.bands[i].rate_per_unit_e4) * (upper - lower);
  }
  const Wide denominator = unit * kFactorOne;
  Wide points = rule.rounding == Rounding::round_points_half_up
                    ? (scaled_points + denominator / 2) / denominator
                    : scaled_points / denominator;
  if (points > std::numeric_limits<std::int64_t>::max()) {
    return Error{ErrorCode::overflow, "", "points for one purchase exceed the int64 range"};
  }
  return static_cast<std::int64_t>(points);
}

Result<std::int64_t> Program::points_for_purchase(std::int64_t amount_minor) const {
  std::int64_t total = 0;
  for (const EarnRule& rule : earn) {
    if (rule.kind != EarnKind::spend_bands) continue;
    auto points = spend_band_points(rule, amount_minor, currency.exponent);
    if (!points) return points;
    auto sum = checked_add(total, *points);
    if (!sum) return Error{ErrorCode::overflow, "", "points for one purchase exceed the int64 range"};
    total = *sum;
  }
  return total;
}

}  // namespace loyalty
