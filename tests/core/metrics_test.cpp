#include <gtest/gtest.h>

#include "loyalty/metrics.hpp"
#include "test_support.hpp"

#include <nlohmann/json.hpp>

namespace loyalty {
namespace {

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
