// Merchant-set exchange rates: a program in one currency accepts purchases
// paid in others and earns on their value in its own currency. Rates are
// exact decimals (the program's currency per one unit of the other), and may
// change over time: each applies from its date, so a purchase converts at
// the rate in force on its own date, whenever the history is replayed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/money.hpp"

namespace loyalty {

// Rates carry up to this many decimal places ("1.0850", "0.0061234567").
inline constexpr int kRateDecimals = 10;

struct ExchangeRate {
  std::optional<Date> from;  // in force from this day; none: from the beginning
  std::int64_t scaled = 0;   // the rate in units of 10^-kRateDecimals
};

struct ForeignCurrency {
  Currency currency;
  std::vector<ExchangeRate> rates;  // by `from`, earliest first; only the first may lack one
};

struct ExchangeRates {
  std::vector<ForeignCurrency> currencies;

  bool empty() const { return currencies.empty(); }
  const ForeignCurrency* find(std::string_view code) const;
  // The codes as "EUR, GBP" (or "none") for messages.
  std::string codes() const;
};

// The rate in force on `date`, or nullptr when the first starts later.
const ExchangeRate* rate_on(const ForeignCurrency& foreign, const Date& date);

// `minor` units of a currency with `from_exponent` decimals, at `rate`, in
// minor units of one with `to_exponent`: rounded half away from zero to the
// nearest minor unit (the only rounding conversion does).
Result<std::int64_t> convert_minor(std::int64_t minor, const ExchangeRate& rate, int from_exponent,
                                   int to_exponent);

}  // namespace loyalty
