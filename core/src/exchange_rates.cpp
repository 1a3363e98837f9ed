#include "loyalty/exchange_rates.hpp"

#include <limits>

namespace loyalty {
namespace {

__extension__ typedef __int128 Wide;

Wide power_of_ten(int exponent) {
  Wide out = 1;
  for (int i = 0; i < exponent; ++i) out *= 10;
  return out;
}

}  // namespace

const ForeignCurrency* ExchangeRates::find(std::string_view code) const {
  for (const ForeignCurrency& foreign : currencies) {
    if (foreign.currency.code == code) return &foreign;
  }
  return nullptr;
}

std::string ExchangeRates::codes() const {
  if (currencies.empty()) return "none";
  std::string out;
  for (const ForeignCurrency& foreign : currencies) {
    if (!out.empty()) out += ", ";
    out += foreign.currency.code;
  }
  return out;
}

const ExchangeRate* rate_on(const ForeignCurrency& foreign, const Date& date) {
  const ExchangeRate* found = nullptr;
  for (const ExchangeRate& rate : foreign.rates) {
    if (rate.from && *rate.from > date) break;
    found = &rate;
  }
  return found;
}

Result<std::int64_t> convert_minor(std::int64_t minor, const ExchangeRate& rate, int from_exponent,
                                   int to_exponent) {
  // minor x rate x 10^to / (10^kRateDecimals x 10^from), in 128 bits: both
  // factors fit in 63 bits, and exponents are at most 4, so the divisor's
  // power is never negative.
  Wide numerator = static_cast<Wide>(minor) * rate.scaled;
  const int shift = kRateDecimals + from_exponent - to_exponent;
  const Wide divisor = power_of_ten(shift);
  const bool negative = numerator < 0;
  if (negative) numerator = -numerator;
  Wide quotient = numerator / divisor;
  if ((numerator % divisor) * 2 >= divisor) ++quotient;  // half away from zero
  if (quotient > std::numeric_limits<std::int64_t>::max()) {
    return Error{ErrorCode::amount_out_of_range, "", "is too large once converted"};
  }
  const auto value = static_cast<std::int64_t>(quotient);
  return negative ? -value : value;
}

}  // namespace loyalty
