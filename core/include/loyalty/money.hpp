// Amounts of money as integer minor units (cents), parsed exactly from their
// decimal text: binary floating point never touches a monetary figure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "loyalty/error.hpp"

namespace loyalty {

struct Currency {
  std::string code;   // ISO 4217, e.g. "USD"
  int exponent = 2;   // digits after the decimal point: USD 2, JPY 0, KWD 3

  bool operator==(const Currency&) const = default;
};

// The ISO 4217 minor-unit exponent of a known currency code.
std::optional<Currency> find_currency(std::string_view code);

// An ISO-4217-shaped code: three upper-case ASCII letters.
bool is_currency_code(std::string_view code);

// Parses decimal text ("120.00", "-5", "1.5e2") into units of 10^-scale.
// Exact: rejects text that needs more than `scale` fractional digits
// ("100.755" at scale 2) and values outside int64, rather than rounding.
// `what` names the quantity in messages ("amount", "points_per_unit").
Result<std::int64_t> parse_scaled_decimal(std::string_view text, int scale,
                                          std::string_view what = "amount");

// Amount in minor units of `currency` ("12.34" USD -> 1234).
Result<std::int64_t> parse_amount(std::string_view text, const Currency& currency);

// 1234 at scale 2 -> "12.34"; -5 at scale 2 -> "-0.05"; 7 at scale 0 -> "7".
std::string format_scaled(std::int64_t value, int scale);
// The same text written at `out` (room for 22 + scale characters); returns
// its end. For writers that format millions of amounts into one buffer.
char* write_scaled(char* out, std::int64_t value, int scale);

}  // namespace loyalty
