#include <gtest/gtest.h>

#include <cstdint>
#include <random>

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

// A plain CSV log under spend bands takes a one-pass path that copies no row
// and checks ids by their hashes; these logs must give exactly what the
// per-row path gives (a StatementBuilder fed by read_transactions_csv, which
// interns every id), warnings and errors included.
std::string by_builder(std::string_view csv, StatementOptions options) {
  StatementBuilder builder(classic(), options);
  Status read = read_transactions_csv(csv, "log", classic().currency,
                                      [&](Transaction&& t, const Origin& origin) { return builder.add(t, origin, "log"); });
  if (!read) return "error: " + read.error().describe();
  auto statement = builder.finish();
  return statement.ok() ? render_statement_json(*statement) : "error: " + statement.error().describe();
}

std::string by_engine(std::string_view csv, StatementOptions options) {
  auto statement = compute_statement(classic(), csv, LogFormat::csv, "log", std::move(options));
  return statement.ok() ? render_statement_json(*statement) : "error: " + statement.error().describe();
}

struct LogShape {
  bool crlf = false;
  bool padded = false;         // spaces and tabs around fields
  bool extra_columns = false;  // a note and a currency column
  int repeated_ids = 0;        // how many rows reuse an earlier id
  bool quoted = false;         // one quoted field
  std::string bad_amount;      // one row's amount, when not empty
};

std::string random_log(std::mt19937& random, int rows, const LogShape& shape) {
  static const char* const kCustomers[] = {"c1", "c2", "c10", "Zo\xC3\xAB", "c1 ", "a-very-long-customer-identifier-1",
                                           "a-very-long-customer-identifier-2", "c1x"};
  static const char* const kAmounts[] = {"120", "120.5", "120.50", "51.00", "50.99", "-3.00", "0.00", "007.10",
                                         "-0", "1e2", "100.0", "0.05", "999999999999999.99", "75.990"};
  static const char* const kTimes[] = {"", "T10:00:00Z", "T23:30:00-05:00", " 08:00:00"};
  const std::string end = shape.crlf ? "\r\n" : "\n";
  const std::string pad = shape.padded ? " \t" : "";
  std::string log = shape.extra_columns ? "note,id,customer,date,amount,currency" + end : "id,customer,date,amount" + end;
  std::uniform_int_distribution<int> pick(0, 1 << 20);
  for (int i = 0; i < rows; ++i) {
    std::string id = "t" + std::to_string(i);
    if (i > 0 && pick(random) % rows < shape.repeated_ids) id = "t" + std::to_string(pick(random) % i);
    const std::string customer = kCustomers[pick(random) % std::size(kCustomers)];
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2025 + pick(random) % 2, 1 + pick(random) % 12, 1 + pick(random) % 28);
    std::string amount = kAmounts[pick(random) % std::size(kAmounts)];
    if (!shape.bad_amount.empty() && i == rows / 2) amount = shape.bad_amount;
    std::string fields[] = {id, customer, std::string(date) + kTimes[pick(random) % std::size(kTimes)], amount};
    if (shape.quoted && i == rows / 3) fields[1] = "\"" + customer + "\"";
    if (shape.extra_columns) log += pad + "n" + std::to_string(i) + pad + ",";
    for (int f = 0; f < 4; ++f) {
      // A customer id with its own trailing space keeps it only when quoted;
      // unquoted, both paths trim it.
      log += (f > 0 ? "," : "") + pad + fields[f] + pad;
    }
    if (shape.extra_columns) log += std::string(",") + (pick(random) % 2 ? "USD" : "");
    log += end;
    if (pick(random) % 50 == 0) log += end;  // a blank line
  }
  return log;
}

// Clean logs (0-2), then logs with repeated ids (3, 4), a quoted field (5)
// and an amount the engine refuses (6-8).
std::vector<LogShape> log_shapes() {
  std::vector<LogShape> shapes(9);
  shapes[1].crlf = true;
  shapes[2].padded = shapes[2].extra_columns = true;
  shapes[3].repeated_ids = 5;
  shapes[4].crlf = shapes[4].padded = true;
  shapes[4].repeated_ids = 40;
  shapes[5].quoted = true;
  shapes[6].bad_amount = "12.345";
  shapes[7].bad_amount = "twelve";
  shapes[8].extra_columns = true;
  shapes[8].bad_amount = "1.5e400";
  return shapes;
}

// No month range, an open-ended one, and a closed one that lists few warnings.
std::vector<StatementOptions> month_ranges() {
  std::vector<StatementOptions> ranges(3);
  ranges[1].from = YearMonth{2025, 6};
  ranges[2].from = YearMonth{2025, 3};
  ranges[2].to = YearMonth{2026, 2};
  ranges[2].max_warnings = 3;
  return ranges;
}

TEST(Statement, PlainCsvLogsGiveWhatThePerRowPathGives) {
  std::mt19937 random(20261129);
  const std::vector<LogShape> shapes = log_shapes();
  const std::vector<StatementOptions> ranges = month_ranges();
  for (std::size_t s = 0; s < shapes.size(); ++s) {
    for (int rows : {0, 1, 7, 300}) {
      const std::string log = random_log(random, rows, shapes[s]);
      for (const StatementOptions& options : ranges) {
        SCOPED_TRACE("shape " + std::to_string(s) + ", " + std::to_string(rows) + " rows:\n" + log.substr(0, 400));
        const std::string expected = by_builder(log, options);
        EXPECT_EQ(by_engine(log, options), expected);
        if (s >= 6 && rows == 300) {
          EXPECT_EQ(expected.rfind("error: ", 0), 0u);  // the bad row is reported
        }
        if (s == 3 && rows == 300) {
          EXPECT_NE(expected.find("duplicate_transaction"), std::string::npos);
        }
      }
    }
  }
}

TEST(Statement, PlainCsvLogsOfManyRowsFindTheirRepeats) {
  // Enough rows that most of the fast path's 65,536 hash buckets hold
  // several, so the buckets' in-place arrangement is exercised: a repeat
  // missed there would be counted twice. Amounts stay small, so that no
  // total overflows and each log reaches the repeat check.
  std::mt19937 random(20261207);
  for (int repeats : {0, 1, 7}) {
    std::string log = "id,customer,date,amount\n";
    const int rows = 200000;
    for (int i = 0; i < rows; ++i) {
      const bool repeat = i > 0 && static_cast<int>(random() % rows) < repeats * 2;
      log += "t" + std::to_string(repeat ? static_cast<int>(random() % i) : i) + ",c" +
             std::to_string(random() % 20000) + ",2026-0" + std::to_string(1 + i % 9) + "-1" +
             std::to_string(i % 10) + "," + std::to_string(random() % 300) + "." + std::to_string(10 + random() % 90) +
             "\n";
    }
    SCOPED_TRACE(std::to_string(repeats) + " repeats");
    const std::string expected = by_builder(log, {});
    ASSERT_EQ(expected.rfind("error: ", 0), std::string::npos) << expected.substr(0, 200);
    EXPECT_EQ(by_engine(log, {}), expected);
    EXPECT_EQ(expected.find("duplicate_transaction") != std::string::npos, repeats > 0);
  }
}

// A log given to StatementStream in pieces of 1 to `max_piece` bytes, cut
// anywhere; nullopt when the stream gave up.
std::optional<std::string> by_stream(std::string_view csv, StatementOptions options, std::mt19937& random,
                                     std::size_t max_piece, const Program& program = classic()) {
  StatementStream stream(program, std::move(options), "log", csv.size());
  for (std::size_t pos = 0; pos < csv.size();) {
    const std::size_t piece = 1 + random() % max_piece;
    if (!stream.feed(csv.substr(pos, piece))) return std::nullopt;
    pos += piece;
  }
  auto statement = stream.finish();
  if (!statement) return std::nullopt;
  return statement->ok() ? render_statement_json(**statement) : "error: " + statement->error().describe();
}

TEST(StatementStream, PiecesCutAnywhereGiveThePerRowPathsStatement) {
  std::mt19937 random(20261207);
  const std::vector<LogShape> shapes = log_shapes();
  const std::vector<StatementOptions> ranges = month_ranges();
  int streamed = 0;
  for (std::size_t s = 0; s < shapes.size(); ++s) {
    for (int rows : {0, 1, 7, 300}) {
      const std::string log = random_log(random, rows, shapes[s]);
      for (const StatementOptions& options : ranges) {
        for (std::size_t max_piece : {std::size_t{1}, std::size_t{9}, std::size_t{200}, log.size() + 1}) {
          SCOPED_TRACE("shape " + std::to_string(s) + ", " + std::to_string(rows) + " rows, pieces up to " +
                       std::to_string(max_piece) + ":\n" + log.substr(0, 400));
          const std::string expected = by_builder(log, options);
          const auto got = by_stream(log, options, random, max_piece);
          if (got) {
            EXPECT_EQ(*got, expected);
            ++streamed;
          }
          // What the stream gives up on is what the per-row path reads or
          // reports: a repeat, a quoted field, an amount it refuses.
          if (rows == 300 && s >= 3) {
            EXPECT_FALSE(got.has_value());
          }
        }
      }
    }
  }
  EXPECT_GT(streamed, 100);  // the clean logs were streamed, not all given up
}

TEST(StatementStream, GivesUpWhereTheWholeLogIsReadAnotherWay) {
  std::mt19937 random(7);
  const std::string plain = "id,customer,date,amount\n1,c,2026-01-02,60\n";
  ASSERT_TRUE(by_stream(plain, {}, random, 5).has_value());
  // A shop's export (another header), a column mapping, an empty month
  // range and a program with tiers are compute_statement's to read.
  EXPECT_FALSE(by_stream("InvoiceNo,CustomerID,InvoiceDate,Total\n1,c,01/02/2026 10:00,60\n", {}, random, 5));
  StatementOptions mapped;
  mapped.mapping.preset = "line-items";
  EXPECT_FALSE(by_stream(plain, mapped, random, 5));
  StatementOptions empty_range;
  empty_range.from = YearMonth{2026, 3};
  empty_range.to = YearMonth{2026, 1};
  EXPECT_FALSE(by_stream(plain, empty_range, random, 5));
  const Program tiers = testing::program_from(R"({"id":"t","currency":"USD","earn":[
    {"type":"per_unit","id":"base","points_per_unit":1}],
    "tiers":{"levels":[{"id":"m","threshold":0},{"id":"g","threshold":100,"multiplier":2}]}})");
  EXPECT_FALSE(by_stream(plain, {}, random, 5, tiers));
  // A log with no line end at all, and one that is only blank lines.
  EXPECT_EQ(by_stream("id,customer,date,amount", {}, random, 3), by_engine("id,customer,date,amount", {}));
  EXPECT_FALSE(by_stream("", {}, random, 3));
}

TEST(Statement, PlainCsvLogOddities) {
  for (const char* log : {
           "id,customer,date,amount\n",                         // no rows
           "id,customer,date,amount",                           // no line end
           "\xEF\xBB\xBFid,customer,date,amount\n1,c,2026-01-02,60\n",  // a byte-order mark
           "id,customer,date,amount\n1,c,2026-01-02,60",         // the last row without a line end
           "id,customer,date,amount\n1,c,2026-01-02,60\r2,c,2026-01-03,70\n",  // a lone CR ends a row
           "id,customer,date,amount\n1,c,2026-01-02,60,\n",     // a field too many
           "id,customer,date,amount\n1,c,2026-01-02\n",         // a field too few
           "id,customer,date,amount\n,c,2026-01-02,60\n",       // no id
           "id,customer,date,amount\n1,\xFF,2026-01-02,60\n",   // not UTF-8
           "id,customer,date,amount,currency\n1,c,2026-01-02,60,EUR\n",  // another currency
           "id,customer,date,amount\n1,c,2026-02-30,60\n",      // no such day
           "id,customer,date,amount\n1,c,2028-02-29,60\n2,c,2027-02-29,60\n",  // a leap day, and none
           "id,customer,date,amount\n1,c,2026-00-10,60\n",      // no month 0
           "id,customer,date,amount\n1,c,2026-1-10,60\n",       // not YYYY-MM-DD
           "id,customer,date,amount\n1,c,0000-01-01,60\n2,c,9999-12-31T23:59:59+14:00,60\n",
           "id,id,customer,date,amount\n",                      // a column twice
           "id,customer,date,amount\n1,c,2026-01-02,60\n1,c,2026-01-02,60\n1,d,2026-01-03,61\n",  // repeats
           "id,customer,date,amount\n1,c,2026-01-02,9223372036854775.807\n2,c,2026-01-03,9223372036854775.807\n",
       }) {
    SCOPED_TRACE(log);
    EXPECT_EQ(by_engine(log, {}), by_builder(log, {}));
  }
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

TEST(StatementJson, PiecesJoinToTheWholeText) {
  // 30,000 customers: about 4 MB of text, so several pieces.
  Statement s;
  s.program_id = "p";
  s.currency = Currency{"USD", 2};
  for (int c = 0; c < 30000; ++c) {
    s.customers.push_back(CustomerStatement{"customer-" + std::to_string(c),
                                            {MonthTotal{YearMonth{2026, 1}, c, 1, c * 100}, MonthTotal{YearMonth{2026, 2}, 1, 1, 5}},
                                            c + 1, 2, c * 100 + 5});
  }
  s.warnings.push_back(Warning{"negative_amount", "log.csv: line 3", "a warning after the customers"});
  const std::string whole = render_statement_json(s);
  std::vector<std::string> pieces;
  render_statement_json(s, [&](std::string_view piece) { pieces.emplace_back(piece); });
  ASSERT_GE(pieces.size(), 3u);
  std::string joined;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i + 1 < pieces.size()) {
      EXPECT_GE(pieces[i].size(), std::size_t{1} << 20) << "piece " << i;
    }
    joined += pieces[i];
  }
  EXPECT_EQ(joined, whole);
  auto parsed = nlohmann::json::parse(joined);
  ASSERT_EQ(parsed["customers"].size(), 30000u);
  EXPECT_EQ(parsed["customers"][29999]["customer"], "customer-29999");
  EXPECT_EQ(parsed["customers"][29999]["months"][0]["spend"], "29999.00");
  EXPECT_EQ(parsed["warnings"][0]["message"], "a warning after the customers");
}

TEST(StatementJson, MonthsAreWrittenExactly) {
  auto months_json = [](int exponent, std::vector<MonthTotal> months) {
    Statement s;
    s.program_id = "p";
    s.currency = Currency{"XXX", exponent};
    s.customers.push_back(CustomerStatement{"c", std::move(months), 0, 0, 0});
    const std::string json = render_statement_json(s);
    const std::size_t from = json.find("\"months\":") + 9;
    return json.substr(from, json.find("],\"total\"") + 1 - from);
  };
  EXPECT_EQ(months_json(2, {MonthTotal{YearMonth{2026, 1}, 1436, 7, 105001}, MonthTotal{YearMonth{2026, 12}, -3, 0, -5},
                            MonthTotal{YearMonth{207, 2}, 0, 1, 0}}),
            R"([{"month":"2026-01","points":1436,"transactions":7,"spend":"1050.01"},)"
            R"({"month":"2026-12","points":-3,"transactions":0,"spend":"-0.05"},)"
            R"({"month":"0207-02","points":0,"transactions":1,"spend":"0.00"}])");
  EXPECT_EQ(months_json(2, {MonthTotal{YearMonth{2026, 3}, INT64_MAX, INT64_MIN, INT64_MIN}}),
            R"([{"month":"2026-03","points":9223372036854775807,"transactions":-9223372036854775808,)"
            R"("spend":"-92233720368547758.08"}])");
  EXPECT_EQ(months_json(0, {MonthTotal{YearMonth{2026, 4}, 1, 1, 1234}}),
            R"([{"month":"2026-04","points":1,"transactions":1,"spend":"1234"}])");
  EXPECT_EQ(months_json(3, {MonthTotal{YearMonth{2026, 5}, 1, 1, 5}, MonthTotal{YearMonth{2026, 6}, 1, 1, -12345}}),
            R"([{"month":"2026-05","points":1,"transactions":1,"spend":"0.005"},)"
            R"({"month":"2026-06","points":1,"transactions":1,"spend":"-12.345"}])");
  EXPECT_EQ(months_json(2, {MonthTotal{YearMonth{10000, 1}, 1, 1, 100}}),
            R"([{"month":"10000-01","points":1,"transactions":1,"spend":"1.00"}])");
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
