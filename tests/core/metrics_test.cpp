#include <gtest/gtest.h>

#include "loyalty/metrics.hpp"
#include "test_support.hpp"

#include <nlohmann/json.hpp>

namespace loyalty {
namespace {

// The customer retention rate, (customers at the end - new ones) / customers
// at the start, a customer on a day being one with a purchase in the 365 days
// ending on it. Worked by hand (the programs README's example):
//   a bought 2025-01-10 only: a customer until 2026-01-09, gone on 2026-01-10
//   b bought 2025-06-01 and 2026-01-15; c first bought 2026-01-20
//   d bought 2024-12-01, lapsed, and came back 2026-02-10
// January 2026: at the start a, b (2); at the end b, c (2); new c (1): 1/2 = 50%.
// February: at the start b, c (2); at the end b, c, d (3); new none: 3/2 = 150%.
// Q4 2025: at the start a, b, d (3); at the end a, b (2: d lapsed on
// 2025-12-01, a year after its purchase); new none: 2/3 = 66.67%.
// Q1 2026 (to March 31): start a, b; end b, c, d; new c: (3 - 1)/2 = 100%.
TEST(Metrics, CustomerRetentionRateByMonthAndQuarter) {
  Program program = testing::program_from(R"({"id":"p","currency":"USD","earn":[]})");
  auto events = testing::events_from(R"([
    {"id":"1","customer":"d","date":"2024-12-01","amount":"10.00"},
    {"id":"2","customer":"a","date":"2025-01-10","amount":"10.00"},
    {"id":"3","customer":"b","date":"2025-06-01","amount":"10.00"},
    {"id":"4","customer":"b","date":"2026-01-15","amount":"10.00"},
    {"id":"5","customer":"c","date":"2026-01-20","amount":"10.00"},
    {"id":"6","customer":"d","date":"2026-02-10","amount":"10.00"}])");
  auto metrics = compute_metrics(program, events, testing::day("2026-03-31"), "events");
  ASSERT_TRUE(metrics.ok()) << metrics.error().describe();
  auto period = [](const std::vector<PeriodRetention>& rows, const std::string& name) -> const PeriodRetention* {
    for (const PeriodRetention& row : rows) {
      if (row.period == name) return &row;
    }
    return nullptr;
  };
  ASSERT_EQ(metrics->customer_retention_months.size(), 16u);  // 2024-12 to 2026-03
  const PeriodRetention* january = period(metrics->customer_retention_months, "2026-01");
  ASSERT_NE(january, nullptr);
  EXPECT_EQ(january->customers_at_start, 2);
  EXPECT_EQ(january->customers_at_end, 2);
  EXPECT_EQ(january->new_customers, 1);
  EXPECT_EQ(january->rate().percent(), "50.00");
  const PeriodRetention* february = period(metrics->customer_retention_months, "2026-02");
  ASSERT_NE(february, nullptr);
  EXPECT_EQ(february->rate().percent(), "150.00");
  ASSERT_EQ(metrics->customer_retention_quarters.size(), 6u);  // 2024-Q4 to 2026-Q1
  EXPECT_EQ(period(metrics->customer_retention_quarters, "2025-Q4")->rate().percent(), "66.67");
  const PeriodRetention* q1 = period(metrics->customer_retention_quarters, "2026-Q1");
  ASSERT_NE(q1, nullptr);
  EXPECT_EQ(q1->start.to_string(), "2026-01-01");
  EXPECT_EQ(q1->end.to_string(), "2026-03-31");
  EXPECT_EQ(q1->customers_at_start, 2);
  EXPECT_EQ(q1->customers_at_end, 3);
  EXPECT_EQ(q1->new_customers, 1);
  EXPECT_EQ(q1->rate().percent(), "100.00");
}

TEST(Metrics, RepeatRateRetentionValueLiabilityAndBreakage) {
  Program program = testing::program_from(R"({"id":"p","currency":"USD","point_value":"0.005",
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "expiry":{"policy":"after_days","days":60},
    "rewards":[{"id":"r","type":"amount_off","cost":100,"value":"1.00"}]})");
  auto events = testing::events_from(R"([
    {"id":"1","customer":"a","date":"2026-01-05","amount":"100.00"},
    {"id":"2","customer":"a","date":"2026-02-05","amount":"50.00"},
    {"id":"3","customer":"b","date":"2026-01-10","amount":"30.00"},
    {"id":"4","customer":"c","date":"2026-02-10","amount":"20.00"},
    {"id":"5","customer":"c","date":"2026-04-10","amount":"200.00"},
    {"id":"6","type":"refund","customer":"c","date":"2026-04-11","purchase":"5","amount":"100.00"},
    {"id":"7","type":"redemption","customer":"a","date":"2026-02-06","reward":"r"}])");
  auto metrics = compute_metrics(program, events, testing::day("2026-04-30"), "events");
  ASSERT_TRUE(metrics.ok()) << metrics.error().describe();
  EXPECT_EQ(metrics->customers, 3);
  EXPECT_EQ(metrics->purchases, 5);
  EXPECT_EQ(metrics->repeat_customers, 2);
  EXPECT_EQ(metrics->repeat_rate().percent(), "66.67");
  ASSERT_EQ(metrics->retention.size(), 3u);  // Feb, Mar, Apr
  EXPECT_EQ(metrics->retention[0].previous_active, 2);  // a, b in January
  EXPECT_EQ(metrics->retention[0].retained, 1);         // a again in February
  EXPECT_EQ(metrics->retention[1].previous_active, 2);  // a, c in February
  EXPECT_EQ(metrics->retention[1].retained, 0);
  EXPECT_EQ(metrics->retention[2].previous_active, 0);
  EXPECT_EQ(metrics->net_spend_minor, 30000);
  EXPECT_EQ(metrics->average_clv_minor, 10000);
  // Earned: a 150, b 30, c 20 + 200 - 100 clawed = 300. a redeemed 100.
  // Expired by Apr 30 (60 days): a's 50 left + b's 30 + c's 20 = 100... a
  // spent 100 of the January 100 first, so a's February 50 expires in April.
  EXPECT_EQ(metrics->points_earned, 300);
  EXPECT_EQ(metrics->points_redeemed, 100);
  EXPECT_EQ(metrics->points_expired, 100);
  EXPECT_EQ(metrics->points_outstanding, 100);
  EXPECT_EQ(metrics->liability_minor, 50);  // 100 points at half a cent
  EXPECT_EQ(metrics->breakage().percent(), "33.33");
}

TEST(Metrics, MonthlyMembershipDependsOnTheProgramsExpiry) {
  const char* log = R"([
    {"id":"1","customer":"a","date":"2026-01-05","amount":"100.00"},
    {"id":"2","customer":"b","date":"2026-01-31","amount":"30.00"},
    {"id":"3","customer":"a","date":"2026-03-20","amount":"10.00"},
    {"id":"4","type":"signup","customer":"c","date":"2026-02-14"}])";
  auto metrics_with = [&](const char* expiry) {
    Program program = testing::program_from(std::string(R"({"id":"p","currency":"USD","point_value":"0.01",
      "earn":[{"type":"per_unit","id":"base","points_per_unit":1}],"expiry":)") + expiry + "}");
    auto metrics = compute_metrics(program, testing::events_from(log), testing::day("2026-04-15"), "events");
    EXPECT_TRUE(metrics.ok()) << metrics.error().describe();
    return *metrics;
  };
  // Lots expire 40 days after they are earned: a's January 100 on Feb 14,
  // b's 30 on Mar 12, a's March 10 on Apr 29 (after as_of).
  Metrics short_expiry = metrics_with(R"({"policy":"after_days","days":40})");
  ASSERT_EQ(short_expiry.membership.size(), 4u);  // Jan..Apr
  EXPECT_EQ(short_expiry.membership[0].month.to_string(), "2026-01");
  EXPECT_EQ(short_expiry.membership[0].members, 2);
  EXPECT_EQ(short_expiry.membership[0].holding_points, 2);
  EXPECT_EQ(short_expiry.membership[0].points_outstanding, 130);
  EXPECT_EQ(short_expiry.membership[1].members, 3);  // c signed up (no points)
  EXPECT_EQ(short_expiry.membership[1].holding_points, 1);  // only b
  EXPECT_EQ(short_expiry.membership[1].points_expired, 100);
  EXPECT_EQ(short_expiry.membership[2].holding_points, 1);  // a again, b's expired
  EXPECT_EQ(short_expiry.membership[2].points_outstanding, 10);
  EXPECT_EQ(short_expiry.membership[2].points_expired, 30);
  EXPECT_EQ(short_expiry.membership[3].points_outstanding, short_expiry.points_outstanding);
  EXPECT_EQ(short_expiry.membership[3].holding_rate().percent(), "33.33");

  Metrics no_expiry = metrics_with(R"({"policy":"never"})");
  EXPECT_EQ(no_expiry.membership[1].holding_points, 2);
  EXPECT_EQ(no_expiry.membership[3].points_outstanding, 140);
  // Retention is the shoppers' behaviour, the same under both programs.
  ASSERT_EQ(no_expiry.retention.size(), short_expiry.retention.size());
  EXPECT_EQ(no_expiry.retention[0].retained, short_expiry.retention[0].retained);

  auto json = nlohmann::json::parse(render_metrics_json(short_expiry, testing::program_from(
      R"({"id":"p","currency":"USD","point_value":"0.01","earn":[]})")));
  EXPECT_EQ(json["membership"][0]["month"], "2026-01");
  EXPECT_EQ(json["membership"][0]["points_liability"], "1.30");
  EXPECT_EQ(json["membership"][1]["holding_percent"], "33.33");
}

TEST(Metrics, CustomersPerTierLevel) {
  Program program = testing::program_from(R"({"id":"p","currency":"USD",
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"levels":[{"id":"m","threshold":0},{"id":"g","threshold":100},{"id":"v","invitation_only":true}]}})");
  auto events = testing::events_from(R"([
    {"id":"1","customer":"a","date":"2026-01-05","amount":"150.00"},
    {"id":"2","customer":"b","date":"2026-01-06","amount":"50.00"},
    {"id":"3","customer":"c","date":"2026-01-07","amount":"10.00"},
    {"id":"4","type":"tier_invitation","customer":"c","date":"2026-01-08","level":"v"}])");
  auto metrics = compute_metrics(program, events, testing::day("2026-01-31"), "events");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->tier_customers, (std::vector<std::int64_t>{1, 1, 1}));
  auto json = nlohmann::json::parse(render_metrics_json(*metrics, program));
  EXPECT_EQ(json["tiers"][1]["id"], "g");
  EXPECT_EQ(json["tiers"][1]["customers"], 1);
}

TEST(Metrics, RatioPercentRoundsHalfUp) {
  EXPECT_EQ((Ratio{1, 8}).percent(), "12.50");
  EXPECT_EQ((Ratio{1, 3}).percent(), "33.33");
  EXPECT_EQ((Ratio{2, 3}).percent(), "66.67");
  EXPECT_EQ((Ratio{0, 0}).percent(), "0.00");
}

}  // namespace
}  // namespace loyalty
