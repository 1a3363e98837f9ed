#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loyalty/transaction.hpp"

namespace loyalty {
namespace {

const Currency kUsd{"USD", 2};

struct Read {
  std::vector<Transaction> transactions;
  std::vector<Origin> origins;
};

Read read_ok(std::string_view text, LogFormat format) {
  Read out;
  Status status = read_transactions(text, format, "log", kUsd, [&](Transaction&& t, const Origin& o) {
    out.transactions.push_back(std::move(t));
    out.origins.push_back(o);
    return Status(Ok{});
  });
  EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().describe());
  return out;
}

Error read_error(std::string_view text, LogFormat format, std::size_t* delivered = nullptr) {
  std::size_t count = 0;
  Status status = read_transactions(text, format, "log", kUsd, [&](Transaction&&, const Origin&) {
    ++count;
    return Status(Ok{});
  });
  if (delivered) *delivered = count;
  EXPECT_FALSE(status.ok()) << text;
  return status.ok() ? Error{ErrorCode::usage, "", ""} : status.error();
}

TEST(JsonLog, ReadsTransactionsWithExtraFields) {
  auto read = read_ok(R"([
    {"id":"t1","customer":"c1","date":"2026-01-05","amount":120.5,"channel":"web","items":[1,2]},
    {"id":7,"customer":42,"date":"2026-02-01T10:00:00Z","amount":"99.99"}
  ])", LogFormat::json);
  ASSERT_EQ(read.transactions.size(), 2u);
  EXPECT_EQ(read.transactions[0].id, "t1");
  EXPECT_EQ(read.transactions[0].amount_minor, 12050);
  EXPECT_EQ(read.transactions[1].id, "7");
  EXPECT_EQ(read.transactions[1].customer, "42");
  EXPECT_EQ(read.transactions[1].amount_minor, 9999);
  EXPECT_EQ(read.origins[1].position, 1u);
}

TEST(JsonLog, NumberAndStringAmountsAgree) {
  auto read = read_ok(R"([{"id":"a","customer":"c","date":"2026-01-01","amount":168.26},
    {"id":"b","customer":"c","date":"2026-01-01","amount":"168.26"},
    {"id":"c","customer":"c","date":"2026-01-01","amount":16826e-2},
    {"id":"d","customer":"c","date":"2026-01-01","amount":168}])", LogFormat::json);
  ASSERT_EQ(read.transactions.size(), 4u);
  EXPECT_EQ(read.transactions[0].amount_minor, 16826);
  EXPECT_EQ(read.transactions[1].amount_minor, 16826);
  EXPECT_EQ(read.transactions[2].amount_minor, 16826);
  EXPECT_EQ(read.transactions[3].amount_minor, 16800);
}

TEST(JsonLog, EmptyArrayIsAnEmptyLog) {
  EXPECT_TRUE(read_ok("[]", LogFormat::json).transactions.empty());
}

struct BadLog {
  std::string text;
  ErrorCode code;
  std::string where;

  friend void PrintTo(const BadLog& bad, std::ostream* os) {
    *os << error_code_name(bad.code) << " at " << bad.where;
  }
};

class BadJsonLogs : public ::testing::TestWithParam<BadLog> {};

TEST_P(BadJsonLogs, FailWithTheIndexAndField) {
  const BadLog& bad = GetParam();
  Error error = read_error(bad.text, LogFormat::json);
  EXPECT_EQ(error.code, bad.code) << error.describe();
  EXPECT_EQ(error.where, bad.where) << error.describe();
}

const std::string kGood = R"({"id":"t0","customer":"c","date":"2026-01-01","amount":1})";

INSTANTIATE_TEST_SUITE_P(
    Transactions, BadJsonLogs,
    ::testing::Values(
        BadLog{"", ErrorCode::json_syntax, "log"},
        BadLog{"[" + kGood + ",", ErrorCode::json_syntax, "log: [0]"},
        BadLog{"[" + kGood + "] trailing", ErrorCode::json_syntax, "log"},
        BadLog{R"([{"id":"t1","customer":"c","date":"2026-01-01","amount":12.)", ErrorCode::json_syntax,
               "log: [0].amount"},
        BadLog{"{}", ErrorCode::wrong_type, "log"},
        BadLog{"42", ErrorCode::wrong_type, "log"},
        BadLog{"[" + kGood + ",7]", ErrorCode::wrong_type, "log: [1]"},
        BadLog{R"([{"customer":"c","date":"2026-01-01","amount":1}])", ErrorCode::missing_field,
               "log: [0].id"},
        BadLog{R"([{"id":"t","date":"2026-01-01","amount":1}])", ErrorCode::missing_field,
               "log: [0].customer"},
        BadLog{R"([{"id":"t","customer":"c","amount":1}])", ErrorCode::missing_field,
               "log: [0].date"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01"}])", ErrorCode::missing_field,
               "log: [0].amount"},
        BadLog{R"([{"id":"","customer":"c","date":"2026-01-01","amount":1}])",
               ErrorCode::invalid_value, "log: [0].id"},
        BadLog{R"([{"id":true,"customer":"c","date":"2026-01-01","amount":1}])",
               ErrorCode::wrong_type, "log: [0].id"},
        BadLog{R"([{"id":"t","customer":["c"],"date":"2026-01-01","amount":1}])",
               ErrorCode::wrong_type, "log: [0].customer"},
        BadLog{R"([{"id":"t","customer":"c","date":20260101,"amount":1}])", ErrorCode::wrong_type,
               "log: [0].date"},
        BadLog{"[" + kGood + R"(,{"id":"t","customer":"c","date":"2026-02-30","amount":1}])",
               ErrorCode::invalid_date, "log: [1].date"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01","amount":null}])",
               ErrorCode::wrong_type, "log: [0].amount"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01","amount":"12,50"}])",
               ErrorCode::invalid_amount, "log: [0].amount"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01","amount":1e30}])",
               ErrorCode::amount_out_of_range, "log: [0].amount"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01","amount":123456789012345678901234}])",
               ErrorCode::amount_out_of_range, "log: [0].amount"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01","amount":1.001}])",
               ErrorCode::invalid_amount, "log: [0].amount"},
        BadLog{R"([{"id":"t","customer":"c","date":"2026-01-01","amount":1,"currency":"EUR"}])",
               ErrorCode::invalid_value, "log: [0].currency"},
        BadLog{R"([{"id":"t","id":"u","customer":"c","date":"2026-01-01","amount":1}])",
               ErrorCode::duplicate_key, "log: [0].id"},
        BadLog{"[\"\xff\"]", ErrorCode::json_syntax, "log"}));

TEST(JsonLog, PathologicalNestingIsRejected) {
  for (std::size_t depth : {65u, 100000u}) {
    Error error = read_error(std::string(depth, '[') + std::string(depth, ']'), LogFormat::json);
    EXPECT_EQ(error.code, ErrorCode::json_too_deep);
    EXPECT_EQ(error.where.rfind("log: [0][0]", 0), 0u) << error.where;
  }
}

TEST(JsonLog, StopsAtTheFirstBadRecord) {
  std::size_t delivered = 0;
  Error error = read_error("[" + kGood + R"(,{"id":"t","customer":"c","date":"x","amount":1},)" +
                               kGood + "]",
                           LogFormat::json, &delivered);
  EXPECT_EQ(error.code, ErrorCode::invalid_date);
  EXPECT_EQ(delivered, 1u);
}

TEST(JsonLog, SinkErrorsAreLocated) {
  Status status = read_transactions("[" + kGood + "]", LogFormat::json, "log", kUsd,
                                    [](Transaction&&, const Origin&) -> Status {
                                      return Error{ErrorCode::overflow, "", "too many points"};
                                    });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().where, "log: [0]");
}

TEST(CsvLog, ReadsRfc4180) {
  auto read = read_ok(
      "\xEF\xBB\xBFid,customer,date,amount\r\n"
      "t1,c1,2026-01-05,120.50\r\n"
      "\r\n"
      "\"t,2\",\"c \"\"quoted\"\"\",2026-01-06T10:00:00Z,\"99.99\"\n"
      "t3, c3 ,2026-01-07, 5\n"
      "\"multi\nline\",c4,2026-01-08,1\n",
      LogFormat::csv);
  ASSERT_EQ(read.transactions.size(), 4u);
  EXPECT_EQ(read.transactions[0].amount_minor, 12050);
  EXPECT_EQ(read.origins[0].position, 2u);
  EXPECT_EQ(read.transactions[1].id, "t,2");
  EXPECT_EQ(read.transactions[1].customer, "c \"quoted\"");
  EXPECT_EQ(read.origins[1].position, 4u);
  EXPECT_EQ(read.transactions[2].customer, "c3");
  EXPECT_EQ(read.transactions[2].amount_minor, 500);
  EXPECT_EQ(read.transactions[3].id, "multi\nline");
  EXPECT_EQ(read.origins[3].position, 6u);
}

TEST(CsvLog, ColumnsInAnyOrderWithExtras) {
  auto read = read_ok("amount,note,date,customer,id,currency\n1.50,hi,2026-03-01,c,t,USD\n2,,2026-03-02,c,u,\n",
                      LogFormat::csv);
  ASSERT_EQ(read.transactions.size(), 2u);
  EXPECT_EQ(read.transactions[0].amount_minor, 150);
  EXPECT_EQ(read.transactions[0].id, "t");
}

TEST(CsvLog, NoTrailingNewline) {
  auto read = read_ok("id,customer,date,amount\nt,c,2026-01-01,3", LogFormat::csv);
  ASSERT_EQ(read.transactions.size(), 1u);
  EXPECT_EQ(read.transactions[0].amount_minor, 300);
}

TEST(CsvLog, HeaderOnlyIsAnEmptyLog) {
  EXPECT_TRUE(read_ok("id,customer,date,amount\n", LogFormat::csv).transactions.empty());
}

class BadCsvLogs : public ::testing::TestWithParam<BadLog> {};

TEST_P(BadCsvLogs, FailWithTheLine) {
  const BadLog& bad = GetParam();
  Error error = read_error(bad.text, LogFormat::csv);
  EXPECT_EQ(error.code, bad.code) << error.describe();
  EXPECT_EQ(error.where, bad.where) << error.describe();
}

const std::string kHeader = "id,customer,date,amount\n";

INSTANTIATE_TEST_SUITE_P(
    Transactions, BadCsvLogs,
    ::testing::Values(
        BadLog{"", ErrorCode::csv_header, "log:1"},
        BadLog{"\n\n", ErrorCode::csv_header, "log:1"},
        BadLog{"foo,bar\n", ErrorCode::csv_header, "log:1"},
        BadLog{"id,customer,date\nt,c,2026-01-01\n", ErrorCode::csv_header, "log:1"},
        BadLog{"id,customer,date,amount,id\n", ErrorCode::csv_header, "log:1"},
        BadLog{"ID,Customer,Date,Amount\n", ErrorCode::csv_header, "log:1"},
        BadLog{kHeader + "t,c,2026-01-01,1\nt2,c,2026-01-01\n", ErrorCode::csv_row, "log:3"},
        BadLog{kHeader + "t,c,2026-01-01,1,extra\n", ErrorCode::csv_row, "log:2"},
        BadLog{kHeader + "t,c,2026-02-30,1\n", ErrorCode::invalid_date, "log:2"},
        BadLog{kHeader + "t,c,2026-01-01,abc\n", ErrorCode::invalid_amount, "log:2"},
        BadLog{kHeader + "t,c,2026-01-01,\n", ErrorCode::invalid_amount, "log:2"},
        BadLog{kHeader + "t,c,2026-01-01,1e40\n", ErrorCode::amount_out_of_range, "log:2"},
        BadLog{kHeader + ",c,2026-01-01,1\n", ErrorCode::missing_field, "log:2"},
        BadLog{kHeader + "t,,2026-01-01,1\n", ErrorCode::missing_field, "log:2"},
        BadLog{kHeader + "t,\"c\n\n,2026-01-01,1\n", ErrorCode::csv_row, "log:2"},
        BadLog{kHeader + "t,\"c\"x,2026-01-01,1\n", ErrorCode::csv_row, "log:2"},
        BadLog{kHeader + "t,c\"x,2026-01-01,1\n", ErrorCode::csv_row, "log:2"},
        BadLog{kHeader + "t,\xC3\x28,2026-01-01,1\n", ErrorCode::invalid_utf8, "log:2"},
        BadLog{"id,customer,date,amount,currency\nt,c,2026-01-01,1,EUR\n", ErrorCode::invalid_value,
               "log:2"}));

TEST(CsvLog, MessagesNameTheColumn) {
  Error error = read_error(kHeader + "t,c,2026-01-01,12.345\n", LogFormat::csv);
  EXPECT_NE(error.message.find("amount"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("12.345"), std::string::npos) << error.message;
}

TEST(LogFormat, DetectedByExtensionThenContent) {
  EXPECT_EQ(detect_log_format("x.CSV", "[]"), LogFormat::csv);
  EXPECT_EQ(detect_log_format("x.json", "id,customer"), LogFormat::json);
  EXPECT_EQ(detect_log_format("x.log", "  \n [ ]"), LogFormat::json);
  EXPECT_EQ(detect_log_format("", "\xEF\xBB\xBF{"), LogFormat::json);
  EXPECT_EQ(detect_log_format("", "id,customer,date,amount"), LogFormat::csv);
}

}  // namespace
}  // namespace loyalty
