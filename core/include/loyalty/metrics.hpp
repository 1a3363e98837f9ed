// What a merchant asks of a transaction log: do customers come back, what is
// a customer worth, and what do the outstanding points cost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/program.hpp"
#include "loyalty/statement.hpp"

namespace loyalty {

// An exact fraction; shown as a percentage with two decimals, rounded half up.
struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::string percent() const;  // "41.67"; "0.00" when the denominator is 0
};

struct MonthRetention {
  YearMonth month;
  std::int64_t previous_active = 0;  // customers who bought in the month before
  std::int64_t retained = 0;         // ... and again in this month
  Ratio rate() const { return Ratio{retained, previous_active}; }
};

// The program's hold on its members, month by month: unlike retention, these
// depend on the program (expiry empties balances), so a replay of the same log
// through two programs tells them apart.
struct MonthMembership {
  YearMonth month;
  std::int64_t members = 0;             // customers with an event by the month's end
  std::int64_t holding_points = 0;      // ... who still hold points (available or pending) then
  std::int64_t points_outstanding = 0;  // everyone's points at the month's end
  std::int64_t points_expired = 0;      // points that expired during the month
  Ratio holding_rate() const { return Ratio{holding_points, members}; }
};

// The customer retention rate of a period (a month or a quarter):
// (customers at its end - new customers acquired in it) / customers at its
// start. A customer "at" a day is one with a purchase in the 365 days ending
// on that day (kCustomerActiveDays); a new customer is one whose first
// purchase is in the period. Customers who come back after a lapse count as
// retained, so the rate can pass 100%.
inline constexpr int kCustomerActiveDays = 365;
struct PeriodRetention {
  std::string period;  // "2026-03" or "2026-Q1"
  Date start;
  Date end;            // the period's last day, or as_of in the last period
  std::int64_t customers_at_start = 0;  // at the end of the day before `start`
  std::int64_t new_customers = 0;
  std::int64_t customers_at_end = 0;
  Ratio rate() const { return Ratio{customers_at_end - new_customers, customers_at_start}; }
};

// Net Promoter Score over the survey answers the ledgers accepted: the
// percent of promoters (9-10) minus the percent of detractors (0-6), from
// -100 to 100; passives (7-8) count only in the responses.
struct NetPromoterScore {
  std::string period;  // "2026-03", or "overall"
  std::int64_t responses = 0;
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;

  void add(std::int64_t score);
  // "-12.50": two decimals, rounded half away from zero; "0.00" without responses.
  std::string score() const;
};

struct Metrics {
  Date as_of;
  std::int64_t customers = 0;         // with at least one purchase
  std::int64_t purchases = 0;
  std::int64_t repeat_customers = 0;  // with two purchases or more
  std::vector<MonthRetention> retention;
  std::vector<PeriodRetention> customer_retention_months;
  std::vector<PeriodRetention> customer_retention_quarters;
  // From the log's first month to as_of's; the last month ends at as_of.
  std::vector<MonthMembership> membership;
  std::int64_t net_spend_minor = 0;   // purchases less refunds
  std::int64_t average_clv_minor = 0; // net spend per customer, rounded half up
  std::int64_t points_earned = 0;     // net of clawbacks
  std::int64_t points_redeemed = 0;
  std::int64_t points_expired = 0;
  std::int64_t points_outstanding = 0;  // available and pending
  std::int64_t liability_minor = 0;     // outstanding points at the program's point value
  NetPromoterScore nps{"overall"};
  std::vector<NetPromoterScore> nps_months;  // months with at least one answer, ascending
  std::vector<std::int64_t> tier_customers;  // customers per tier level at as_of (program order)
  std::vector<Giving> giving;                // per program cause: donations and the pledge, all customers
  std::vector<Warning> warnings;

  Ratio repeat_rate() const { return Ratio{repeat_customers, customers}; }
  Ratio breakage() const { return Ratio{points_expired, points_earned}; }
};

// Folds every customer's events through the ledger up to `as_of` (default:
// the last event's date).
Result<Metrics> compute_metrics(const Program& program, std::vector<Event> events,
                                std::optional<Date> as_of, std::string_view source = "");

std::string render_metrics_json(const Metrics& metrics, const Program& program);

}  // namespace loyalty
