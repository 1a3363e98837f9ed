// Causes, donation rewards and the pledge. Worked by hand (the programs
// README's "Giving" section): a pledge of 1.5% of eligible spend to "trees";
// a 500-point donation reward giving 5.00.
//   p1: 100.00 coat + 20.00 gift card (excluded): eligible 100.00, pledge 1.50
//   p2: 33.33: pledge 0.49995 -> 0.50 (half up, per purchase)
//   r1: refunds 60.00 of p1's 120.00, half: the pledge falls by 0.75
//   d1: 500 points to food-bank: 5.00 donated
//   d2: 500 points to trees, then cancelled (x1): nothing given
//   d3: no cause (the reward has two): cause_required; d4: "whales": unknown_cause
// trees: pledged 1.50 - 0.75 + 0.50 = 1.25; food-bank: donated 5.00.
// Given in all 6.25. Liability settled by food-bank's donation: 500 x 0.01.
#include <gtest/gtest.h>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/metrics.hpp"
#include "loyalty/rewards.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

const char* kProgram = R"({"id":"g","currency":"USD","point_value":"0.01",
  "exclusions":{"categories":["gift_card"]},
  "causes":[{"id":"trees","name":"Plant trees"},{"id":"food-bank","name":"The food bank","description":"Meals nearby"}],
  "pledge":{"cause":"trees","percent":"1.5"},
  "earn":[{"type":"per_unit","id":"base","points_per_unit":10}],
  "rewards":[{"id":"give-five","type":"donation","cost":500,"value":"5.00"}]})";

const char* kEvents = R"([
  {"id":"p1","customer":"c","date":"2026-01-05","items":[{"sku":"COAT","price":"100.00"},{"sku":"GIFT","price":"20.00","category":"gift_card"}]},
  {"id":"p2","customer":"c","date":"2026-01-06","amount":"33.33"},
  {"type":"adjustment","id":"a1","customer":"c","date":"2026-01-07","points":1000},
  {"type":"refund","id":"r1","customer":"c","date":"2026-01-10","purchase":"p1","amount":"60.00"},
  {"type":"redemption","id":"d1","customer":"c","date":"2026-01-11","reward":"give-five","cause":"food-bank"},
  {"type":"redemption","id":"d2","customer":"c","date":"2026-01-12","reward":"give-five","cause":"trees"},
  {"type":"cancellation","id":"x1","customer":"c","date":"2026-01-13","redemption":"d2"},
  {"type":"redemption","id":"d3","customer":"c","date":"2026-01-14","reward":"give-five"},
  {"type":"redemption","id":"d4","customer":"c","date":"2026-01-14","reward":"give-five","cause":"whales"}])";

TEST(Giving, DonationsAndThePledgeArePerCauseAndRefundsTakeThePledgeBack) {
  const Program program = testing::program_from(kProgram);
  auto report = compute_balance(program, testing::events_from(kEvents), "c", testing::day("2026-01-31"), "events");
  ASSERT_TRUE(report.ok()) << report.error().describe();
  ASSERT_EQ(report->giving.size(), 2u);
  EXPECT_EQ(report->giving[0].cause, "trees");
  EXPECT_EQ(report->giving[0].donations, 0);
  EXPECT_EQ(report->giving[0].donated_minor, 0);
  EXPECT_EQ(report->giving[0].pledged_minor, 125);
  EXPECT_EQ(report->giving[1].cause, "food-bank");
  EXPECT_EQ(report->giving[1].donations, 1);
  EXPECT_EQ(report->giving[1].points, 500);
  EXPECT_EQ(report->giving[1].donated_minor, 500);
  EXPECT_EQ(report->giving[1].pledged_minor, 0);
  ASSERT_EQ(report->warnings.size(), 2u);
  EXPECT_EQ(report->warnings[0].code, "cause_required");
  EXPECT_EQ(report->warnings[0].message,
            "redemption \"d3\" was rejected: choose the cause to give to: trees, food-bank");
  EXPECT_EQ(report->warnings[1].code, "unknown_cause");
  EXPECT_EQ(report->redeemed, 500);

  const std::string json = render_balance_json(*report, program);
  EXPECT_NE(json.find(R"("giving":{"given":"6.25","donated":"5.00","pledged":"1.25","causes":[)"
                      R"({"cause":"trees","name":"Plant trees","donations":0,"points":0,"donated":"0.00","pledged":"1.25","given":"1.25"},)"
                      R"({"cause":"food-bank","name":"The food bank","donations":1,"points":500,"donated":"5.00","pledged":"0.00","given":"5.00"}]})"),
            std::string::npos)
      << json;

  auto metrics = compute_metrics(program, testing::events_from(kEvents), testing::day("2026-01-31"), "events");
  ASSERT_TRUE(metrics.ok());
  const std::string printed = render_metrics_json(*metrics, program);
  EXPECT_NE(printed.find(R"({"cause":"food-bank","name":"The food bank","donations":1,"points":500,"donated":"5.00",)"
                         R"("pledged":"0.00","given":"5.00","liability_settled":"5.00"})"),
            std::string::npos)
      << printed;
}

TEST(Giving, TheCatalogOffersADonationWithoutItsCauseAndTheEventsKeepIt) {
  const Program program = testing::program_from(kProgram);
  const std::vector<Event> events = testing::events_from(kEvents);
  const std::string written = render_events_json(events, program.currency, program.exchange_rates);
  EXPECT_NE(written.find(R"("reward":"give-five","cause":"food-bank")"), std::string::npos) << written;
  auto balance = compute_balance(program, events, "c", testing::day("2026-01-31"), "events");
  ASSERT_TRUE(balance.ok());
  auto rewards = evaluate_rewards(program, *balance);
  ASSERT_TRUE(rewards.ok());
  ASSERT_EQ(rewards->rewards.size(), 1u);
  EXPECT_TRUE(rewards->rewards[0].decision.ok()) << rewards->rewards[0].decision.code;
}

TEST(Giving, CausesAndPledgesAreCheckedWhereTheyAreWritten) {
  auto error_of = [](const std::string& extra) {
    auto program = parse_program(R"({"id":"p","currency":"USD","earn":[])" + extra + "}", "program.json");
    return program.ok() ? std::string("ok") : program.error().describe();
  };
  EXPECT_EQ(error_of(R"(,"rewards":[{"id":"d","type":"donation","cost":5,"value":"1.00"}])"),
            "program.json: rewards[0].type: a donation needs the program's causes (top-level \"causes\")");
  EXPECT_EQ(error_of(R"(,"causes":[{"id":"trees"}],"rewards":[{"id":"d","type":"donation","cost":5,"value":"1.00","causes":["whales"]}])"),
            "program.json: rewards[0].causes[0]: \"whales\" is not one of the program's causes");
  EXPECT_EQ(error_of(R"(,"causes":[{"id":"trees"}],"rewards":[{"id":"d","type":"donation","cost":5,"value":"0"}])"),
            "program.json: rewards[0].value: must be more than zero");
  EXPECT_EQ(error_of(R"(,"causes":[{"id":"trees"}],"pledge":{"cause":"seas","percent":1})"),
            "program.json: pledge.cause: \"seas\" is not one of the program's causes");
  EXPECT_EQ(error_of(R"(,"causes":[{"id":"trees"}],"pledge":{"cause":"trees","percent":"100.5"})"),
            "program.json: pledge.percent: must be at most 100");
  EXPECT_EQ(error_of(R"(,"causes":[{"id":"trees"},{"id":"trees"}])"),
            "program.json: causes[1].id: \"trees\" is already the id of another cause");
  EXPECT_EQ(error_of(R"(,"causes":[{"id":"trees"}],"pledge":{"cause":"trees","percent":"0.25"})"), "ok");
}

}  // namespace
}  // namespace loyalty
