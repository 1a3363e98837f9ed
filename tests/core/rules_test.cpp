// The seven rules the program format used to leave open, each pinned by the
// worked example in core/programs/README.md ("Rules an auditor can check"),
// with the example's figures computed there by hand. The same suite runs
// natively and as WebAssembly.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace loyalty {
namespace {

using testing::balance_of;
using testing::program_from;

const LedgerEntry* entry_of(const BalanceReport& report, const std::string& event_id) {
  for (const LedgerEntry& e : report.entries) {
    if (e.event_id == event_id) return &e;
  }
  return nullptr;
}

// 1. At one instant: purchases, then engagement events, tier changes,
// adjustments, refunds, redemptions and cancellations, whatever the ids.
TEST(Rules, SameInstantAppliesByKindThenId) {
  const Program program = program_from(R"({"id":"r1","currency":"USD","earn":[
    {"type":"spend_bands","id":"bands","rounding":"truncate_amount","bands":[
      {"above":"50.00","points_per_unit":1},{"above":"100.00","points_per_unit":2}]},
    {"type":"event","id":"welcome","event":"signup","points":200}],
    "rewards":[{"id":"five-off","type":"amount_off","cost":100,"value":"5.00"}]})");
  const auto r = balance_of(program, R"([
    {"id":"a-red","type":"redemption","customer":"c","date":"2026-03-01T10:00:00Z","reward":"five-off"},
    {"id":"m-join","type":"signup","customer":"c","date":"2026-03-01T10:00:00Z"},
    {"id":"z-buy","customer":"c","date":"2026-03-01T10:00:00Z","amount":"120.00"}])",
                            "2026-03-02");
  ASSERT_EQ(r.entries.size(), 3u);
  EXPECT_EQ(r.entries[0].event_id, "z-buy");
  EXPECT_EQ(r.entries[0].points, 90);
  EXPECT_EQ(r.entries[1].event_id, "m-join");
  EXPECT_EQ(r.entries[1].points, 200);
  EXPECT_EQ(r.entries[2].event_id, "a-red");
  EXPECT_EQ(r.entries[2].kind, EntryKind::redeem) << "by id alone, a-red would come first and be refused";
  EXPECT_EQ(r.available, 190);
}

// 2. downgrade "never" keeps the best level the net total ever reached: a
// refund comes off from its purchase's own date, whichever purchase it was.
TEST(Rules, NeverDowngradeStillUndoesRefundedSpend) {
  const Program program = program_from(R"({"id":"r2","currency":"USD",
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"basis":"spend","window":"lifetime","downgrade":"never","levels":[
      {"id":"member","name":"Member","threshold":"0"},{"id":"silver","name":"Silver","threshold":"300.00"}]}})");
  const std::string events = R"([
    {"id":"a","customer":"c","date":"2026-01-10","amount":"200.00"},
    {"id":"b","customer":"c","date":"2026-02-10","amount":"150.00"},
    {"id":"r","type":"refund","customer":"c","date":"2026-03-10","purchase":"a"}])";
  const auto before = balance_of(program, events, "2026-03-01");
  EXPECT_EQ(before.tier.id, "silver");
  const auto after = balance_of(program, events, "2026-03-11");
  EXPECT_EQ(after.tier.id, "member") << "b crossed $300, but without a the customer never spent $300";
  EXPECT_EQ(after.tier.window_total, 15000);
  EXPECT_EQ(after.tier.next_needed, 15000);
}

// 3. A partial refund of a purchase whose points partly expired: the
// refunded share is counted against the expired part first.
TEST(Rules, RefundCountsExpiredPointsFirst) {
  const Program program = program_from(R"({"id":"r3","currency":"USD",
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "expiry":{"policy":"after_days","days":30},
    "rewards":[{"id":"sixty","type":"amount_off","cost":60,"value":"6.00"}]})");
  const auto r = balance_of(program, R"([
    {"id":"p","customer":"c","date":"2026-01-01","amount":"100.00"},
    {"id":"x","type":"redemption","customer":"c","date":"2026-01-10","reward":"sixty"},
    {"id":"q","customer":"c","date":"2026-01-20","amount":"30.00"},
    {"id":"r","type":"refund","customer":"c","date":"2026-02-05","purchase":"p","amount":"50.00"}])",
                            "2026-02-06");
  const LedgerEntry* clawback = entry_of(r, "r");
  ASSERT_NE(clawback, nullptr);
  EXPECT_EQ(clawback->points, -10) << "50 refunded points, 40 of them already expired";
  EXPECT_EQ(r.expired, 40);
  EXPECT_EQ(r.available, 20);
  EXPECT_EQ(r.owed, 0);
  // 7. The two figures the balance prints for it.
  EXPECT_EQ(r.lifetime_earned, 80) << "130 awarded less the whole 50 refunded";
  EXPECT_EQ(r.clawed_back, 10) << "only what was taken from the balance";
}

// 4. pending_days counts the shop's calendar days, not hours.
TEST(Rules, PendingDaysAreCalendarDays) {
  const Program program = program_from(R"({"id":"r4","currency":"USD","pending_days":1,
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "rewards":[{"id":"fifty","type":"amount_off","cost":50,"value":"5.00"}]})");
  const std::string events = R"([
    {"id":"p","customer":"c","date":"2026-03-01T15:00:00Z","amount":"80.00"},
    {"id":"x1","type":"redemption","customer":"c","date":"2026-03-01T23:59:59Z","reward":"fifty"},
    {"id":"x2","type":"redemption","customer":"c","date":"2026-03-02T10:00:00Z","reward":"fifty"}])";
  const auto same_day = balance_of(program, events, "2026-03-01");
  EXPECT_EQ(same_day.available, 0);
  EXPECT_EQ(same_day.pending, 80);
  const auto next_day = balance_of(program, events, "2026-03-02");
  EXPECT_EQ(entry_of(next_day, "x1")->kind, EntryKind::rejected);
  EXPECT_EQ(entry_of(next_day, "x1")->code, "insufficient_points");
  EXPECT_EQ(entry_of(next_day, "x2")->kind, EntryKind::redeem) << "19 hours after the award, on the next day";
  EXPECT_EQ(next_day.available, 30);
}

// 5. A date cuts by the day as written (the shop's day), events apply by
// instant.
TEST(Rules, AsOfCutsByTheDateAsWritten) {
  const Program program = program_from(R"({"id":"r5","currency":"USD",
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}]})");
  const std::string events = R"([
    {"id":"ny","customer":"c","date":"2026-03-01T23:30:00-05:00","amount":"10.00"},
    {"id":"tokyo","customer":"c","date":"2026-03-02T01:00:00+09:00","amount":"20.00"},
    {"id":"utc","customer":"c","date":"2026-03-01T20:00:00Z","amount":"40.00"}])";
  const auto first = balance_of(program, events, "2026-03-01");
  EXPECT_EQ(first.available, 50) << "ny and utc; tokyo's day is March 2 although its instant is earlier";
  const auto second = balance_of(program, events, "2026-03-02");
  EXPECT_EQ(second.available, 70);
  ASSERT_EQ(second.entries.size(), 3u);
  EXPECT_EQ(second.entries[0].event_id, "tokyo");  // 16:00 UTC on March 1
  EXPECT_EQ(second.entries[1].event_id, "utc");    // 20:00 UTC
  EXPECT_EQ(second.entries[2].event_id, "ny");     // 04:30 UTC on March 2
}

// 6. Amount rounding first, then each rule exactly, then the fraction dropped.
TEST(Rules, LeftoverFractionsAreDropped) {
  const Program rate = program_from(R"({"id":"r6","currency":"USD",
    "earn":[{"type":"per_unit","id":"rate","points_per_unit":"1.5","rounding":"truncate_amount"}]})");
  const std::string events = R"([
    {"id":"a","customer":"c","date":"2026-03-01","amount":"3.00"},
    {"id":"b","customer":"d","date":"2026-03-01","amount":"60.99"}])";
  EXPECT_EQ(balance_of(rate, events, "2026-03-02", "c").available, 4);   // 3 x 1.5 = 4.5
  EXPECT_EQ(balance_of(rate, events, "2026-03-02", "d").available, 90);  // $60 x 1.5
  const Program truncated = program_from(R"({"id":"r6b","currency":"USD","earn":[{"type":"spend_bands","id":"bands",
    "rounding":"truncate_amount","bands":[{"above":"50.50","points_per_unit":1}]}]})");
  EXPECT_EQ(balance_of(truncated, events, "2026-03-02", "d").available, 9);  // $60 - $50.50 = 9.5
  const Program rounded = program_from(R"({"id":"r6c","currency":"USD","earn":[{"type":"spend_bands","id":"bands",
    "rounding":"round_amount_half_up","bands":[{"above":"50.50","points_per_unit":1}]}]})");
  EXPECT_EQ(balance_of(rounded, events, "2026-03-02", "d").available, 10);  // $61 - $50.50 = 10.5
}

// 7. A negative adjustment is clawed back, not unearned.
TEST(Rules, NegativeAdjustmentIsClawedBack) {
  const Program program = program_from(R"({"id":"r7","currency":"USD",
    "earn":[{"type":"per_unit","id":"base","points_per_unit":1}]})");
  const auto r = balance_of(program, R"([
    {"id":"a","customer":"c","date":"2026-03-01","amount":"100.00"},
    {"id":"adj","type":"adjustment","customer":"c","date":"2026-03-02","points":-30,"reason":"goodwill reversed"}])",
                            "2026-03-03");
  EXPECT_EQ(r.lifetime_earned, 100);
  EXPECT_EQ(r.clawed_back, 30);
  EXPECT_EQ(r.available, 70);
}

}  // namespace
}  // namespace loyalty
