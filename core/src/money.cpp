#include "loyalty/money.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include "loyalty/checked.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

struct KnownCurrency {
  std::string_view code;
  int exponent;
};

// ISO 4217 minor units for the currencies shops commonly price in. A program
// can name any other code by giving its minor units explicitly.
constexpr std::array<KnownCurrency, 46> kKnownCurrencies{{
    {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BGN", 2}, {"BHD", 3}, {"BRL", 2},
    {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2},
    {"DKK", 2}, {"EGP", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2}, {"HUF", 2},
    {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0},
    {"KRW", 0}, {"KWD", 3}, {"MAD", 2}, {"MXN", 2}, {"MYR", 2}, {"NGN", 2},
    {"NOK", 2}, {"NZD", 2}, {"OMR", 3}, {"PHP", 2}, {"PLN", 2}, {"RON", 2},
    {"SAR", 2}, {"SEK", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2},
    {"TWD", 2}, {"UAH", 2}, {"USD", 2}, {"ZAR", 2},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Currency> find_currency(std::string_view code) {
  for (const auto& known : kKnownCurrencies) {
    if (known.code == code) return Currency{std::string(code), known.exponent};
  }
  return std::nullopt;
}

bool is_currency_code(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

Result<std::int64_t> parse_scaled_decimal(std::string_view text, int scale,
                                          std::string_view what) {
  auto not_decimal = [&] {
    return Error{ErrorCode::invalid_amount, "",
                 std::string(what) + " " + quote_value(text) +
                     " is not a decimal number (expected digits with an optional "
                     "'.' and fraction, e.g. 120.50)"};
  };
  auto out_of_range = [&] {
    return Error{ErrorCode::amount_out_of_range, "",
                 std::string(what) + " " + quote_value(text) + " is too large"};
  };

  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  // The common shape ("236.75", "-5", "12.5"): at most 15 whole digits and
  // `scale` (at most 3) fraction digits cannot overflow, and are read
  // without building the digit string below. Anything else takes the
  // general path, which gives the same value or the error.
  if (scale >= 0 && scale <= 3) {
    std::size_t j = i;
    std::int64_t whole = 0;
    while (j < text.size() && j - i < 15 && is_digit(text[j])) whole = whole * 10 + (text[j++] - '0');
    const std::size_t whole_digits = j - i;
    std::int64_t fraction = 0;
    int fraction_digits = 0;
    bool plain = whole_digits > 0;
    if (plain && j < text.size() && text[j] == '.') {
      ++j;
      while (j < text.size() && fraction_digits < scale && is_digit(text[j])) {
        fraction = fraction * 10 + (text[j++] - '0');
        ++fraction_digits;
      }
      plain = fraction_digits > 0;
    }
    if (plain && j == text.size()) {
      std::int64_t value = whole;
      for (int d = 0; d < scale; ++d) value *= 10;
      for (int d = fraction_digits; d < scale; ++d) fraction *= 10;
      value += fraction;
      return negative ? -value : value;
    }
  }
  // Significant digits with the decimal point removed; `shift` is the power of
  // ten they must be multiplied by to reach units of 10^-scale.
  std::string digits;
  std::size_t integer_digits = 0;
  while (i < text.size() && is_digit(text[i])) {
    digits += text[i++];
    ++integer_digits;
  }
  if (integer_digits == 0) return not_decimal();
  long long shift = scale;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t fraction_digits = 0;
    while (i < text.size() && is_digit(text[i])) {
      digits += text[i++];
      ++fraction_digits;
    }
    if (fraction_digits == 0) return not_decimal();
    shift -= static_cast<long long>(fraction_digits);
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    long long exponent = 0;
    std::size_t exponent_digits = 0;
    while (i < text.size() && is_digit(text[i])) {
      // Saturate: any exponent beyond a few hundred is out of range anyway.
      if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
      ++exponent_digits;
    }
    if (exponent_digits == 0) return not_decimal();
    shift += exponent_negative ? -exponent : exponent;
  }
  if (i != text.size()) return not_decimal();

  std::size_t first_nonzero = digits.find_first_not_of('0');
  if (first_nonzero == std::string::npos) return std::int64_t{0};
  digits.erase(0, first_nonzero);
  while (shift < 0 && digits.back() == '0') {
    digits.pop_back();
    ++shift;
  }
  if (shift < 0) {
    return Error{ErrorCode::invalid_amount, "",
                 std::string(what) + " " + quote_value(text) + " has more than " +
                     to_text(scale) + " decimal place" + (scale == 1 ? "" : "s")};
  }
  if (digits.size() > 19 || shift > 18) return out_of_range();
  std::int64_t value = 0;
  for (char c : digits) {
    auto next = checked_mul(value, 10);
    if (!next) return out_of_range();
    auto sum = checked_add(*next, c - '0');
    if (!sum) return out_of_range();
    value = *sum;
  }
  auto scaled = checked_mul(value, *power_of_ten(static_cast<int>(shift)));
  if (!scaled) return out_of_range();
  return negative ? -*scaled : *scaled;
}

Result<std::int64_t> parse_amount(std::string_view text, const Currency& currency) {
  return parse_scaled_decimal(text, currency.exponent, "amount");
}

char* write_scaled(char* out, std::int64_t value, int scale) {
  // Work in unsigned so INT64_MIN formats without overflow.
  const std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value)
                                            : static_cast<std::uint64_t>(value);
  char digits[24];
  const std::size_t count =
      static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
  auto put = [&](const char* from, std::size_t n) {
    std::memcpy(out, from, n);
    out += n;
  };
  if (value < 0) *out++ = '-';
  const std::size_t places = scale > 0 ? static_cast<std::size_t>(scale) : 0;
  if (places == 0) {
    put(digits, count);
  } else if (count <= places) {
    put("0.", 2);
    for (std::size_t i = count; i < places; ++i) *out++ = '0';
    put(digits, count);
  } else {
    put(digits, count - places);
    *out++ = '.';
    put(digits + count - places, places);
  }
  return out;
}

std::string format_scaled(std::int64_t value, int scale) {
  std::string text(22 + static_cast<std::size_t>(std::max(scale, 0)), '\0');
  text.resize(static_cast<std::size_t>(write_scaled(text.data(), value, scale) - text.data()));
  return text;
}

}  // namespace loyalty
