// The open ledger's contract beyond the replay property (property_test.cpp):
// what it refuses, and that a refusal changes nothing.
#include <gtest/gtest.h>

#include "loyalty/open_ledger.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

const char* kProgram = R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","id":"base","points_per_unit":1}],
  "expiry":{"policy":"after_days","days":30},
  "rewards":[{"id":"r","type":"amount_off","cost":100,"value":"1.00"}]})";

TEST(OpenLedger, AppendsReturnWhatTheNewEventsDid) {
  const Program program = testing::program_from(kProgram);
  OpenLedger ledger(program, "a", "events");
  auto first = ledger.append(testing::events_from(R"([
    {"id":"2","customer":"a","date":"2026-01-06","amount":"50.00"},
    {"id":"1","customer":"a","date":"2026-01-05","amount":"100.00"}])"));
  ASSERT_TRUE(first.ok()) << first.error().describe();
  ASSERT_EQ(first->entries.size(), 2u);
  EXPECT_EQ(first->entries[0].event_id, "1");  // applied in ledger order
  EXPECT_EQ(first->entries[1].points, 50);

  auto redeemed = ledger.append(testing::events_from(
      R"([{"id":"3","type":"redemption","customer":"a","date":"2026-01-07","reward":"r"}])"));
  ASSERT_TRUE(redeemed.ok());
  ASSERT_EQ(redeemed->entries.size(), 1u);
  EXPECT_EQ(redeemed->entries[0].kind, EntryKind::redeem);
  EXPECT_EQ(redeemed->entries[0].points, -100);
  EXPECT_EQ(redeemed->entries[0].discount_minor, 100);

  auto balance = ledger.balance(testing::day("2026-01-20"));
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->available, 50);
  EXPECT_TRUE(balance->entries.empty());  // not asked for
  EXPECT_EQ(ledger.balance(testing::day("2026-01-20"), true)->entries.size(), 3u);
  EXPECT_EQ(ledger.events_applied(), 3u);

  // A rejection is an entry of the call that made it, and changes no figure.
  auto rejected = ledger.append(testing::events_from(
      R"([{"id":"4","type":"redemption","customer":"a","date":"2026-01-21","reward":"r"}])"));
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->entries.size(), 1u);
  EXPECT_EQ(rejected->entries[0].kind, EntryKind::rejected);
  EXPECT_EQ(rejected->entries[0].code, "insufficient_points");
  EXPECT_EQ(ledger.balance(testing::day("2026-01-21"))->available, 50);
}

TEST(OpenLedger, RefusesWhatWouldComeBeforeItsHistoryAndChangesNothing) {
  const Program program = testing::program_from(kProgram);
  OpenLedger ledger(program, "a", "events");
  ASSERT_TRUE(ledger.append(testing::events_from(
      R"([{"id":"1","customer":"a","date":"2026-01-05T12:00:00Z","amount":"100.00"}])")).ok());

  // Earlier than what it holds: the whole call is refused, the good event too.
  auto early = ledger.append(testing::events_from(R"([
    {"id":"2","customer":"a","date":"2026-01-09","amount":"10.00"},
    {"id":"0","customer":"a","date":"2026-01-05T11:59:59Z","amount":"10.00"}])"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::out_of_order);
  EXPECT_NE(early.error().message.find("\"0\" comes before \"1\""), std::string::npos) << early.error().message;
  EXPECT_EQ(ledger.events_applied(), 1u);

  // Another customer's event: refused, nothing applied.
  auto other = ledger.append(testing::events_from(R"([
    {"id":"2","customer":"a","date":"2026-01-09","amount":"10.00"},
    {"id":"x","customer":"b","date":"2026-01-09","amount":"10.00"}])"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::invalid_value);
  EXPECT_EQ(other.error().where, "events: [1]");
  EXPECT_EQ(ledger.events_applied(), 1u);

  // A balance fixes the day: nothing dated before it may follow, and no
  // balance may be asked for an earlier day or before the last event.
  ASSERT_TRUE(ledger.balance(testing::day("2026-01-10")).ok());
  auto backdated = ledger.append(testing::events_from(
      R"([{"id":"2","customer":"a","date":"2026-01-09T23:00:00Z","amount":"10.00"}])"));
  ASSERT_FALSE(backdated.ok());
  EXPECT_EQ(backdated.error().code, ErrorCode::out_of_order);
  EXPECT_EQ(ledger.balance(testing::day("2026-01-09")).error().code, ErrorCode::out_of_order);
  EXPECT_EQ(ledger.balance(testing::day("2026-01-10"))->available, 100);

  // An event on the balance's own day is fine; a repeated id counts once.
  auto same_day = ledger.append(testing::events_from(R"([
    {"id":"1","customer":"a","date":"2026-01-10","amount":"999.00"},
    {"id":"3","customer":"a","date":"2026-01-10","amount":"20.00"},
    {"id":"3","customer":"a","date":"2026-01-10","amount":"20.00"}])"));
  ASSERT_TRUE(same_day.ok()) << same_day.error().describe();
  ASSERT_EQ(same_day->entries.size(), 1u);
  ASSERT_EQ(same_day->warnings.size(), 2u);
  EXPECT_EQ(same_day->warnings[0].code, "duplicate_event");
  EXPECT_EQ(ledger.balance(testing::day("2026-01-10"))->available, 120);
}

TEST(OpenLedger, AnOverflowStopsTheLedgerForGood) {
  const Program program = testing::program_from(kProgram);
  OpenLedger ledger(program, "a", "events");
  // Adjustments are at most 10^15 points each: 9,300 of them pass int64.
  std::string log = "[";
  for (int i = 0; i < 9300; ++i) {
    log += std::string(i ? "," : "") + R"({"id":"adj-)" + std::to_string(i) +
           R"(","type":"adjustment","customer":"a","date":"2026-01-05","points":1000000000000000})";
  }
  auto overflow = ledger.append(testing::events_from(log + "]"));
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.error().code, ErrorCode::overflow);
  EXPECT_EQ(ledger.balance(testing::day("2026-01-06")).error().code, ErrorCode::overflow);
  EXPECT_EQ(ledger.append({}).error().code, ErrorCode::overflow);
}

}  // namespace
}  // namespace loyalty
