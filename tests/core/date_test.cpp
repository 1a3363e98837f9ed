#include <gtest/gtest.h>

#include "loyalty/date.hpp"

namespace loyalty {
namespace {

std::string month_of(std::string_view text) {
  auto date = parse_date(text);
  EXPECT_TRUE(date.ok()) << text << ": " << (date.ok() ? "" : date.error().describe());
  return date.ok() ? date->year_month().to_string() : "";
}

TEST(Date, PlainDates) {
  EXPECT_EQ(month_of("2026-01-31"), "2026-01");
  EXPECT_EQ(parse_date("2024-02-29")->to_string(), "2024-02-29");  // leap year
}

TEST(Date, TimestampMonthIsTheDateAsWritten) {
  // Late on Jan 31st in New York is Feb 1st in UTC: the receipt says January.
  EXPECT_EQ(month_of("2026-01-31T23:30:00-05:00"), "2026-01");
  EXPECT_EQ(month_of("2026-02-01T00:30:00+09:00"), "2026-02");
  EXPECT_EQ(month_of("2020-04-14T19:52:13Z"), "2020-04");
  EXPECT_EQ(month_of("2020-04-14t19:52:13.123456z"), "2020-04");
  EXPECT_EQ(month_of("2020-04-14 19:52:13"), "2020-04");
  EXPECT_EQ(month_of("2016-12-31T23:59:60Z"), "2016-12");  // leap second
}

TEST(Date, RejectsImpossibleDates) {
  for (const char* text : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                           "2026-01-00", "2026-01-32"}) {
    auto date = parse_date(text);
    ASSERT_FALSE(date.ok()) << text;
    EXPECT_EQ(date.error().code, ErrorCode::invalid_date);
    EXPECT_NE(date.error().message.find(text), std::string::npos) << date.error().message;
  }
}

TEST(Date, RejectsMalformedText) {
  for (const char* text : {"", "2026", "2026-1-5", "26-01-05", "2026/01/05", "01/05/2026",
                           "2026-01-05T", "2026-01-05T25:00:00Z", "2026-01-05T10:60:00Z",
                           "2026-01-05T10:00:00+24:00", "2026-01-05T10:00:00+0500",
                           "2026-01-05T10:00Z", "2026-01-05Z", "2026-01-05T10:00:00.Z",
                           "2026-01-05T10:00:00Zjunk", " 2026-01-05", "２０２６-01-05"}) {
    auto date = parse_date(text);
    EXPECT_FALSE(date.ok()) << text;
    if (!date.ok()) {
      EXPECT_EQ(date.error().code, ErrorCode::invalid_date);
    }
  }
}

TEST(Date, SameMonthInDifferentYearsDiffers) {
  auto a = parse_date("2025-03-01")->year_month();
  auto b = parse_date("2026-03-01")->year_month();
  EXPECT_NE(a, b);
  EXPECT_LT(a, b);
}

TEST(YearMonth, ParsesAndSteps) {
  EXPECT_EQ(parse_year_month("2026-12")->next().to_string(), "2027-01");
  EXPECT_EQ(parse_year_month("2026-01")->next().to_string(), "2026-02");
  EXPECT_FALSE(parse_year_month("2026-13").ok());
  EXPECT_FALSE(parse_year_month("2026-1").ok());
  EXPECT_FALSE(parse_year_month("2026-01-01").ok());
}

}  // namespace
}  // namespace loyalty
