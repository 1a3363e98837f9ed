// Surveys and the Net Promoter Score. Worked by hand: the program asks once
// a quarter and a survey answer earns 50 points.
//   a: 10 on 2026-01-10 (promoter, counted), 3 on 2026-02-15 (same quarter:
//      rejected, earns nothing, not counted), 8 on 2026-04-02 (passive)
//   b: 6 on 2026-01-20 (detractor), 9 on 2026-03-31 (same quarter: rejected)
//   c: 9 on 2026-04-30 (promoter); d: 0 on 2026-05-03, e: 2 on 2026-05-04
// January: 1 promoter, 1 detractor of 2: 50% - 50% = 0.00.
// April: 1 promoter, 1 passive of 2: 50.00. May: 2 detractors: -100.00.
// Overall: 6 answers, 2 promoters, 1 passive, 3 detractors:
//   (2 - 3) / 6 = -16.666...% = -16.67.
#include <gtest/gtest.h>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/metrics.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

const char* kProgram = R"({"id":"p","currency":"USD","survey":{"every":"quarter"},"earn":[
  {"type":"spend_bands","id":"bands","bands":[{"above":"50.00","points_per_unit":1}]},
  {"type":"event","id":"nps","event":"survey","points":50}]})";

const char* kEvents = R"([
  {"id":"p1","customer":"a","date":"2026-01-05","amount":"100.00"},
  {"type":"survey","id":"s1","customer":"a","date":"2026-01-10","score":10,"comment":"Lovely, fast delivery"},
  {"type":"survey","id":"s2","customer":"a","date":"2026-02-15","score":3},
  {"type":"survey","id":"s3","customer":"a","date":"2026-04-02","score":8},
  {"type":"survey","id":"s4","customer":"b","date":"2026-01-20","score":6},
  {"type":"survey","id":"s5","customer":"b","date":"2026-03-31","score":9},
  {"type":"survey","id":"s6","customer":"c","date":"2026-04-30","score":9},
  {"type":"survey","id":"s7","customer":"d","date":"2026-05-03","score":0},
  {"type":"survey","id":"s8","customer":"e","date":"2026-05-04","score":2}])";

TEST(Survey, OnceAPeriodEarnsAndTheBalanceSaysWhenTheNextIsDue) {
  const Program program = testing::program_from(kProgram);
  auto early = compute_balance(program, testing::events_from(kEvents), "a", testing::day("2026-03-31"), "events");
  ASSERT_TRUE(early.ok());
  // 50 for the $100 purchase, 50 for the January answer; February's is rejected.
  EXPECT_EQ(early->available, 100);
  ASSERT_TRUE(early->survey);
  EXPECT_FALSE(early->survey->due);
  EXPECT_EQ(*early->survey->last, testing::day("2026-01-10"));
  EXPECT_EQ(*early->survey->next, testing::day("2026-04-01"));
  ASSERT_EQ(early->warnings.size(), 1u);
  EXPECT_EQ(early->warnings[0].code, "survey_already_answered");
  EXPECT_EQ(early->warnings[0].message,
            "survey \"s2\" was rejected: a survey was already answered on 2026-01-10; the next can be answered from "
            "2026-04-01");

  auto april = compute_balance(program, testing::events_from(kEvents), "a", testing::day("2026-04-01"), "events");
  ASSERT_TRUE(april.ok());
  EXPECT_TRUE(april->survey->due);
  auto later = compute_balance(program, testing::events_from(kEvents), "a", testing::day("2026-06-30"), "events");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->available, 150);
  EXPECT_FALSE(later->survey->due);
  EXPECT_EQ(*later->survey->next, testing::day("2026-07-01"));

  // A program without "survey" never asks: the balance has no survey status.
  auto plain = compute_balance(testing::classic(), {}, "a", testing::day("2026-04-01"), "events");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->survey);
}

TEST(Survey, NetPromoterScorePerMonthAndOverall) {
  const Program program = testing::program_from(kProgram);
  auto metrics = compute_metrics(program, testing::events_from(kEvents), testing::day("2026-05-31"), "events");
  ASSERT_TRUE(metrics.ok()) << metrics.error().describe();
  EXPECT_EQ(metrics->nps.responses, 6);
  EXPECT_EQ(metrics->nps.promoters, 2);
  EXPECT_EQ(metrics->nps.passives, 1);
  EXPECT_EQ(metrics->nps.detractors, 3);
  EXPECT_EQ(metrics->nps.score(), "-16.67");
  ASSERT_EQ(metrics->nps_months.size(), 3u);
  EXPECT_EQ(metrics->nps_months[0].period, "2026-01");
  EXPECT_EQ(metrics->nps_months[0].score(), "0.00");
  EXPECT_EQ(metrics->nps_months[1].period, "2026-04");
  EXPECT_EQ(metrics->nps_months[1].score(), "50.00");
  EXPECT_EQ(metrics->nps_months[2].period, "2026-05");
  EXPECT_EQ(metrics->nps_months[2].score(), "-100.00");
  EXPECT_EQ(NetPromoterScore{}.score(), "0.00");
}

TEST(Survey, ScoresAreWholeNumbersFromZeroToTen) {
  const Currency usd{"USD", 2};
  auto read = [&](const char* json) {
    Status status = read_events(json, LogFormat::json, "events", usd, ExchangeRates{}, [](Event&&) { return Status(Ok{}); });
    return status.ok() ? std::string("ok") : status.error().where + ": " + status.error().message;
  };
  EXPECT_EQ(read(R"([{"type":"survey","id":"s","customer":"a","date":"2026-01-01","score":10}])"), "ok");
  EXPECT_NE(read(R"([{"type":"survey","id":"s","customer":"a","date":"2026-01-01","score":11}])").find("events: [0].score"),
            std::string::npos);
  EXPECT_NE(read(R"([{"type":"survey","id":"s","customer":"a","date":"2026-01-01"}])").find("[0].score"), std::string::npos);
  EXPECT_NE(read(R"([{"type":"survey","id":"s","customer":"a","date":"2026-01-01","score":7.5}])").find("[0].score"),
            std::string::npos);
  auto program = parse_program(R"({"id":"p","currency":"USD","earn":[],"survey":{"every":"week"}})", "p.json");
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.error().where, "p.json: survey.every");
}

}  // namespace
}  // namespace loyalty
