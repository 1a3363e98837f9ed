// Reading a shop's export: date formats by tokens, the column mapping's
// forms, and the rows as a mapping reads them. Expected values are written
// out by hand; the statements over whole exports are checked against
// hand-computed fixtures in tests/cli/exports.test.mjs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loyalty/export_mapping.hpp"
#include "loyalty/statement.hpp"

namespace loyalty {
namespace {

const Currency kUsd{"USD", 2};

Moment read(std::string_view pattern, std::string_view text) {
  auto format = DateFormat::parse(pattern);
  EXPECT_TRUE(format.ok()) << pattern;
  auto moment = format->read(text);
  EXPECT_TRUE(moment.ok()) << text << ": " << (moment.ok() ? "" : moment.error().message);
  return moment.ok() ? *moment : Moment{};
}

std::string read_error(std::string_view pattern, std::string_view text) {
  auto moment = DateFormat::parse(pattern)->read(text);
  EXPECT_FALSE(moment.ok()) << text;
  return moment.ok() ? "" : moment.error().message;
}

TEST(DateFormat, ReadsTokensWithOneOrTwoDigits) {
  // 1 December 2010 is day 14,944 after 1970-01-01.
  const Moment m = read("MM/DD/YYYY HH:mm", "12/1/2010 8:26");
  EXPECT_EQ(m.date, (Date{2010, 12, 1}));
  EXPECT_EQ(m.utc_seconds, 14944LL * 86400 + 8 * 3600 + 26 * 60);
  EXPECT_EQ(read("DD.MM.YYYY", "05.03.2026").date, (Date{2026, 3, 5}));
  EXPECT_EQ(read("YYYY-MM-DDTHH:mm:ss", "2026-03-05T23:59:59").date, (Date{2026, 3, 5}));
}

TEST(DateFormat, TwelveHourClockAndOffsets) {
  const Moment midnight = read("MM/DD/YYYY hh:mm A", "02/01/2026 12:05 AM");
  const Moment noon = read("MM/DD/YYYY hh:mm A", "02/01/2026 12:05 pm");
  EXPECT_EQ(noon.utc_seconds - midnight.utc_seconds, 12 * 3600);
  // The date as written decides the month; the offset only orders events.
  const Moment late = read("MM/DD/YYYY hh:mm A Z", "01/31/2026 11:30 PM -05:00");
  EXPECT_EQ(late.date, (Date{2026, 1, 31}));
  EXPECT_EQ(late.utc_seconds, read("YYYY-MM-DD HH:mm", "2026-02-01 04:30").utc_seconds);
  EXPECT_EQ(read("YYYY-MM-DD HH:mm:ss Z", "2026-02-01 04:30:00 +0100").utc_seconds,
            read("YYYY-MM-DD HH:mm", "2026-02-01 03:30").utc_seconds);
}

TEST(DateFormat, IsoAlsoReadsTheShapesShopExportsWrite) {
  EXPECT_EQ(read("ISO", "2026-01-15").date, (Date{2026, 1, 15}));
  EXPECT_EQ(read("", "2026-01-15 10:23").date, (Date{2026, 1, 15}));
  EXPECT_EQ(read("ISO", "2026-01-15 10:23:45 -0500").utc_seconds,
            read("ISO", "2026-01-15T15:23:45Z").utc_seconds);
}

TEST(DateFormat, RefusesWhatDoesNotFitOrDoesNotExist) {
  EXPECT_EQ(read_error("MM/DD/YYYY", "2026-01-05"), "date \"2026-01-05\" does not fit the date format \"MM/DD/YYYY\"");
  EXPECT_EQ(read_error("MM/DD/YYYY", "13/05/2026"), "date \"13/05/2026\" has no month 13");
  EXPECT_EQ(read_error("MM/DD/YYYY", "02/30/2026"), "date \"02/30/2026\" does not exist in the calendar");
  EXPECT_EQ(read_error("MM/DD/YYYY HH:mm", "02/03/2026 24:00"), "date \"02/03/2026 24:00\" has an impossible time of day");
  EXPECT_EQ(read_error("MM/DD/YYYY", "02/03/2026 trailing"),
            "date \"02/03/2026 trailing\" does not fit the date format \"MM/DD/YYYY\"");
  EXPECT_EQ(read_error("hh:mm A MM/DD/YYYY", "13:00 PM 02/03/2026"),
            "date \"13:00 PM 02/03/2026\" does not fit the date format \"hh:mm A MM/DD/YYYY\"");
  EXPECT_FALSE(DateFormat::parse("MM/YYYY").ok());       // no day
  EXPECT_FALSE(DateFormat::parse("MM/DD/YYYY hh").ok());  // 12-hour without AM/PM
  EXPECT_EQ(DateFormat::parse("DD/QQ/YYYY").error().message,
            "\"Q\" in \"DD/QQ/YYYY\" is not a token (tokens: YYYY MM DD HH hh mm ss A Z; or ISO)");
}

TEST(ExportMapping, ColumnsOptionAndDocumentAgree) {
  auto option = parse_columns_option("id=InvoiceNo, customer = CustomerID,\"date=Invoice, date\",amount=Total");
  ASSERT_TRUE(option.ok()) << option.error().message;
  EXPECT_EQ(*option->columns[0], "InvoiceNo");
  EXPECT_EQ(*option->columns[1], "CustomerID");
  EXPECT_EQ(*option->columns[2], "Invoice, date");
  EXPECT_EQ(*option->columns[3], "Total");
  auto document = parse_mapping_document(
      R"({"columns": "id=InvoiceNo,customer=CustomerID,date=Invoice date,amount=Total", "returns": "ignore"})", "m.json");
  ASSERT_TRUE(document.ok()) << document.error().describe();
  EXPECT_EQ(*document->columns[2], "Invoice date");
  EXPECT_EQ(*document->returns, ReturnPolicy::ignore);
  auto bad = parse_mapping_document(R"({"columns": {"shop": "Country"}})", "m.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where, "m.json: columns.shop");
  EXPECT_FALSE(parse_columns_option("id=A,id=B").ok());
  EXPECT_FALSE(parse_mapping_document(R"({"returns": "keep"})", "m.json").ok());
}

TEST(ExportMapping, PresetsAreRecognisedFromTheHeaderAndOverridden) {
  const std::vector<std::string> shopify{"Name", "Email", "Financial Status", "Subtotal", "Total", "Created at"};
  auto guessed = resolve_mapping({}, shopify, "orders.csv:1");
  ASSERT_TRUE(guessed.ok()) << guessed.error().describe();
  EXPECT_EQ(guessed->preset, "shopify");
  EXPECT_TRUE(guessed->guessed);
  EXPECT_EQ(guessed->columns[static_cast<std::size_t>(ExportField::amount)], "Subtotal");
  MappingRequest total;
  total.columns[static_cast<std::size_t>(ExportField::amount)] = "Total";
  total.preset = "shopify";
  auto overridden = resolve_mapping(total, shopify, "orders.csv:1");
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(overridden->columns[static_cast<std::size_t>(ExportField::amount)], "Total");
  EXPECT_EQ(overridden->index[static_cast<std::size_t>(ExportField::amount)], 4u);
  // Header names match regardless of ASCII case.
  auto lower = resolve_mapping({}, {"invoiceno", "customerid", "invoicedate", "quantity", "unitprice"}, "x.csv:1");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower->preset, "line-items");
  EXPECT_EQ(lower->cancellation_prefix, "C");
}

TEST(ExportMapping, PreviewShowsEachRowAsTheStatementReadsIt) {
  const std::string log =
      "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
      "1,2,1/2/2026 10:00,1.50,c1\n"
      "C2,-1,1/3/2026 10:00,1.50,c1\n"
      "3,1,1/3/2026 10:00,9.99,\n"
      "4,1,1/32/2026 10:00,9.99,c2\n";
  ExportPreview preview = preview_export(log, "x.csv", kUsd, {}, 10);
  ASSERT_TRUE(preview.mapping);
  ASSERT_EQ(preview.rows.size(), 4u);
  EXPECT_EQ(preview.rows[0].kind, "line");
  EXPECT_EQ(preview.rows[0].date, "2026-01-02");
  EXPECT_EQ(*preview.rows[0].money, 300);
  EXPECT_EQ(preview.rows[1].kind, "return");
  EXPECT_EQ(*preview.rows[1].money, -150);
  EXPECT_EQ(preview.rows[2].kind, "guest");
  ASSERT_TRUE(preview.rows[3].error);
  EXPECT_EQ(preview.rows[3].error->where, "x.csv:5");
  EXPECT_EQ(preview_export(log, "x.csv", kUsd, {}, 2).rows.size(), 2u);
  MappingRequest wrong;
  wrong.columns[0] = "Order";
  ExportPreview unmapped = preview_export(log, "x.csv", kUsd, wrong, 10);
  EXPECT_FALSE(unmapped.mapping);
  ASSERT_TRUE(unmapped.error);
  EXPECT_EQ(unmapped.header.size(), 5u);
}

TEST(ExportMapping, ARefundTakesBackTheProportionalShareOfTheLatestPurchase) {
  // 120.00 earns 90 points under the classic bands; returning 30.00 of it
  // takes back 90 x 30 / 120 = 22.5, so 22 points.
  auto program = parse_program(R"({"version":1,"id":"p","name":"P","currency":"USD","earn":[{"type":"spend_bands",
      "id":"b","rounding":"truncate_amount","bands":[{"above":"50.00","points_per_unit":1},
      {"above":"100.00","points_per_unit":2}]}]})", "program");
  ASSERT_TRUE(program.ok()) << program.error().describe();
  StatementOptions options;
  options.mapping.preset = "line-items";
  auto statement = compute_statement(*program,
      "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
      "1,4,1/2/2026 10:00,30.00,c1\n"
      "C1,-1,2/3/2026 10:00,30.00,c1\n", LogFormat::csv, "x.csv", options);
  ASSERT_TRUE(statement.ok()) << statement.error().describe();
  ASSERT_EQ(statement->customers.size(), 1u);
  const auto& months = statement->customers[0].months;
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].points, 90);
  EXPECT_EQ(months[1].points, -22);
  EXPECT_EQ(months[1].spend_minor, -3000);
  EXPECT_EQ(months[1].transactions, 0);
  EXPECT_EQ(statement->customers[0].total, 68);
}

}  // namespace
}  // namespace loyalty
