#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loyalty/statement.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

using testing::classic;

Statement statement_of(std::string_view log, LogFormat format = LogFormat::json,
                       StatementOptions options = {}) {
  auto statement = compute_statement(classic(), log, format, "log", std::move(options));
  EXPECT_TRUE(statement.ok()) << (statement.ok() ? "" : statement.error().describe());
  return statement.ok() ? std::move(statement).value() : Statement{};
}

const MonthTotal* month(const CustomerStatement& customer, std::string_view ym) {
  for (const MonthTotal& m : customer.months) {
    if (m.month.to_string() == ym) return &m;
  }
  return nullptr;
}

TEST(Statement, PointsPerCustomerPerMonthAndTotal) {
  Statement s = statement_of(R"([
    {"id":"1","customer":"bob","date":"2026-01-05","amount":120},
    {"id":"2","customer":"alice","date":"2026-01-06","amount":"75.99"},
    {"id":"3","customer":"bob","date":"2026-01-20","amount":101.01},
    {"id":"4","customer":"bob","date":"2026-03-01","amount":50},
    {"id":"5","customer":"alice","date":"2026-02-10T09:00:00+02:00","amount":200}
  ])");
  ASSERT_EQ(s.customers.size(), 2u);
  EXPECT_EQ(s.customers[0].customer, "alice");  // sorted by id
  EXPECT_EQ(s.customers[1].customer, "bob");
  const CustomerStatement& alice = s.customers[0];
  ASSERT_EQ(alice.months.size(), 2u);
  EXPECT_EQ(alice.months[0].month.to_string(), "2026-01");
  EXPECT_EQ(alice.months[0].points, 25);
  EXPECT_EQ(alice.months[1].points, 250);
  EXPECT_EQ(alice.total, 275);
  const CustomerStatement& bob = s.customers[1];
  ASSERT_EQ(bob.months.size(), 2u);  // only months with transactions without a range
  EXPECT_EQ(bob.months[0].points, 90 + 52);
  EXPECT_EQ(bob.months[0].transactions, 2);
  EXPECT_EQ(bob.months[0].spend_minor, 22101);
  EXPECT_EQ(bob.months[1].points, 0);  // a $50 purchase: listed, earns nothing
  EXPECT_EQ(bob.total, 142);
  EXPECT_EQ(s.transactions_read, 5);
  EXPECT_EQ(s.transactions_counted, 5);
  EXPECT_TRUE(s.warnings.empty());
}

TEST(Statement, SameMonthInDifferentYearsIsKeptApart) {
  Statement s = statement_of(R"([
    {"id":"1","customer":"c","date":"2025-03-15","amount":120},
    {"id":"2","customer":"c","date":"2026-03-15","amount":110}])");
  ASSERT_EQ(s.customers.size(), 1u);
  ASSERT_EQ(s.customers[0].months.size(), 2u);
  EXPECT_EQ(s.customers[0].months[0].month.to_string(), "2025-03");
  EXPECT_EQ(s.customers[0].months[0].points, 90);
  EXPECT_EQ(s.customers[0].months[1].month.to_string(), "2026-03");
  EXPECT_EQ(s.customers[0].months[1].points, 70);
}

TEST(Statement, RepeatedIdCountsOnceWithAWarning) {
  Statement s = statement_of(R"([
    {"id":"t1","customer":"c","date":"2026-01-01","amount":120},
    {"id":"t1","customer":"c","date":"2026-01-01","amount":120},
    {"id":"t1","customer":"d","date":"2026-01-02","amount":500}])");
  ASSERT_EQ(s.customers.size(), 1u);
  EXPECT_EQ(s.customers[0].total, 90);
  EXPECT_EQ(s.transactions_read, 3);
  EXPECT_EQ(s.transactions_counted, 1);
  ASSERT_EQ(s.warnings.size(), 2u);
  EXPECT_EQ(s.warnings[0].code, "duplicate_transaction");
  EXPECT_EQ(s.warnings[0].where, "log: [1]");
  EXPECT_NE(s.warnings[0].message.find("log: [0]"), std::string::npos);
  EXPECT_NE(s.warnings[0].message.find("counted once"), std::string::npos);
  EXPECT_NE(s.warnings[1].message.find("differs"), std::string::npos);
}

TEST(Statement, CsvAndJsonGiveTheSameStatement) {
  Statement from_json = statement_of(R"([
    {"id":"1","customer":"c","date":"2026-01-05","amount":120},
    {"id":"2","customer":"d","date":"2026-02-05","amount":"130.50"}])");
  Statement from_csv = statement_of("id,customer,date,amount\n1,c,2026-01-05,120\n2,d,2026-02-05,130.50\n",
                                    LogFormat::csv);
  EXPECT_EQ(render_statement_json(from_json), render_statement_json(from_csv));
}

TEST(Statement, MonthRangeFiltersAndZeroFills) {
  StatementOptions options;
  options.from = YearMonth{2026, 1};
  options.to = YearMonth{2026, 3};
  Statement s = statement_of(R"([
    {"id":"1","customer":"c","date":"2025-12-31","amount":500},
    {"id":"2","customer":"c","date":"2026-02-01","amount":120},
    {"id":"3","customer":"d","date":"2026-04-01","amount":120}])",
                             LogFormat::json, options);
  ASSERT_EQ(s.customers.size(), 1u);  // d has nothing in the range
  const CustomerStatement& c = s.customers[0];
  ASSERT_EQ(c.months.size(), 3u);
  EXPECT_EQ(month(c, "2026-01")->points, 0);
  EXPECT_EQ(month(c, "2026-01")->transactions, 0);
  EXPECT_EQ(month(c, "2026-02")->points, 90);
  EXPECT_EQ(month(c, "2026-03")->points, 0);
  EXPECT_EQ(c.total, 90);
  EXPECT_EQ(s.transactions_counted, 1);
}

TEST(Statement, OpenEndedRangeIsClosedByTheData) {
  StatementOptions options;
  options.from = YearMonth{2025, 11};
  Statement s = statement_of(R"([
    {"id":"1","customer":"c","date":"2025-10-31","amount":500},
    {"id":"2","customer":"c","date":"2026-01-01","amount":120},
    {"id":"3","customer":"d","date":"2026-02-01","amount":120}])",
                             LogFormat::json, options);
  ASSERT_EQ(s.customers.size(), 2u);
  EXPECT_EQ(s.customers[0].months.size(), 4u);  // 2025-11 .. 2026-02
  EXPECT_EQ(s.customers[1].months.size(), 4u);
  EXPECT_EQ(s.customers[0].months.front().month.to_string(), "2025-11");
  EXPECT_EQ(s.customers[0].months.back().month.to_string(), "2026-02");
}

TEST(Statement, RangeAcrossAYearEnd) {
  StatementOptions options;
  options.from = YearMonth{2025, 11};
  options.to = YearMonth{2026, 1};
  Statement s = statement_of(R"([{"id":"1","customer":"c","date":"2025-12-24","amount":150}])",
                             LogFormat::json, options);
  ASSERT_EQ(s.customers.size(), 1u);
  ASSERT_EQ(s.customers[0].months.size(), 3u);
  EXPECT_EQ(s.customers[0].months[2].month.to_string(), "2026-01");
}

TEST(Statement, EmptyRangeIsAnError) {
  StatementOptions options;
  options.from = YearMonth{2026, 3};
  options.to = YearMonth{2026, 1};
  auto s = compute_statement(classic(), "[]", LogFormat::json, "log", options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::usage);
}

TEST(Statement, NegativeAmountsWarnAndEarnNothing) {
  Statement s = statement_of(R"([{"id":"1","customer":"c","date":"2026-01-01","amount":120},
    {"id":"2","customer":"c","date":"2026-01-02","amount":-10}])");
  ASSERT_EQ(s.customers.size(), 1u);
  EXPECT_EQ(s.customers[0].total, 90);
  EXPECT_EQ(s.customers[0].spend_minor, 11000);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_EQ(s.warnings[0].code, "negative_amount");
}

TEST(Statement, NothingIsReturnedWhenAnyRecordIsBad) {
  auto s = compute_statement(classic(), R"([{"id":"1","customer":"c","date":"2026-01-01","amount":120},
    {"id":"2","customer":"c","date":"2026-02-30","amount":10}])", LogFormat::json, "log");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().where, "log: [1].date");
}

TEST(Statement, TotalsOverflowIsAnErrorNotAWrap) {
  // Each purchase earns ~1.8e17 points; 60 of them exceed int64.
  std::string log = "[";
  for (int i = 0; i < 60; ++i) {
    if (i) log += ',';
    log += R"({"id":")" + std::to_string(i) +
           R"(","customer":"c","date":"2026-01-01","amount":"92233720368547758.07"})";
  }
  log += "]";
  auto s = compute_statement(classic(), log, LogFormat::json, "log");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::overflow);
}

TEST(Statement, WarningsAreCapped) {
  std::string log = "[";
  for (int i = 0; i < 30; ++i) {
    if (i) log += ',';
    log += R"({"id":"same","customer":"c","date":"2026-01-01","amount":1})";
  }
  log += "]";
  StatementOptions options;
  options.max_warnings = 10;
  Statement s = statement_of(log, LogFormat::json, options);
  ASSERT_EQ(s.warnings.size(), 11u);
  EXPECT_EQ(s.warnings.back().code, "warnings_truncated");
  EXPECT_NE(s.warnings.back().message.find("19"), std::string::npos);
}

TEST(Statement, ProgramsWithTiersGoThroughEachCustomersLedger) {
  Program tiered = testing::program_from(R"({"id":"t","currency":"USD","earn":[
    {"type":"per_unit","id":"base","points_per_unit":1},
    {"type":"comeback","id":"back","points":5,"within_days":10}],
    "tiers":{"levels":[{"id":"m","threshold":0},{"id":"g","threshold":100,"multiplier":2}]}})");
  const std::string log = R"([
    {"id":"1","customer":"c","date":"2026-01-01","amount":150},
    {"id":"2","customer":"c","date":"2026-01-05","amount":10},
    {"id":"2","customer":"c","date":"2026-01-05","amount":10},
    {"id":"3","customer":"d","date":"2026-02-01","amount":10}])";
  auto s = compute_statement(tiered, log, LogFormat::json, "log", {});
  ASSERT_TRUE(s.ok()) << s.error().describe();
  ASSERT_EQ(s->customers.size(), 2u);
  // c: 150, then 10 at gold (20) with the comeback bonus (5); the repeat counts once.
  EXPECT_EQ(s->customers[0].total, 150 + 20 + 5);
  EXPECT_EQ(s->customers[1].total, 10);
  ASSERT_EQ(s->warnings.size(), 1u);
  EXPECT_EQ(s->warnings[0].code, "duplicate_transaction");
  auto balance = compute_balance(tiered, testing::events_from(log), "c", testing::day("2026-12-31"), "log");
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->lifetime_earned, s->customers[0].total);
}

TEST(StatementJson, HasTheFixedShape) {
  Statement s = statement_of(R"([{"id":"1","customer":"c1","date":"2026-01-09","amount":120}])");
  auto parsed = nlohmann::json::parse(render_statement_json(s));
  EXPECT_EQ(parsed["customers"][0]["customer"], "c1");
  EXPECT_EQ(parsed["customers"][0]["months"][0]["month"], "2026-01");
  EXPECT_EQ(parsed["customers"][0]["months"][0]["points"], 90);
  EXPECT_EQ(parsed["customers"][0]["months"][0]["spend"], "120.00");
  EXPECT_EQ(parsed["customers"][0]["total"], 90);
  EXPECT_TRUE(parsed["warnings"].is_array());
  EXPECT_TRUE(parsed["warnings"].empty());
}

TEST(StatementJson, HostileStringsStayValidJson) {
  Statement s;
  s.program_id = "p";
  s.currency = Currency{"USD", 2};
  s.customers.push_back(CustomerStatement{"\"</script><b>\x01\x7f\\", {}, 0, 0, 0});
  s.customers.push_back(CustomerStatement{"cut \xE2\x82", {}, 0, 0, 0});  // truncated UTF-8
  auto parsed = nlohmann::json::parse(render_statement_json(s));
  EXPECT_EQ(parsed["customers"][0]["customer"], "\"</script><b>\x01\x7f\\");
  EXPECT_EQ(parsed["customers"][1]["customer"], "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace loyalty
