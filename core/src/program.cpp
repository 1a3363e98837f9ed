#include "loyalty/program.hpp"

#include <limits>

#include "loyalty/checked.hpp"

namespace loyalty {
namespace {
// 128-bit intermediates (a GCC/Clang extension, also on wasm32).
__extension__ typedef __int128 Wide;
}  // namespace

std::string_view rounding_name(Rounding rounding) {
  switch (rounding) {
    case Rounding::truncate_amount: return "truncate_amount";
    case Rounding::round_amount_half_up: return "round_amount_half_up";
    case Rounding::truncate_points: return "truncate_points";
    case Rounding::round_points_half_up: return "round_points_half_up";
  }
  return "truncate_amount";
}

Result<std::int64_t> spend_band_points(const SpendBandRule& rule, std::int64_t amount_minor,
                                       int exponent) {
  if (amount_minor <= 0 || rule.bands.empty()) return std::int64_t{0};
  // 128-bit intermediates: rate (< 2^63) times a portion (< 2^63) cannot
  // overflow, and the portions of all bands add up to at most the amount.
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
  const Wide denominator = unit * 10000;
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
  for (const SpendBandRule& rule : spend_band_rules) {
    auto points = spend_band_points(rule, amount_minor, currency.exponent);
    if (!points) return points;
    auto sum = checked_add(total, *points);
    if (!sum) return Error{ErrorCode::overflow, "", "points for one purchase exceed the int64 range"};
    total = *sum;
  }
  return total;
}

}  // namespace loyalty
