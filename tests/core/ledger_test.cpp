// The ledger: lots, pending points, redemption, refunds, expiry, event caps
// and ordering, including the traps named in the rules-engine issue.
#include <gtest/gtest.h>

#include <limits>

#include "test_support.hpp"

namespace loyalty {
namespace {

using testing::balance_of;
using testing::program_from;

const std::string kRewards = R"("rewards":[
    {"id":"five","type":"amount_off","cost":500,"value":"5.00"},
    {"id":"big","type":"amount_off","cost":5000,"value":"60.00","min_order":"100.00"},
    {"id":"cash","type":"points_to_discount","cost":100,"value":"1.00","max_points":1000}])";

Program base_program(const std::string& extra = "") {
  return program_from(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}],)" +
                      extra + kRewards + "}");
}

std::string purchase(const char* id, const char* date, const char* amount, const char* customer = "c") {
  return std::string(R"({"id":")") + id + R"(","customer":")" + customer + R"(","date":")" + date +
         R"(","amount":")" + amount + "\"}";
}

const Warning* find_warning(const BalanceReport& report, const std::string& code) {
  for (const Warning& w : report.warnings) {
    if (w.code == code) return &w;
  }
  return nullptr;
}

std::int64_t sum_of_movements(const BalanceReport& report) {
  std::int64_t sum = 0;
  for (const LedgerEntry& e : report.entries) sum += e.points;
  return sum;
}

TEST(Ledger, EarnsAndRedeems) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "600") +
                                          R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"}])",
                      "2026-01-31");
  EXPECT_EQ(r.available, 100);
  EXPECT_EQ(r.lifetime_earned, 600);
  EXPECT_EQ(r.redeemed, 500);
  EXPECT_EQ(sum_of_movements(r), r.available + r.pending);
  ASSERT_EQ(r.history.size(), 1u);
  EXPECT_EQ(r.history[0].earned, 600);
  EXPECT_EQ(r.history[0].redeemed, 500);
}

// A sale at the shop's counter earns what the same purchase online earns
// (1 point a dollar here: 120) and its entry says it was made in store.
TEST(Ledger, InStorePurchasesEarnLikeOnlineAndSaySo) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "120.00") +
                                          R"(,{"id":"o2","customer":"c","date":"2026-01-02","amount":"120.00","channel":"store"}])",
                      "2026-01-31");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].points, 120);
  EXPECT_FALSE(r.entries[0].in_store);
  EXPECT_EQ(r.entries[1].points, 120);
  EXPECT_TRUE(r.entries[1].in_store);
  EXPECT_EQ(r.available, 240);
}

TEST(Ledger, InsufficientBalanceIsRejectedNeverNegative) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "499") +
                                          R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"}])",
                      "2026-01-31");
  EXPECT_EQ(r.available, 499);
  EXPECT_EQ(r.redeemed, 0);
  const Warning* w = find_warning(r, "insufficient_points");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->where, "events: [1]");
}

TEST(Ledger, RedemptionRulesMinOrderStepsAndUnknownRewards) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "9000") + R"(,
    {"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"big","order_amount":"99.99"},
    {"id":"x2","type":"redemption","customer":"c","date":"2026-01-02","reward":"big"},
    {"id":"x3","type":"redemption","customer":"c","date":"2026-01-02","reward":"big","order_amount":"100"},
    {"id":"x4","type":"redemption","customer":"c","date":"2026-01-02","reward":"cash","points":250},
    {"id":"x5","type":"redemption","customer":"c","date":"2026-01-02","reward":"cash","points":1100},
    {"id":"x6","type":"redemption","customer":"c","date":"2026-01-02","reward":"cash","points":300},
    {"id":"x7","type":"redemption","customer":"c","date":"2026-01-02","reward":"nope"}])",
                      "2026-01-31");
  EXPECT_EQ(r.redeemed, 5000 + 300);
  EXPECT_EQ(r.available, 9000 - 5300);
  int rejected = 0;
  for (const LedgerEntry& e : r.entries) {
    if (e.kind == EntryKind::rejected) ++rejected;
    if (e.event_id == "x6") {
      EXPECT_EQ(e.discount_minor, 300);
    }
    if (e.event_id == "x3") {
      EXPECT_EQ(e.discount_minor, 6000);
    }
  }
  EXPECT_EQ(rejected, 5);
  EXPECT_NE(find_warning(r, "order_required"), nullptr);  // x2: a minimum order and no order
  EXPECT_NE(find_warning(r, "invalid_points"), nullptr);
  EXPECT_NE(find_warning(r, "unknown_reward"), nullptr);
}

TEST(Ledger, PendingPointsCannotBeRedeemedUntilReleased) {
  Program p = base_program(R"("pending_days":14,)");
  const std::string events = "[" + purchase("o1", "2026-01-01", "600") +
                             R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-14","reward":"five"},
                                 {"id":"x2","type":"redemption","customer":"c","date":"2026-01-15","reward":"five"}])";
  auto before = balance_of(p, "[" + purchase("o1", "2026-01-01", "600") + "]", "2026-01-14");
  EXPECT_EQ(before.available, 0);
  EXPECT_EQ(before.pending, 600);
  auto r = balance_of(p, events, "2026-01-31");
  EXPECT_EQ(r.redeemed, 500);  // x1 rejected, x2 accepted on the release day
  EXPECT_NE(find_warning(r, "insufficient_points"), nullptr);
}

TEST(Ledger, EventsApplyInTimeOrderWhateverTheirArrivalOrder) {
  const std::string in_order = "[" + purchase("o1", "2026-01-01T09:00:00Z", "600") +
                               R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-01T10:00:00Z","reward":"five"}])";
  const std::string reversed = R"([{"id":"x1","type":"redemption","customer":"c","date":"2026-01-01T10:00:00Z","reward":"five"},)" +
                               purchase("o1", "2026-01-01T09:00:00Z", "600") + "]";
  auto a = balance_of(base_program(), in_order, "2026-01-31");
  auto b = balance_of(base_program(), reversed, "2026-01-31");
  EXPECT_EQ(a.available, 100);
  EXPECT_EQ(b.available, 100);
  EXPECT_EQ(render_balance_json(a, base_program()).size(), render_balance_json(b, base_program()).size());
}

TEST(Ledger, TimestampsOrderAcrossOffsets) {
  // 09:00 in New York is after 10:00 in London on the same date.
  const std::string events = R"([{"id":"x1","type":"redemption","customer":"c","date":"2026-01-01T09:00:00-05:00","reward":"five"},)" +
                             purchase("o1", "2026-01-01T10:00:00Z", "600") + "]";
  EXPECT_EQ(balance_of(base_program(), events, "2026-01-31").redeemed, 500);
}

TEST(Ledger, TheSameEventDeliveredTwiceCountsOnce) {
  auto r = balance_of(base_program(),
                      "[" + purchase("o1", "2026-01-01", "600") + "," + purchase("o1", "2026-01-01", "600") + "]",
                      "2026-01-31");
  EXPECT_EQ(r.lifetime_earned, 600);
  EXPECT_NE(find_warning(r, "duplicate_event"), nullptr);
}

TEST(Ledger, OfRepeatedIdsTheFirstReadCountsAndEachRepeatIsNamedInReadingOrder) {
  // o1 and o2 each come back later with other dates and amounts; the
  // first of each counts (600 + 200 points), whatever the repeats' dates.
  auto r = balance_of(base_program(),
                      "[" + purchase("o2", "2026-01-05", "200") + "," + purchase("o1", "2026-01-03", "600") + "," +
                          purchase("o2", "2026-01-01", "900") + "," + purchase("o1", "2026-01-02", "50") + "," +
                          purchase("o2", "2026-01-04", "70") + "]",
                      "2026-01-31");
  EXPECT_EQ(r.lifetime_earned, 800);
  std::vector<std::string> repeats;
  for (const Warning& w : r.warnings) {
    if (w.code == "duplicate_event") repeats.push_back(w.where + ": " + w.message);
  }
  ASSERT_EQ(repeats.size(), 3u);
  EXPECT_NE(repeats[0].find("[2]"), std::string::npos) << repeats[0];
  EXPECT_NE(repeats[0].find("\"o2\" was already read at"), std::string::npos) << repeats[0];
  EXPECT_NE(repeats[0].find("[0]; counted once"), std::string::npos) << repeats[0];
  EXPECT_NE(repeats[1].find("[3]"), std::string::npos) << repeats[1];
  EXPECT_NE(repeats[1].find("[1]; counted once"), std::string::npos) << repeats[1];
  EXPECT_NE(repeats[2].find("[4]"), std::string::npos) << repeats[2];
  EXPECT_NE(repeats[2].find("[0]; counted once"), std::string::npos) << repeats[2];
}

TEST(Ledger, OtherCustomersAndLaterEventsAreIgnored) {
  auto r = balance_of(base_program(),
                      "[" + purchase("o1", "2026-01-01", "100") + "," + purchase("o2", "2026-01-01", "100", "d") + "," +
                          purchase("o3", "2026-02-01", "100") + "]",
                      "2026-01-31");
  EXPECT_EQ(r.lifetime_earned, 100);
}

TEST(Refund, PartialRefundsClawBackProportionallyAndAddUpExactly) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "100.00") + R"(,
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-02","purchase":"o1","amount":"33.33"},
    {"id":"r2","type":"refund","customer":"c","date":"2026-01-03","purchase":"o1","amount":"33.33"},
    {"id":"r3","type":"refund","customer":"c","date":"2026-01-04","purchase":"o1"}])",
                      "2026-01-31");
  EXPECT_EQ(r.available, 0);
  EXPECT_EQ(r.clawed_back, 100);
  EXPECT_EQ(r.lifetime_earned, 0);
  std::vector<std::int64_t> claws;
  for (const LedgerEntry& e : r.entries) {
    if (e.kind == EntryKind::clawback) claws.push_back(-e.points);
  }
  EXPECT_EQ(claws, (std::vector<std::int64_t>{33, 33, 34}));
}

TEST(Refund, RefundLargerThanThePurchaseIsRejected) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "100.00") + R"(,
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-02","purchase":"o1","amount":"60"},
    {"id":"r2","type":"refund","customer":"c","date":"2026-01-03","purchase":"o1","amount":"50"}])",
                      "2026-01-31");
  EXPECT_EQ(r.available, 40);
  EXPECT_NE(find_warning(r, "refund_exceeds_purchase"), nullptr);
}

TEST(Refund, OfAnUnknownOrLaterPurchaseIsRejected) {
  auto r = balance_of(base_program(), R"([
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-01","purchase":"o1"},)" +
                                          purchase("o1", "2026-01-02", "100.00") + "]",
                      "2026-01-31");
  EXPECT_EQ(r.available, 100);
  EXPECT_NE(find_warning(r, "unknown_purchase"), nullptr);
}

TEST(Refund, AfterRedemptionTheShortfallIsOwedAndRepaidFromNewPoints) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "600") + R"(,
    {"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"},
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-03","purchase":"o1"}])",
                      "2026-01-10");
  EXPECT_EQ(r.available, 0);  // never negative
  EXPECT_EQ(r.owed, 500);
  EXPECT_EQ(r.clawed_back, 600);
  EXPECT_EQ(sum_of_movements(r), 0);

  auto later = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "600") + R"(,
    {"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"},
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-03","purchase":"o1"},)" +
                                              purchase("o2", "2026-01-20", "700") + "]",
                          "2026-01-31");
  EXPECT_EQ(later.owed, 0);
  EXPECT_EQ(later.available, 200);
  EXPECT_EQ(sum_of_movements(later), later.available);
}

TEST(Refund, RefundOfAPurchaseThatCrossedATierThresholdTakesTheTierBack) {
  Program p = program_from(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"basis":"spend","levels":[{"id":"member","threshold":0},{"id":"gold","threshold":"500.00","retention":"100.00","multiplier":2}]}})");
  const std::string history = "[" + purchase("o1", "2026-01-01", "300.00") + "," +
                              purchase("o2", "2026-02-01", "250.00") + "]";
  EXPECT_EQ(balance_of(p, history, "2026-02-28").tier.id, "gold");
  auto r = balance_of(p, "[" + purchase("o1", "2026-01-01", "300.00") + "," + purchase("o2", "2026-02-01", "250.00") +
                             R"(,{"id":"r2","type":"refund","customer":"c","date":"2026-02-10","purchase":"o2"},)" +
                             purchase("o3", "2026-02-20", "100.00") + "]",
                      "2026-02-28");
  EXPECT_EQ(r.tier.id, "member");
  EXPECT_EQ(r.tier.window_total, 40000);
  ASSERT_TRUE(r.tier.next_id.has_value());
  EXPECT_EQ(r.tier.next_needed, 10000);
  // o3 earned at the member rate: 300 + 250 - 250 + 100.
  EXPECT_EQ(r.lifetime_earned, 400);
}

TEST(Adjustment, CreditsAndDebits) {
  auto r = balance_of(base_program(), "[" + purchase("o1", "2026-01-01", "100") + R"(,
    {"id":"a1","type":"adjustment","customer":"c","date":"2026-01-02","points":50,"reason":"goodwill"},
    {"id":"a2","type":"adjustment","customer":"c","date":"2026-01-03","points":-200}])",
                      "2026-01-31");
  EXPECT_EQ(r.available, 0);
  EXPECT_EQ(r.owed, 50);
  EXPECT_EQ(r.lifetime_earned, 150);
}

TEST(Expiry, AfterDaysExpiresOnTheBoundaryDay) {
  Program p = base_program(R"("expiry":{"policy":"after_days","days":30},)");
  const std::string earned = "[" + purchase("o1", "2026-01-01", "600");
  // Earned Jan 1 for 30 days: usable through Jan 30, gone on Jan 31.
  EXPECT_EQ(balance_of(p, earned + "]", "2026-01-30").available, 600);
  auto gone = balance_of(p, earned + "]", "2026-01-31");
  EXPECT_EQ(gone.available, 0);
  EXPECT_EQ(gone.expired, 600);
  ASSERT_EQ(gone.history.size(), 1u);
  EXPECT_EQ(gone.history[0].expired, 600);
  auto on_the_day = balance_of(
      p, earned + R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-31","reward":"five"}])", "2026-02-01");
  EXPECT_NE(find_warning(on_the_day, "insufficient_points"), nullptr);
  auto day_before = balance_of(
      p, earned + R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-30","reward":"five"}])", "2026-02-01");
  EXPECT_EQ(day_before.redeemed, 500);
  EXPECT_EQ(day_before.expired, 100);
}

TEST(Expiry, FifoSpendsTheOldestPointsFirst) {
  Program p = base_program(R"("expiry":{"policy":"after_days","days":30},)");
  auto r = balance_of(p, "[" + purchase("o1", "2026-01-01", "400") + "," + purchase("o2", "2026-01-20", "400") +
                             R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-25","reward":"five"}])",
                      "2026-02-15");
  // The redemption took all 400 of o1 and 100 of o2; o1's lot had nothing left to expire.
  EXPECT_EQ(r.expired, 0);
  EXPECT_EQ(r.available, 300);
  ASSERT_EQ(r.expiring.size(), 1u);
  EXPECT_EQ(r.expiring[0].date, testing::day("2026-02-19"));
  EXPECT_EQ(r.expiring[0].points, 300);
}

// Cancelling an unused redemption: every figure below is worked by hand.
std::string cancel(const char* id, const char* date, const char* redemption) {
  return std::string(R"({"id":")") + id + R"(","type":"cancellation","customer":"c","date":")" + date +
         R"(","redemption":")" + redemption + "\"}";
}

TEST(Cancellation, PointsComeBackExactlyOnce) {
  const std::string events = "[" + purchase("o1", "2026-01-01", "600") +
                             R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"},)" +
                             cancel("k1", "2026-01-03", "x1") + "," + cancel("k2", "2026-01-04", "x1") + "]";
  auto r = balance_of(base_program(), events, "2026-01-31");
  EXPECT_EQ(r.available, 600);  // 600 earned, 500 redeemed, 500 back once
  EXPECT_EQ(r.redeemed, 0);
  ASSERT_EQ(r.history.size(), 1u);
  EXPECT_EQ(r.history[0].redeemed, 0);
  ASSERT_NE(find_warning(r, "already_cancelled"), nullptr);
  EXPECT_NE(find_warning(r, "already_cancelled")->message.find("k2"), std::string::npos);
  ASSERT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(r.entries[2].kind, EntryKind::cancel);
  EXPECT_EQ(r.entries[2].points, 500);
  EXPECT_EQ(r.entries[2].reward, "five");
  EXPECT_EQ(r.entries[2].discount_minor, 500);
  EXPECT_EQ(r.entries[3].kind, EntryKind::rejected);
  EXPECT_EQ(sum_of_movements(r), r.available + r.pending);
  // Before the cancellation the points were spent.
  EXPECT_EQ(balance_of(base_program(), events, "2026-01-02").available, 100);
}

TEST(Cancellation, OnlyOfARedemptionThatWentThrough) {
  auto r = balance_of(base_program(),
                      "[" + purchase("o1", "2026-01-01", "100") +
                          R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"},)" +
                          cancel("k1", "2026-01-03", "x1") + "," + cancel("k2", "2026-01-03", "o1") + "," +
                          cancel("k3", "2026-01-01", "x9") + "]",
                      "2026-01-31");
  EXPECT_EQ(r.available, 100);
  int unknown = 0;
  for (const Warning& w : r.warnings) unknown += w.code == "unknown_redemption";
  EXPECT_EQ(unknown, 3);  // a refused redemption, a purchase, an id never seen
  EXPECT_NE(find_warning(r, "insufficient_points"), nullptr);
}

TEST(Cancellation, AtTheSameInstantComesAfterItsRedemption) {
  auto r = balance_of(base_program(),
                      "[" + purchase("o1", "2026-01-01", "600") + "," + cancel("a", "2026-01-02T10:00:00Z", "z") +
                          R"(,{"id":"z","type":"redemption","customer":"c","date":"2026-01-02T10:00:00Z","reward":"five"}])",
                      "2026-01-31");
  EXPECT_EQ(r.available, 600);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Cancellation, PointsKeepTheirLotsExpiry) {
  Program p = base_program(R"("expiry":{"policy":"after_days","days":30},)");
  // o1's 300 expire on Jan 31, o2's 300 on Feb 19. The redemption takes o1's
  // 300 and 200 of o2; cancelled on Feb 5, o1's share has expired meanwhile
  // and expires at once, o2's 200 come back to o2 and expire with it.
  const std::string events = "[" + purchase("o1", "2026-01-01", "300") + "," + purchase("o2", "2026-01-20", "300") +
                             R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-25","reward":"five"},)" +
                             cancel("k1", "2026-02-05", "x1") + "]";
  auto before = balance_of(p, events, "2026-02-04");
  EXPECT_EQ(before.available, 100);
  EXPECT_EQ(before.expired, 0);
  auto after = balance_of(p, events, "2026-02-05");
  EXPECT_EQ(after.available, 300);
  EXPECT_EQ(after.expired, 300);
  EXPECT_EQ(after.redeemed, 0);
  ASSERT_EQ(after.expiring.size(), 1u);
  EXPECT_EQ(after.expiring[0].date, testing::day("2026-02-19"));
  EXPECT_EQ(after.expiring[0].points, 300);
  EXPECT_EQ(sum_of_movements(after), after.available + after.pending);
  auto later = balance_of(p, events, "2026-02-19");
  EXPECT_EQ(later.available, 0);
  EXPECT_EQ(later.expired, 600);
}

TEST(Cancellation, AfterInactivityThePointsAreGone) {
  Program p = base_program(R"("expiry":{"policy":"inactivity_days","days":90},)");
  // Everything expires 90 days after the redemption (Apr 2); the purchase on
  // May 1 starts again, and cancelling on May 2 brings back nothing usable.
  auto r = balance_of(p,
                      "[" + purchase("o1", "2026-01-01", "600") +
                          R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"},)" +
                          purchase("o2", "2026-05-01", "50") + "," + cancel("k1", "2026-05-02", "x1") + "]",
                      "2026-05-03");
  EXPECT_EQ(r.available, 50);
  EXPECT_EQ(r.expired, 600);
  EXPECT_EQ(r.redeemed, 0);
  EXPECT_EQ(sum_of_movements(r), r.available + r.pending);
}

TEST(Cancellation, ReturnedPointsPayDebtFirst) {
  // 600 earned, 500 redeemed; the refund claws back 600: 100 taken, 500 owed.
  // The cancellation's 500 pay the debt: the net is as if neither happened.
  auto r = balance_of(base_program(),
                      "[" + purchase("o1", "2026-01-01", "600") +
                          R"(,{"id":"x1","type":"redemption","customer":"c","date":"2026-01-02","reward":"five"},)" +
                          R"({"id":"r1","type":"refund","customer":"c","date":"2026-01-03","purchase":"o1"},)" +
                          cancel("k1", "2026-01-04", "x1") + "]",
                      "2026-01-31");
  EXPECT_EQ(r.available, 0);
  EXPECT_EQ(r.owed, 0);
  EXPECT_EQ(r.redeemed, 0);
  ASSERT_EQ(r.entries.back().kind, EntryKind::cancel);
  EXPECT_EQ(r.entries.back().points, 0);
  EXPECT_EQ(r.entries.back().owed, -500);
}

TEST(Expiry, AcrossALeapDay) {
  Program p = base_program(R"("expiry":{"policy":"after_days","days":1},)");
  EXPECT_EQ(balance_of(p, "[" + purchase("o1", "2028-02-28", "10") + "]", "2028-02-28").available, 10);
  EXPECT_EQ(balance_of(p, "[" + purchase("o1", "2028-02-28", "10") + "]", "2028-02-29").available, 0);
  Program year = base_program(R"("expiry":{"policy":"after_days","days":366},)");
  EXPECT_EQ(balance_of(year, "[" + purchase("o1", "2028-01-01", "10") + "]", "2028-12-31").available, 10);
  EXPECT_EQ(balance_of(year, "[" + purchase("o1", "2028-01-01", "10") + "]", "2029-01-01").available, 0);
}

TEST(Expiry, InactivityResetsOnEachPurchase) {
  Program p = base_program(R"("expiry":{"policy":"inactivity_days","days":90},)");
  const std::string events = "[" + purchase("o1", "2026-01-01", "100") + "," + purchase("o2", "2026-03-31", "100") + "]";
  EXPECT_EQ(balance_of(p, events, "2026-06-28").available, 200);
  auto r = balance_of(p, events, "2026-06-29");
  EXPECT_EQ(r.available, 0);
  EXPECT_EQ(r.expired, 200);
  // A gap of 90 days loses the older points before the new purchase earns.
  auto gap = balance_of(p, "[" + purchase("o1", "2026-01-01", "100") + "," + purchase("o2", "2026-04-01", "100") + "]",
                        "2026-04-01");
  EXPECT_EQ(gap.available, 100);
  EXPECT_EQ(gap.expired, 100);
}

TEST(Expiry, EndOfYearWithGrace) {
  Program p = base_program(R"("expiry":{"policy":"end_of_year","grace_years":1},)");
  const std::string events = "[" + purchase("o1", "2025-12-31", "100") + "," + purchase("o2", "2026-01-01", "100") + "]";
  EXPECT_EQ(balance_of(p, events, "2026-12-31").available, 200);
  EXPECT_EQ(balance_of(p, events, "2027-01-01").available, 100);
  EXPECT_EQ(balance_of(p, events, "2028-01-01").available, 0);
}

TEST(Expiry, RefundOfExpiredPointsTakesNothingTwice) {
  Program p = base_program(R"("expiry":{"policy":"after_days","days":30},)");
  auto r = balance_of(p, "[" + purchase("o1", "2026-01-01", "100") + "," + purchase("o2", "2026-02-05", "100") +
                             R"(,{"id":"r1","type":"refund","customer":"c","date":"2026-02-10","purchase":"o1"}])",
                      "2026-02-20");
  EXPECT_EQ(r.available, 100);  // o1's points had expired: o2's stay
  EXPECT_EQ(r.expired, 100);
  EXPECT_EQ(r.owed, 0);
}

Program events_program() {
  return program_from(R"({"id":"p","currency":"USD","earn":[
    {"type":"event","id":"join","event":"signup","points":200},
    {"type":"event","id":"bday","event":"birthday","points":250},
    {"type":"event","id":"review","event":"review","points":50,"caps":{"day":1,"month":3}},
    {"type":"event","id":"refer","event":"referral","points":500,"caps":{"year":2}},
    {"type":"event","id":"friend","event":"referred","points":100},
    {"type":"event","id":"follow","event":"social_follow","points":25,"caps":{"lifetime":1}},
    {"type":"event","id":"news","event":"custom","name":"newsletter","points":10,"caps":{"lifetime":1}}]})");
}

std::string engagement(const char* id, const char* type, const char* date, const char* extra = "") {
  return std::string(R"({"id":")") + id + R"(","type":")" + type + R"(","customer":"c","date":")" + date + "\"" +
         extra + "}";
}

TEST(Events, SignupOnceBirthdayOncePerYear) {
  auto r = balance_of(events_program(),
                      "[" + engagement("s1", "signup", "2026-01-01") + "," + engagement("s2", "signup", "2026-02-01") +
                          "," + engagement("b1", "birthday", "2026-03-01") + "," +
                          engagement("b2", "birthday", "2026-03-02") + "," + engagement("b3", "birthday", "2027-03-01") +
                          "]",
                      "2027-12-31");
  EXPECT_EQ(r.lifetime_earned, 200 + 250 + 250);
  int capped = 0;
  for (const LedgerEntry& e : r.entries) capped += e.code == "capped";
  EXPECT_EQ(capped, 2);
}

TEST(Events, CapsPerDayMonthYearAndLifetime) {
  std::string events = "[";
  const char* days[] = {"2026-01-01", "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-02-01"};
  for (int i = 0; i < 6; ++i) {
    events += engagement(("r" + std::to_string(i)).c_str(), "review", days[i]) + ",";
  }
  events += engagement("f1", "referral", "2026-01-01") + "," + engagement("f2", "referral", "2026-05-01") + "," +
            engagement("f3", "referral", "2026-09-01") + "," + engagement("f4", "referral", "2027-01-01") + ",";
  events += engagement("g1", "social_follow", "2026-01-01") + "," + engagement("g2", "social_follow", "2027-01-01") + ",";
  events += engagement("n1", "custom", "2026-01-01", R"(,"name":"newsletter")") + "," +
            engagement("n2", "custom", "2026-01-02", R"(,"name":"newsletter")") + "," +
            engagement("n3", "custom", "2026-01-02", R"(,"name":"other")") + "," + engagement("m1", "referred", "2026-01-01") +
            "]";
  auto r = balance_of(events_program(), events, "2027-12-31");
  // reviews: Jan 1, 2, 3 (the second on Jan 1 is over the day cap, Jan 4 over
  // the month cap) and Feb 1 = 4 x 50; referrals 2 in 2026 + 1 in 2027;
  // follow once; newsletter once; other custom events earn nothing; referred 100.
  EXPECT_EQ(r.lifetime_earned, 4 * 50 + 3 * 500 + 25 + 10 + 100);
}

TEST(Tiers, LifetimePointsWithInvitationOnlyLevel) {
  Program p = program_from(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"levels":[{"id":"bronze","threshold":0},{"id":"silver","threshold":500},
      {"id":"vip","invitation_only":true,"multiplier":3},{"id":"gold","threshold":2000,"multiplier":2}]}})");
  auto r = balance_of(p, "[" + purchase("o1", "2026-01-01", "600") + "]", "2026-01-31");
  EXPECT_EQ(r.tier.id, "silver");
  ASSERT_TRUE(r.tier.next_id.has_value());
  EXPECT_EQ(*r.tier.next_id, "gold");  // the invitation-only level is skipped
  EXPECT_EQ(r.tier.next_needed, 1400);
  auto invited = balance_of(p, "[" + purchase("o1", "2026-01-01", "600") +
                                   R"(,{"id":"i1","type":"tier_invitation","customer":"c","date":"2026-01-02","level":"vip"},)" +
                                   purchase("o2", "2026-01-03", "100") + "]",
                            "2026-01-31");
  EXPECT_EQ(invited.tier.id, "vip");
  EXPECT_TRUE(invited.tier.invited);
  EXPECT_EQ(invited.lifetime_earned, 600 + 300);
  auto revoked = balance_of(p, "[" + purchase("o1", "2026-01-01", "600") +
                                   R"(,{"id":"i1","type":"tier_invitation","customer":"c","date":"2026-01-02","level":"vip"},
                                      {"id":"i2","type":"tier_revocation","customer":"c","date":"2026-01-03"}])",
                            "2026-01-31");
  EXPECT_EQ(revoked.tier.id, "silver");
}

Program calendar_program(const char* downgrade) {
  return program_from(std::string(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"basis":"points","window":"calendar_year","downgrade":")") + downgrade + R"(","levels":[
      {"id":"member","threshold":0},{"id":"silver","threshold":500,"retention":300},{"id":"gold","threshold":1000,"retention":800}]}})");
}

TEST(Tiers, CalendarYearStatusLastsThroughTheNextYearThenNeedsRetention) {
  Program p = calendar_program("end_of_window");
  const std::string reached = "[" + purchase("o1", "2025-06-01", "1000");
  EXPECT_EQ(balance_of(p, reached + "]", "2025-12-31").tier.id, "gold");
  EXPECT_EQ(balance_of(p, reached + "]", "2026-12-31").tier.id, "gold");  // earned in 2025, held in 2026
  EXPECT_EQ(balance_of(p, reached + "]", "2027-01-01").tier.id, "member");
  // Retention: 800 in 2026 keeps gold for 2027; 300 would keep silver.
  EXPECT_EQ(balance_of(p, reached + "," + purchase("o2", "2026-06-01", "800") + "]", "2027-06-01").tier.id, "gold");
  EXPECT_EQ(balance_of(p, reached + "," + purchase("o2", "2026-06-01", "300") + "]", "2027-06-01").tier.id, "silver");
  auto progress = balance_of(p, reached + "," + purchase("o2", "2027-02-01", "100") + "]", "2027-06-01");
  EXPECT_EQ(progress.tier.window_total, 100);
  EXPECT_EQ(progress.tier.next_needed, 400);
}

TEST(Tiers, NeverDowngradeKeepsTheBestYear) {
  Program p = calendar_program("never");
  EXPECT_EQ(balance_of(p, "[" + purchase("o1", "2025-06-01", "1000") + "]", "2030-01-01").tier.id, "gold");
}

TEST(Tiers, RollingTwelveMonthsWithRetentionAndALeapDay) {
  Program p = program_from(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"basis":"spend","window":"rolling_12_months","downgrade":"end_of_window","levels":[
      {"id":"member","threshold":0},{"id":"gold","threshold":"1000","retention":"400"}]}})");
  const std::string events = "[" + purchase("o1", "2028-02-29", "700") + "," + purchase("o2", "2028-06-01", "300") + "]";
  EXPECT_EQ(balance_of(p, events, "2028-06-01").tier.id, "gold");
  // o1 leaves the window on 2029-03-01 (a year after a leap day): 300 is
  // below gold's retention of 400.
  EXPECT_EQ(balance_of(p, events, "2029-02-28").tier.id, "gold");
  EXPECT_EQ(balance_of(p, events, "2029-03-01").tier.id, "member");
  // With 500 still in the window, retention holds gold.
  const std::string kept = "[" + purchase("o1", "2028-02-29", "500") + "," + purchase("o2", "2028-06-01", "500") + "]";
  EXPECT_EQ(balance_of(p, kept, "2029-03-01").tier.id, "gold");
  EXPECT_EQ(balance_of(p, kept, "2029-06-01").tier.id, "member");
}

TEST(Limits, PointsNearTheInt64LimitOverflowCleanly) {
  Program p = program_from(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1000}]})");
  auto events = testing::events_from("[" + purchase("o1", "2026-01-01", "9000000000000000.00") + "," +
                                     purchase("o2", "2026-01-02", "9000000000000000.00") + "]");
  auto r = compute_balance(p, events, "c", testing::day("2026-12-31"), "events");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::overflow);
  EXPECT_EQ(r.error().where.rfind("events:", 0), 0u) << r.error().where;

  Program one = program_from(R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}]})");
  auto big = balance_of(one, "[" + purchase("o1", "2026-01-01", "92233720368547758.07") + "]", "2026-12-31");
  EXPECT_EQ(big.available, 92233720368547758);
}

TEST(Limits, AHundredThousandEventsForOneCustomer) {
  Program p = base_program(R"("expiry":{"policy":"after_days","days":30},)");
  std::string events = "[";
  for (int i = 0; i < 100000; ++i) {
    if (i) events += ",";
    const int day = i / 400;  // 250 days, 400 events a day
    const Date date = testing::day("2026-01-01").plus_days(day);
    if (i % 10 == 9) {
      events += R"({"id":"x)" + std::to_string(i) + R"(","type":"redemption","customer":"c","date":")" +
                date.to_string() + R"(","reward":"cash","points":100})";
    } else {
      events += purchase(("o" + std::to_string(i)).c_str(), date.to_string().c_str(), "20.00");
    }
  }
  events += "]";
  auto r = balance_of(p, events, "2026-12-31");
  EXPECT_EQ(r.lifetime_earned, 90000 * 20);
  EXPECT_EQ(r.redeemed + r.expired + r.available + r.pending, r.lifetime_earned);
  EXPECT_EQ(sum_of_movements(r), r.available + r.pending);
}

}  // namespace
}  // namespace loyalty
