#include "loyalty/date.hpp"

#include <optional>

#include "text.hpp"

namespace loyalty {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `pos`, advancing it.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

Error bad_date(std::string_view text, std::string_view why) {
  return Error{ErrorCode::invalid_date, "",
               "date " + quote_value(text) + " " + std::string(why)};
}

}  // namespace

YearMonth YearMonth::next() const {
  return month == 12 ? YearMonth{year + 1, 1} : YearMonth{year, month + 1};
}

std::string YearMonth::to_string() const {
  std::string out;
  append_padded(out, year, 4);
  out += '-';
  append_padded(out, month, 2);
  return out;
}

std::chrono::year_month_day Date::ymd() const {
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}};
}

YearMonth Date::year_month() const { return YearMonth{year, month}; }

std::int64_t Date::days_since_epoch() const {
  return std::chrono::sys_days(ymd()).time_since_epoch().count();
}

Date Date::from_days(std::int64_t days) {
  std::chrono::year_month_day ymd{
      std::chrono::sys_days(std::chrono::days(static_cast<std::chrono::days::rep>(days)))};
  return Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
              static_cast<unsigned>(ymd.day())};
}

Date Date::plus_years(int years) const {
  Date out{year + years, month, day};
  if (!out.ymd().ok()) out = Date{year + years, 3, 1};  // Feb 29 in a common year
  return out;
}

unsigned Date::iso_weekday() const {
  return std::chrono::weekday(std::chrono::sys_days(ymd())).iso_encoding();
}

std::string Date::to_string() const {
  std::string out;
  append_padded(out, year, 4);
  out += '-';
  append_padded(out, month, 2);
  out += '-';
  append_padded(out, day, 2);
  return out;
}

Result<Moment> parse_moment(std::string_view text) {
  constexpr std::string_view kShape =
      "is not a date (expected YYYY-MM-DD or an RFC 3339 timestamp)";
  std::size_t pos = 0;
  auto year = read_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return bad_date(text, kShape);
  auto month = read_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return bad_date(text, kShape);
  auto day = read_digits(text, pos, 2);
  if (!day) return bad_date(text, kShape);

  if (*month < 1 || *month > 12) return bad_date(text, "has no month " + to_text(*month));
  const Date date{*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
  if (!date.ymd().ok()) return bad_date(text, "does not exist in the calendar");
  const std::int64_t midnight = date.days_since_epoch() * 86400;
  if (pos == text.size()) return Moment{date, midnight};

  // RFC 3339 time part: it orders events; the date as written decides the month.
  char separator = text[pos++];
  if (separator != 'T' && separator != 't' && separator != ' ') return bad_date(text, kShape);
  auto hour = read_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return bad_date(text, kShape);
  auto minute = read_digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return bad_date(text, kShape);
  auto second = read_digits(text, pos, 2);
  if (!second) return bad_date(text, kShape);
  if (*hour > 23 || *minute > 59 || *second > 60) {
    return bad_date(text, "has an impossible time of day");
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t fraction_start = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == fraction_start) return bad_date(text, kShape);
  }
  std::int64_t local = midnight + *hour * 3600 + *minute * 60 + *second;
  if (pos == text.size()) return Moment{date, local};
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const bool ahead = text[pos] == '+';
    ++pos;
    auto offset_hours = read_digits(text, pos, 2);
    if (!offset_hours || !expect(text, pos, ':')) return bad_date(text, kShape);
    auto offset_minutes = read_digits(text, pos, 2);
    if (!offset_minutes) return bad_date(text, kShape);
    if (*offset_hours > 23 || *offset_minutes > 59) {
      return bad_date(text, "has an impossible time-zone offset");
    }
    const std::int64_t offset = *offset_hours * 3600 + *offset_minutes * 60;
    local -= ahead ? offset : -offset;
  } else {
    return bad_date(text, kShape);
  }
  if (pos != text.size()) return bad_date(text, kShape);
  return Moment{date, local};
}

Result<Date> parse_date(std::string_view text) {
  auto moment = parse_moment(text);
  if (!moment) return std::move(moment).error();
  return moment->date;
}

Result<YearMonth> parse_year_month(std::string_view text) {
  std::size_t pos = 0;
  auto year = read_digits(text, pos, 4);
  auto month = year && expect(text, pos, '-') ? read_digits(text, pos, 2) : std::nullopt;
  if (!month || pos != text.size()) {
    return Error{ErrorCode::invalid_date, "", "month " + quote_value(text) + " is not YYYY-MM"};
  }
  if (*month < 1 || *month > 12) {
    return Error{ErrorCode::invalid_date, "", "month " + quote_value(text) + " has no month " +
                                                  to_text(*month)};
  }
  return YearMonth{*year, static_cast<unsigned>(*month)};
}

}  // namespace loyalty
