// The merchant's rules, parsed and validated once, then immutable. This slice
// holds the spend-band earn rule; the format is documented in
// core/programs/README.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/error.hpp"
#include "loyalty/money.hpp"

namespace loyalty {

// How a purchase's fractional currency units and fractional points are settled.
enum class Rounding {
  truncate_amount,       // $120.75 counts as $120 (the classic convention; default)
  round_amount_half_up,  // $120.50 counts as $121, $120.49 as $120
  truncate_points,       // bands apply to the exact amount, fractional points dropped
  round_points_half_up,  // bands apply to the exact amount, points rounded half up
};

std::string_view rounding_name(Rounding rounding);

// Earns `rate` points per whole currency unit of the part of a purchase that
// lies above `above` (and below the next band's threshold): marginal bands.
struct SpendBand {
  std::int64_t above_minor = 0;     // threshold in minor units
  std::int64_t rate_per_unit_e4 = 0;  // points per whole unit, in 1/10,000 points
};

struct SpendBandRule {
  std::string id;
  Rounding rounding = Rounding::truncate_amount;
  std::vector<SpendBand> bands;  // ascending, strictly increasing thresholds
};

struct Program {
  std::string id;
  std::string name;
  Currency currency;
  std::vector<SpendBandRule> spend_band_rules;

  // Points a single purchase of `amount_minor` earns under every earn rule.
  // Non-positive amounts earn nothing. Errors only on int64 overflow.
  Result<std::int64_t> points_for_purchase(std::int64_t amount_minor) const;
};

// Points one spend-band rule gives for a purchase (amount in minor units of a
// currency with `exponent` fractional digits).
Result<std::int64_t> spend_band_points(const SpendBandRule& rule, std::int64_t amount_minor,
                                       int exponent);

// Parses and validates a program document. Errors name the JSON path
// ("earn[0].bands[1].above") and why; `source` prefixes it (a file name).
Result<Program> parse_program(std::string_view json_text, std::string_view source = "");

}  // namespace loyalty
