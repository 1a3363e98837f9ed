// Civil dates and calendar months. A transaction belongs to the calendar date
// written in it: "2026-01-31T23:30:00-05:00" is January 31st, never converted
// to another zone, so every customer's month is the one on their receipt.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "loyalty/error.hpp"

namespace loyalty {

struct YearMonth {
  int year = 1970;
  unsigned month = 1;  // 1..12

  auto operator<=>(const YearMonth&) const = default;

  YearMonth next() const;
  std::string to_string() const;  // "2026-01"
};

// A valid proleptic Gregorian date (validated with C++20 chrono on parsing).
// Plain fields rather than std::chrono::year_month_day: libc++ as shipped
// with Emscripten 3.1.6 lacks its three-way comparison.
struct Date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  auto operator<=>(const Date&) const = default;

  std::chrono::year_month_day ymd() const;

  YearMonth year_month() const;
  std::string to_string() const;  // "2026-01-31"

  std::int64_t days_since_epoch() const;  // 1970-01-01 is 0
  static Date from_days(std::int64_t days);
  Date plus_days(std::int64_t days) const { return from_days(days_since_epoch() + days); }
  // The same day `years` later; Feb 29 becomes Mar 1 in a common year.
  Date plus_years(int years) const;
  unsigned iso_weekday() const;  // Monday 1 .. Sunday 7
};

// A point in time for ordering events: the date as written (which decides
// months, days and expiry) and seconds since the epoch in UTC (which decides
// the order of events). A plain date is midnight of that day.
struct Moment {
  Date date;
  std::int64_t utc_seconds = 0;

  auto operator<=>(const Moment&) const = default;
};

// As parse_date, keeping the time of day and the offset for ordering.
Result<Moment> parse_moment(std::string_view text);

// "YYYY-MM-DD", or an RFC 3339 timestamp ("2026-01-31T23:30:00.5-05:00", "Z",
// 't'/' ' separators; a missing offset is accepted as a local timestamp).
// Impossible dates ("2026-02-30") and times ("25:00") are errors.
Result<Date> parse_date(std::string_view text);

// "YYYY-MM" (as used by --from/--to).
Result<YearMonth> parse_year_month(std::string_view text);

}  // namespace loyalty
