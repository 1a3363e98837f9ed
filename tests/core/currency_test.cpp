// Purchases paid in other currencies. Worked by hand, USD program earning
// 1 point per whole dollar; EUR at 1.085 until 2026-06-30 and 1.10 from
// 2026-07-01; JPY at 0.0067; CHF only from 2026-01-01 at 1.13:
//   e1 (EUR, 2026-03-10): 2 x 19.99 + 5.00. Each price converts on its own,
//      half away from zero: 19.99 x 1.085 = 21.68915 -> 21.69; 5.00 x 1.085
//      = 5.425 -> 5.43. Amount 2 x 21.69 + 5.43 = 48.81 USD -> 48 points.
//   j1 (JPY, 2026-03-11): 15000 x 0.0067 = 100.50 USD -> 100 points.
//   e2 (EUR, 2026-07-05): 100.00 x 1.10 = 110.00 USD -> 110 points.
//   r1 (2026-08-01, rate then 1.20): refunds 50.00 EUR of e2, half of it:
//      55 points back and 55.00 USD of net spend (the purchase's rate).
//   r2: a refund of e1 with no currency (USD): rejected, e1 was paid in EUR.
//   r3: a refund of j1 in EUR: rejected.
// Balance: 48 + 100 + 110 - 55 = 203. Net spend 48.81 + 100.50 + 110.00 -
// 55.00 = 204.31.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/metrics.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

const char* kProgram = R"({"id":"p","currency":"USD",
  "exchange_rates":{"EUR":[{"rate":"1.085"},{"from":"2026-07-01","rate":"1.10"},{"from":"2026-08-01","rate":"1.20"}],
                    "JPY":"0.0067","CHF":[{"from":"2026-01-01","rate":1.13}]},
  "earn":[{"type":"spend_bands","id":"all","bands":[{"above":"0","points_per_unit":1}]}]})";

const char* kEvents = R"([
  {"id":"e1","customer":"c","date":"2026-03-10","currency":"EUR",
   "items":[{"sku":"A","price":"19.99","quantity":2},{"sku":"B","price":"5.00"}]},
  {"id":"j1","customer":"c","date":"2026-03-11","currency":"JPY","amount":"15000"},
  {"id":"e2","customer":"c","date":"2026-07-05","currency":"EUR","amount":"100.00"},
  {"type":"refund","id":"r1","customer":"c","date":"2026-08-01","purchase":"e2","currency":"EUR","amount":"50.00"},
  {"type":"refund","id":"r2","customer":"c","date":"2026-08-02","purchase":"e1","amount":"10.00"},
  {"type":"refund","id":"r3","customer":"c","date":"2026-08-03","purchase":"j1","currency":"EUR","amount":"10.00"}])";

std::vector<Event> events_of(const Program& program, const std::string& text) {
  return testing::events_from(text, program.currency, program.exchange_rates);
}

TEST(Currency, PurchasesConvertAtTheRateOnTheirDateAndRefundsAtTheirPurchases) {
  const Program program = testing::program_from(kProgram);
  auto report = compute_balance(program, events_of(program, kEvents), "c", testing::day("2026-08-31"), "events");
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_EQ(report->available, 203);
  EXPECT_EQ(report->lifetime_earned, 203);
  ASSERT_EQ(report->warnings.size(), 2u);
  EXPECT_EQ(report->warnings[0].code, "refund_currency");
  EXPECT_EQ(report->warnings[0].message,
            "refund \"r2\" was rejected: purchase \"e1\" was paid in EUR; refund it in EUR (\"currency\": \"EUR\")");
  EXPECT_EQ(report->warnings[1].code, "refund_currency");
  EXPECT_EQ(report->warnings[1].message,
            "refund \"r3\" was rejected: purchase \"j1\" was paid in JPY; refund it in JPY (\"currency\": \"JPY\")");
  ASSERT_GE(report->entries.size(), 4u);
  EXPECT_EQ(report->entries[0].points, 48);
  EXPECT_EQ(report->entries[0].message, "paid 44.98 EUR, 48.81 USD");
  EXPECT_EQ(report->entries[1].message, "paid 15000 JPY, 100.50 USD");
  EXPECT_EQ(report->entries[3].points, -55);
  EXPECT_EQ(report->entries[3].message, "refund of 50.00 EUR on purchase \"e2\"");

  auto metrics = compute_metrics(program, events_of(program, kEvents), testing::day("2026-08-31"), "events");
  ASSERT_TRUE(metrics.ok()) << metrics.error().describe();
  EXPECT_EQ(metrics->net_spend_minor, 20431);
}

TEST(Currency, WrittenBackAsPaidAndReadAgainTheSame) {
  const Program program = testing::program_from(kProgram);
  const std::vector<Event> events = events_of(program, kEvents);
  const std::string written = render_events_json(events, program.currency, program.exchange_rates);
  EXPECT_NE(written.find(R"("currency":"EUR","amount":"44.98","items":[{"sku":"A","price":"19.99","quantity":2})"), std::string::npos)
      << written;
  const std::vector<Event> again = events_of(program, written);
  ASSERT_EQ(again.size(), events.size());
  EXPECT_EQ(again[0].amount_minor, 4881);
  EXPECT_EQ(again[0].items[0].price_minor, 2169);
  EXPECT_EQ(again[1].amount_minor, 10050);
  EXPECT_EQ(render_events_json(again, program.currency, program.exchange_rates), written);
}

TEST(Currency, ACartInTheShoppersCurrencyEarnsWhatItsOrderWill) {
  const Program program = testing::program_from(kProgram);
  auto cart = parse_cart(R"({"currency":"EUR","items":[{"sku":"A","price":"19.99","quantity":2},{"sku":"B","price":"5.00"}]})",
                         program.currency, program.exchange_rates, testing::day("2026-03-10"));
  ASSERT_TRUE(cart.ok()) << cart.error().describe();
  EXPECT_EQ(cart->currency, "EUR");
  EXPECT_EQ(cart->amount_minor, 4881);
  auto simulated = simulate(program, {}, "c", *cart, testing::day("2026-03-10"));
  ASSERT_TRUE(simulated.ok());
  EXPECT_EQ(simulated->award.points, 48);
  // The same cart after the July rate.
  auto july = parse_cart(R"({"currency":"EUR","amount":"100.00"})", program.currency, program.exchange_rates,
                         testing::day("2026-07-01"));
  ASSERT_TRUE(july.ok());
  EXPECT_EQ(july->amount_minor, 11000);
  auto unknown = parse_cart(R"({"currency":"GBP","amount":"1.00"})", program.currency, program.exchange_rates,
                            testing::day("2026-07-01"), "cart.json");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().describe(),
            "cart.json: currency: \"GBP\" is not converted: the program's currency is USD and it has exchange_rates "
            "for CHF, EUR, JPY");
}

TEST(Currency, EventsInCurrenciesWithoutARateAreLocatedErrors) {
  const Program program = testing::program_from(kProgram);
  auto read = [&](const std::string& text) {
    return read_events(text, LogFormat::json, "events", program.currency, program.exchange_rates,
                       [](Event&&) { return Status(Ok{}); });
  };
  Status gbp = read(R"([{"id":"g","customer":"c","date":"2026-01-05","currency":"GBP","amount":"1.00"}])");
  ASSERT_FALSE(gbp.ok());
  EXPECT_EQ(gbp.error().describe(),
            "events: [0].currency: \"GBP\" is not converted: the program's currency is USD and it has "
            "exchange_rates for CHF, EUR, JPY");
  Status early = read(R"([{"id":"f","customer":"c","date":"2025-12-31","currency":"CHF","amount":"1.00"}])");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().describe(),
            "events: [0].currency: no CHF exchange rate is in force on 2025-12-31 (the first applies from 2026-01-01)");
  Status yen = read(R"([{"id":"y","customer":"c","date":"2026-01-05","currency":"JPY","amount":"10.5"}])");
  ASSERT_FALSE(yen.ok());  // JPY has no minor unit
  // Without exchange_rates the message says so.
  Status none = read_events(R"([{"id":"g","customer":"c","date":"2026-01-05","currency":"EUR","amount":"1.00"}])",
                            LogFormat::json, "events", program.currency, ExchangeRates{},
                            [](Event&&) { return Status(Ok{}); });
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().describe(),
            "events: [0].currency: \"EUR\" is not converted: the program's currency is USD and it has no "
            "exchange_rates");
}

TEST(Currency, ProgramRatesAreCheckedWhereTheyAreWritten) {
  auto error_of = [](const std::string& rates) {
    auto program = parse_program(R"({"id":"p","currency":"USD","exchange_rates":)" + rates +
                                     R"(,"earn":[{"type":"spend_bands","id":"all","bands":[{"above":"0","points_per_unit":1}]}]})",
                                 "program.json");
    return program.ok() ? std::string("ok") : program.error().describe();
  };
  EXPECT_EQ(error_of(R"({"USD":"1"})"),
            "program.json: exchange_rates.USD: is the program's own currency: it needs no rate");
  EXPECT_EQ(error_of(R"({"XQZ":"1"})"),
            "program.json: exchange_rates.XQZ: \"XQZ\" is not an ISO 4217 currency the engine knows");
  EXPECT_EQ(error_of(R"({"EUR":"0"})"), "program.json: exchange_rates.EUR: must be at least 0.0000000001");
  EXPECT_NE(error_of(R"({"EUR":"1.00000000001"})").find("exchange_rates.EUR"), std::string::npos);
  EXPECT_EQ(error_of(R"({"EUR":[{"rate":"1.1"},{"rate":"1.2"}]})"),
            "program.json: exchange_rates.EUR[1].from: must be later than the rate before it (only the first rate "
            "may leave it out)");
  EXPECT_EQ(error_of(R"({"EUR":[{"from":"2026-02-01","rate":"1.1"},{"from":"2026-01-01","rate":"1.2"}]})"),
            "program.json: exchange_rates.EUR[1].from: must be later than the rate before it (only the first rate "
            "may leave it out)");
  EXPECT_EQ(error_of(R"({"EUR":[]})"), "program.json: exchange_rates.EUR: needs at least one rate");
  EXPECT_EQ(error_of(R"({"EUR":"1.085","_note":"ECB, 2026-01-02"})"), "ok");
}

// The bug class behind "switching currency multiplies points": the same
// value paid in another currency must earn what it earns in the program's,
// up to the conversion's rounding (half a minor unit of each side: at most
// one point at one point a dollar).
TEST(Currency, SwitchingCurrencyNeverChangesPointsBeyondTheRounding) {
  const Program program = testing::program_from(kProgram);
  std::mt19937_64 rng(20261128);
  std::uniform_int_distribution<std::int64_t> cents(1, 5000000);
  struct Way {
    const char* code;
    std::int64_t rate_e4;  // USD per unit, x 10^4 (1.085, 0.0067)
    int exponent;
  };
  const Way ways[] = {{"EUR", 10850, 2}, {"JPY", 67, 0}};
  for (int round = 0; round < 2000; ++round) {
    const std::int64_t value = cents(rng);  // USD cents
    const std::string usd = R"([{"id":"u","customer":"c","date":"2026-03-01","amount":")" +
                            format_scaled(value, 2) + R"("}])";
    auto in_usd = compute_balance(program, events_of(program, usd), "c", testing::day("2026-03-01"));
    ASSERT_TRUE(in_usd.ok());
    for (const Way& way : ways) {
      // The same value in the other currency, to its nearest minor unit.
      const std::int64_t scale = way.exponent == 2 ? 1 : 100;  // USD cents per foreign minor unit's denominator
      const std::int64_t foreign = (value * 10000 / scale + way.rate_e4 / 2) / way.rate_e4;
      const std::string paid = R"([{"id":"f","customer":"c","date":"2026-03-01","currency":")" +
                               std::string(way.code) + R"(","amount":")" + format_scaled(foreign, way.exponent) +
                               R"("}])";
      auto in_foreign = compute_balance(program, events_of(program, paid), "c", testing::day("2026-03-01"));
      ASSERT_TRUE(in_foreign.ok());
      ASSERT_LE(std::llabs(in_foreign->available - in_usd->available), 1)
          << way.code << " " << format_scaled(foreign, way.exponent) << " for " << format_scaled(value, 2) << " USD";
    }
  }
}

}  // namespace
}  // namespace loyalty
