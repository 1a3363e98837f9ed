#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "loyalty/money.hpp"

namespace loyalty {
namespace {

const Currency kUsd{"USD", 2};
const Currency kJpy{"JPY", 0};
const Currency kKwd{"KWD", 3};

std::int64_t amount(std::string_view text, const Currency& currency = kUsd) {
  auto parsed = parse_amount(text, currency);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().describe());
  return parsed.ok() ? *parsed : -1;
}

ErrorCode failure(std::string_view text, const Currency& currency = kUsd) {
  auto parsed = parse_amount(text, currency);
  EXPECT_FALSE(parsed.ok()) << text << " parsed as " << (parsed.ok() ? *parsed : 0);
  return parsed.ok() ? ErrorCode::usage : parsed.error().code;
}

TEST(Money, ParsesExactDecimals) {
  EXPECT_EQ(amount("120"), 12000);
  EXPECT_EQ(amount("120.00"), 12000);
  EXPECT_EQ(amount("120.7"), 12070);
  EXPECT_EQ(amount("168.26"), 16826);  // not representable as a double
  EXPECT_EQ(amount("0.01"), 1);
  EXPECT_EQ(amount("-5.25"), -525);
  EXPECT_EQ(amount("0"), 0);
  EXPECT_EQ(amount("-0"), 0);
  EXPECT_EQ(amount("007.50"), 750);
}

TEST(Money, AcceptsExponentsExactly) {
  EXPECT_EQ(amount("1.2e2"), 12000);
  EXPECT_EQ(amount("1E2"), 10000);
  EXPECT_EQ(amount("12345e-2"), 12345);
  EXPECT_EQ(amount("1.50e+1"), 1500);
  EXPECT_EQ(amount("0e999999"), 0);
}

TEST(Money, TrailingZerosBeyondTheScaleAreExact) {
  EXPECT_EQ(amount("100.7500"), 10075);
  EXPECT_EQ(amount("3.000", kJpy), 3);
}

TEST(Money, RejectsMorePrecisionThanTheCurrencyHas) {
  EXPECT_EQ(failure("100.755"), ErrorCode::invalid_amount);
  EXPECT_EQ(failure("1.5", kJpy), ErrorCode::invalid_amount);
  EXPECT_EQ(failure("1e-3"), ErrorCode::invalid_amount);
  EXPECT_EQ(amount("1.255", kKwd), 1255);
}

TEST(Money, RejectsNonNumbers) {
  for (const char* text : {"", "-", "abc", "12a", "1.", ".5", "1..2", "1,000.00", "$12", " 12",
                           "12 ", "+12", "1e", "1e+", "NaN", "Infinity", "0x10", "--1"}) {
    EXPECT_EQ(failure(text), ErrorCode::invalid_amount) << text;
  }
}

TEST(Money, RejectsOutOfRangeInsteadOfWrapping) {
  EXPECT_EQ(failure("92233720368547758.08"), ErrorCode::amount_out_of_range);  // INT64_MAX + 1 cents
  EXPECT_EQ(amount("92233720368547758.07"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(amount("-92233720368547758.07"), -std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(failure("1e400"), ErrorCode::amount_out_of_range);
  EXPECT_EQ(failure("99999999999999999999999999999"), ErrorCode::amount_out_of_range);
  EXPECT_EQ(failure("1e17"), ErrorCode::amount_out_of_range);
}

TEST(Money, MessagesNameTheValueButStayShort) {
  auto parsed = parse_amount(std::string(100000, '9') + "x", kUsd);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.error().message.size(), 200u);
  EXPECT_NE(parsed.error().message.find("999"), std::string::npos);
}

TEST(Money, FormatsScaledValues) {
  EXPECT_EQ(format_scaled(1234, 2), "12.34");
  EXPECT_EQ(format_scaled(5, 2), "0.05");
  EXPECT_EQ(format_scaled(-5, 2), "-0.05");
  EXPECT_EQ(format_scaled(0, 2), "0.00");
  EXPECT_EQ(format_scaled(7, 0), "7");
  EXPECT_EQ(format_scaled(std::numeric_limits<std::int64_t>::min(), 2), "-92233720368547758.08");
}

TEST(Money, KnowsCurrencyExponents) {
  EXPECT_EQ(find_currency("USD")->exponent, 2);
  EXPECT_EQ(find_currency("JPY")->exponent, 0);
  EXPECT_EQ(find_currency("KWD")->exponent, 3);
  EXPECT_FALSE(find_currency("XYZ").has_value());
  EXPECT_TRUE(is_currency_code("XYZ"));
  EXPECT_FALSE(is_currency_code("usd"));
  EXPECT_FALSE(is_currency_code("USDT"));
}

}  // namespace
}  // namespace loyalty
