// Earn rules one by one, then how they stack (core/programs/README.md).
#include <gtest/gtest.h>

#include <map>

#include "test_support.hpp"

namespace loyalty {
namespace {

using testing::balance_of;
using testing::program_from;

// A program around `rules` (a JSON array body) with optional extra top-level fields.
Program with_rules(const std::string& rules, const std::string& extra = "") {
  return program_from(R"({"id":"p","currency":"USD",)" + extra + R"("earn":[)" + rules + "]}");
}

// Points a single purchase (JSON body without id/customer/date) earns on `date`.
std::int64_t earned(const Program& program, const std::string& purchase, const char* date = "2026-03-04") {
  auto report = balance_of(program,
                           R"([{"id":"o1","customer":"c","date":")" + std::string(date) + "\"," + purchase + "}]",
                           date);
  return report.lifetime_earned;
}

std::vector<AwardLine> breakdown(const Program& program, const std::string& events, const char* as_of,
                                 const std::string& id) {
  for (const LedgerEntry& entry : balance_of(program, events, as_of).entries) {
    if (entry.event_id == id) return entry.breakdown;
  }
  ADD_FAILURE() << "no entry for " << id;
  return {};
}

TEST(PerUnit, OnePointPerDollar) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1})");
  EXPECT_EQ(earned(p, R"("amount":"120.99")"), 120);
  EXPECT_EQ(earned(p, R"("amount":"0.99")"), 0);
}

TEST(PerVisit, NeedsTheMinimumSpend) {
  Program p = with_rules(R"({"type":"per_visit","id":"v","points":10,"min_spend":"25.00"})");
  EXPECT_EQ(earned(p, R"("amount":"24.99")"), 0);
  EXPECT_EQ(earned(p, R"("amount":"25.00")"), 10);
  EXPECT_EQ(earned(p, R"("amount":0)"), 0);
}

TEST(PerItem, CountsQuantityOfMatchingItems) {
  Program p = with_rules(R"({"type":"per_item","id":"i","points":5,"categories":["socks"]})");
  EXPECT_EQ(earned(p, R"("items":[{"sku":"a","category":"socks","price":"3","quantity":4},
                                   {"sku":"b","category":"shoes","price":"50"}])"),
            20);
}

TEST(Exclusions, GiftCardsShippingAndTaxEarnNothing) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1},
                            {"type":"per_item","id":"i","points":1})",
                         R"("exclusions":{"categories":["gift_card","shipping","tax"],"skus":["DONATION"]},)");
  EXPECT_EQ(earned(p, R"("amount":"200.00","items":[
      {"sku":"shirt","category":"apparel","price":"40.00"},
      {"sku":"gc","category":"gift_card","price":"100.00"},
      {"sku":"ship","category":"shipping","price":"9.00"},
      {"sku":"DONATION","category":"apparel","price":"5.00"}])"),
            40 + 1);
}

// Worked by hand from the stacking rules: a gift-card-only order within the
// come-back window, on a program where every draw of the surprise rule wins
// (one_in 1), earns nothing; a free sample matching a per_item rule earns
// exactly that rule's points and no order bonus.
TEST(Purchase, NoEligibleSpendEarnsNoOrderBonus) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1},
                            {"type":"per_visit","id":"v","points":10},
                            {"type":"comeback","id":"back","points":50,"within_days":30},
                            {"type":"surprise","id":"lucky","points":100,"one_in":1},
                            {"type":"per_item","id":"sample","points":7,"skus":["SAMPLE"]})",
                         R"("exclusions":{"categories":["gift_card"]},)");
  auto report = balance_of(p, R"([
    {"id":"o1","customer":"c","date":"2026-01-01","amount":"20.00"},
    {"id":"o2","customer":"c","date":"2026-01-05","items":[{"sku":"GC","category":"gift_card","price":"50.00"}]},
    {"id":"o3","customer":"c","date":"2026-01-06","items":[{"sku":"SAMPLE","category":"beauty","price":"0"}]}])",
                           "2026-12-31");
  std::map<std::string, std::int64_t> points;
  for (const LedgerEntry& entry : report.entries) points[entry.event_id] = entry.points;
  EXPECT_EQ(points["o1"], 20 + 10 + 100);
  EXPECT_EQ(points["o2"], 0);
  EXPECT_EQ(points["o3"], 7);
}

TEST(Purchase, UnitemizedRestOfTheOrderDoesNotEarn) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1})");
  EXPECT_EQ(earned(p, R"("amount":"60.00","items":[{"sku":"a","price":"50.00"}])"), 50);
}

TEST(CategoryMultiplier, AppliesToTheMatchingShareAndTheHighestWins) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1},
    {"type":"category_multiplier","id":"shoes2","categories":["shoes"],"multiplier":2},
    {"type":"category_multiplier","id":"sku3","skus":["BOOT"],"multiplier":3})");
  // $100 shoes at 2x, $50 boots (also shoes) at 3x only, $50 other at 1x:
  // base 200, shoes +100, boots +100.
  const std::string events = R"([{"id":"o1","customer":"c","date":"2026-03-04","items":[
      {"sku":"SNEAK","category":"shoes","price":"100.00"},
      {"sku":"BOOT","category":"shoes","price":"50.00"},
      {"sku":"HAT","category":"hats","price":"50.00"}]}])";
  auto lines = breakdown(p, events, "2026-03-04", "o1");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rule, "base");
  EXPECT_EQ(lines[0].points, 200);
  EXPECT_EQ(lines[1].rule, "shoes2");
  EXPECT_EQ(lines[1].points, 100);
  EXPECT_EQ(lines[2].rule, "sku3");
  EXPECT_EQ(lines[2].points, 100);
}

TEST(Promotion, OnlyInsideItsWindowAndWeekdays) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1},
    {"type":"promotion","id":"weekend","multiplier":2,"from":"2026-11-27","to":"2026-11-30","weekdays":[6,7]})");
  EXPECT_EQ(earned(p, R"("amount":100)", "2026-11-27"), 100);  // Friday
  EXPECT_EQ(earned(p, R"("amount":100)", "2026-11-28"), 200);  // Saturday
  EXPECT_EQ(earned(p, R"("amount":100)", "2026-11-29"), 200);  // Sunday
  EXPECT_EQ(earned(p, R"("amount":100)", "2026-12-05"), 100);  // Saturday, after the window
}

TEST(Promotion, OverlappingPromotionsDoNotStack) {
  Program p = with_rules(R"({"type":"per_unit","id":"base","points_per_unit":1},
    {"type":"promotion","id":"double","multiplier":2},
    {"type":"promotion","id":"triple","multiplier":3,"from":"2026-01-01","to":"2026-01-31"})");
  EXPECT_EQ(earned(p, R"("amount":10)", "2026-01-15"), 30);
  EXPECT_EQ(earned(p, R"("amount":10)", "2026-02-15"), 20);
}

TEST(Comeback, BonusForAnOrderWithinNDaysOfTheLast) {
  Program p = with_rules(R"({"type":"comeback","id":"back","points":50,"within_days":30})");
  auto report = balance_of(p, R"([
    {"id":"o1","customer":"c","date":"2026-01-01","amount":10},
    {"id":"o2","customer":"c","date":"2026-01-31","amount":10},
    {"id":"o3","customer":"c","date":"2026-03-03","amount":10}])",
                           "2026-12-31");
  EXPECT_EQ(report.lifetime_earned, 50);  // o2 is 30 days after o1; o3 is 31 after o2
}

TEST(Surprise, IsDeterministicFromSeedAndEventId) {
  Program p = with_rules(R"({"type":"surprise","id":"lucky","points":100,"one_in":4})", R"("seed":"s1",)");
  std::int64_t wins = 0;
  std::string events = "[";
  for (int i = 0; i < 4000; ++i) {
    if (i) events += ",";
    events += R"({"id":"o)" + std::to_string(i) + R"(","customer":"c","date":"2026-01-01","amount":1})";
  }
  events += "]";
  auto first = balance_of(p, events, "2026-01-01");
  auto second = balance_of(p, events, "2026-01-01");
  EXPECT_EQ(first.lifetime_earned, second.lifetime_earned);
  wins = first.lifetime_earned / 100;
  EXPECT_GT(wins, 850);  // about one order in four, drawn from a fixed hash
  EXPECT_LT(wins, 1150);
  Program other = with_rules(R"({"type":"surprise","id":"lucky","points":100,"one_in":4})", R"("seed":"s2",)");
  EXPECT_NE(balance_of(other, events, "2026-01-01").lifetime_earned, first.lifetime_earned);
}

const char* kTierProgram = R"({"id":"p","currency":"USD","earn":[
    {"type":"per_unit","id":"base","points_per_unit":1},
    {"type":"promotion","id":"double","multiplier":2,"from":"2026-06-01","to":"2026-06-30"},
    {"type":"per_visit","id":"visit","points":10},
    {"type":"per_visit","id":"gold-visit","points":25,"tiers":["gold"]}],
  "tiers":{"basis":"points","levels":[
    {"id":"member","threshold":0},
    {"id":"gold","threshold":1000,"multiplier":1.5}]}})";

TEST(Stacking, PromotionThenTierThenFlatPoints) {
  Program p = program_from(kTierProgram);
  const std::string events = R"([
    {"id":"o1","customer":"c","date":"2026-05-01","amount":1000},
    {"id":"o2","customer":"c","date":"2026-06-10","amount":"101.00"}])";
  auto lines = breakdown(p, events, "2026-06-30", "o2");
  // base 101, double +101 (202), gold 1.5x +101 (303), then gold-visit 25
  // replacing the general visit bonus.
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rule, "base");
  EXPECT_EQ(lines[0].points, 101);
  EXPECT_EQ(lines[1].rule, "double");
  EXPECT_EQ(lines[1].points, 101);
  EXPECT_EQ(lines[2].rule, "tier:gold");
  EXPECT_EQ(lines[2].points, 101);
  EXPECT_EQ(lines[3].rule, "gold-visit");
  EXPECT_EQ(lines[3].points, 25);
}

TEST(Stacking, TheThresholdCrossingPurchaseEarnsAtTheOldTier) {
  Program p = program_from(kTierProgram);
  auto lines = breakdown(p, R"([{"id":"o1","customer":"c","date":"2026-05-01","amount":1000}])",
                         "2026-05-01", "o1");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].rule, "visit");
}

TEST(Stacking, FractionalMultipliersTruncateOnce) {
  Program p = program_from(R"({"id":"p","currency":"USD","earn":[
    {"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"levels":[{"id":"a","threshold":0,"multiplier":"1.5"}]}})");
  EXPECT_EQ(earned(p, R"("amount":"3.00")"), 4);  // 3 * 1.5 = 4.5 -> 4
}

}  // namespace
}  // namespace loyalty
