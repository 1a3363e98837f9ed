// Reading events and carts: every kind, and bad input named by index and field.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace loyalty {
namespace {

const Currency kUsd{"USD", 2};

Error event_error(const std::string& text) {
  Status status = read_events(text, LogFormat::json, "events", kUsd, ExchangeRates{}, [](Event&&) { return Status(Ok{}); });
  EXPECT_FALSE(status.ok()) << text;
  return status.ok() ? Error{ErrorCode::usage, "", ""} : status.error();
}

TEST(Events, ReadsEveryKind) {
  auto events = testing::events_from(R"([
    {"id":"o1","customer":"c","date":"2026-01-01T10:00:00+02:00","amount":"10.00",
     "items":[{"sku":"A","category":"shoes","price":"2.50","quantity":2},{"sku":"B","price":5}]},
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-02","purchase":"o1","amount":"1.00"},
    {"id":"a1","type":"adjustment","customer":"c","date":"2026-01-03","points":-5,"qualifying":true},
    {"id":"x1","type":"redemption","customer":"c","date":"2026-01-04","reward":"cash","points":100,"order_amount":"30"},
    {"id":"n1","type":"custom","customer":"c","date":"2026-01-05","name":"newsletter"},
    {"id":"t1","type":"tier_invitation","customer":"c","date":"2026-01-06","level":"vip"},
    {"id":"s1","type":"signup","customer":"c","date":"2026-01-07","channel":"app"},
    {"id":"k1","type":"cancellation","customer":"c","date":"2026-01-08","redemption":"x1"}])");
  ASSERT_EQ(events.size(), 8u);
  EXPECT_EQ(events[0].kind, EventKind::purchase);
  EXPECT_EQ(events[0].amount_minor, 1000);
  ASSERT_EQ(events[0].items.size(), 2u);
  EXPECT_EQ(events[0].items[0].quantity, 2);
  EXPECT_EQ(events[0].items[1].category, "");
  EXPECT_EQ(events[0].moment.utc_seconds, testing::day("2026-01-01").days_since_epoch() * 86400 + 8 * 3600);
  EXPECT_EQ(events[1].reference, "o1");
  EXPECT_EQ(events[2].points, -5);
  EXPECT_TRUE(events[2].qualifying);
  EXPECT_EQ(events[3].order_minor, 3000);
  EXPECT_EQ(events[4].reference, "newsletter");
  EXPECT_EQ(events[5].reference, "vip");
  EXPECT_EQ(events[6].kind, EventKind::signup);
  EXPECT_EQ(events[7].kind, EventKind::cancellation);
  EXPECT_EQ(events[7].reference, "x1");
}

// What the engine writes back reads as the same events: every kind, and
// dates whose day as written differs from UTC's (offsets far east and west).
TEST(Events, WrittenBackTheyReadTheSame) {
  const std::string text = R"([
    {"id":"o1","customer":"c","date":"2026-01-01T10:00:00+02:00","amount":"10.00",
     "items":[{"sku":"A","category":"shoes","price":"2.50","quantity":2},{"sku":"B","price":5}]},
    {"id":"o2","customer":"c","date":"2026-01-31T23:30:00-05:00","amount":"7.00"},
    {"id":"o3","customer":"c","date":"2026-03-01T00:15:00+14:00","amount":"1.00"},
    {"id":"o4","customer":"c","date":"2026-03-02 12:00:00","amount":"1.00"},
    {"id":"o5","customer":"c","date":"2026-03-03T09:00:00+01:00","amount":"12.00","channel":"store"},
    {"id":"r1","type":"refund","customer":"c","date":"2026-01-02","purchase":"o1","amount":"1.00"},
    {"id":"a1","type":"adjustment","customer":"c","date":"2026-01-03","points":-5,"qualifying":true},
    {"id":"x1","type":"redemption","customer":"c","date":"2026-01-04","reward":"cash","points":100,"order_amount":"30"},
    {"id":"n1","type":"custom","customer":"c","date":"2026-01-05","name":"newsletter"},
    {"id":"t1","type":"tier_invitation","customer":"c","date":"2026-01-06","level":"vip"},
    {"id":"s1","type":"signup","customer":"c","date":"2026-01-07"},
    {"id":"k1","type":"cancellation","customer":"c","date":"2026-01-08","redemption":"x1"}])";
  auto events = testing::events_from(text);
  auto again = testing::events_from(render_events_json(events, kUsd, ExchangeRates{}));
  ASSERT_EQ(again.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(again[i].id, events[i].id);
    EXPECT_EQ(again[i].kind, events[i].kind) << events[i].id;
    EXPECT_EQ(again[i].moment, events[i].moment) << events[i].id << " " << format_moment(events[i].moment);
    EXPECT_EQ(again[i].amount_minor, events[i].amount_minor) << events[i].id;
    EXPECT_EQ(again[i].items.size(), events[i].items.size());
    EXPECT_EQ(again[i].reference, events[i].reference);
    EXPECT_EQ(again[i].points, events[i].points);
    EXPECT_EQ(again[i].qualifying, events[i].qualifying);
    EXPECT_EQ(again[i].order_minor, events[i].order_minor);
    EXPECT_EQ(again[i].in_store, events[i].in_store) << events[i].id;
  }
  EXPECT_TRUE(events[4].in_store);  // "channel": "store"
  EXPECT_FALSE(events[0].in_store);
  EXPECT_EQ(format_moment(events[1].moment).substr(0, 10), "2026-01-31");  // New York's day, not UTC's
  EXPECT_EQ(format_moment(events[2].moment).substr(0, 10), "2026-03-01");  // Kiritimati's day
  EXPECT_EQ(format_moment(events[5].moment), "2026-01-02");
}

TEST(Events, AmountDefaultsToTheItemsTotal) {
  auto events = testing::events_from(R"([{"id":"o1","customer":"c","date":"2026-01-01",
    "items":[{"sku":"A","price":"2.50","quantity":3}]}])");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].amount_minor, 750);
}

struct BadEvent {
  std::string text;
  ErrorCode code;
  std::string where;
  friend void PrintTo(const BadEvent& bad, std::ostream* os) { *os << bad.where; }
};

class BadEvents : public ::testing::TestWithParam<BadEvent> {};

TEST_P(BadEvents, AreNamedByIndexAndField) {
  Error error = event_error(GetParam().text);
  EXPECT_EQ(error.code, GetParam().code) << error.describe();
  EXPECT_EQ(error.where, GetParam().where) << error.describe();
}

INSTANTIATE_TEST_SUITE_P(
    Events, BadEvents,
    ::testing::Values(
        BadEvent{R"([{"id":"1","type":"gift","customer":"c","date":"2026-01-01"}])", ErrorCode::invalid_value, "events: [0].type"},
        BadEvent{R"([{"id":"1","type":7,"customer":"c","date":"2026-01-01"}])", ErrorCode::wrong_type, "events: [0].type"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01"}])", ErrorCode::missing_field, "events: [0].amount"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","amount":-5}])", ErrorCode::invalid_value, "events: [0].amount"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","amount":1,"items":[{"sku":"A","price":5}]}])",
                 ErrorCode::invalid_value, "events: [0].amount"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","items":[{"price":5}]}])", ErrorCode::missing_field,
                 "events: [0].items[0].sku"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","items":[{"sku":"A","price":5,"quantity":0}]}])",
                 ErrorCode::invalid_value, "events: [0].items[0].quantity"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","items":[{"sku":"A","price":5,"quantity":1.5}]}])",
                 ErrorCode::wrong_type, "events: [0].items[0].quantity"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","items":[{"sku":"A","price":"9e15","quantity":1000000}]}])",
                 ErrorCode::amount_out_of_range, "events: [0].items"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","items":{}}])", ErrorCode::wrong_type, "events: [0].items"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","amount":5,"channel":"phone"}])", ErrorCode::invalid_value,
                 "events: [0].channel"},
        BadEvent{R"([{"id":"1","customer":"c","date":"2026-01-01","amount":5,"channel":1}])", ErrorCode::wrong_type,
                 "events: [0].channel"},
        BadEvent{R"([{"id":"1","type":"refund","customer":"c","date":"2026-01-01"}])", ErrorCode::missing_field,
                 "events: [0].purchase"},
        BadEvent{R"([{"id":"1","type":"refund","customer":"c","date":"2026-01-01","purchase":"o","amount":0}])",
                 ErrorCode::invalid_value, "events: [0].amount"},
        BadEvent{R"([{"id":"1","type":"adjustment","customer":"c","date":"2026-01-01","points":0}])",
                 ErrorCode::invalid_value, "events: [0].points"},
        BadEvent{R"([{"id":"1","type":"adjustment","customer":"c","date":"2026-01-01","points":"5"}])",
                 ErrorCode::wrong_type, "events: [0].points"},
        BadEvent{R"([{"id":"1","type":"adjustment","customer":"c","date":"2026-01-01","points":18446744073709551615}])",
                 ErrorCode::invalid_value, "events: [0].points"},
        BadEvent{R"([{"id":"1","type":"redemption","customer":"c","date":"2026-01-01"}])", ErrorCode::missing_field,
                 "events: [0].reward"},
        BadEvent{R"([{"id":"1","type":"custom","customer":"c","date":"2026-01-01"}])", ErrorCode::missing_field,
                 "events: [0].name"},
        BadEvent{R"([{"id":"1","type":"tier_invitation","customer":"c","date":"2026-01-01"}])", ErrorCode::missing_field,
                 "events: [0].level"},
        BadEvent{R"([{"id":"1","type":"signup","customer":"c","date":"2026-02-29"}])", ErrorCode::invalid_date,
                 "events: [0].date"}));

TEST(Events, CsvHoldsPurchases) {
  std::vector<Event> events;
  Status status = read_events("id,customer,date,amount\n1,c,2026-01-01T10:00:00Z,5\n", LogFormat::csv, "log.csv", kUsd, ExchangeRates{},
                              [&](Event&& e) {
                                events.push_back(std::move(e));
                                return Status(Ok{});
                              });
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].amount_minor, 500);
  EXPECT_EQ(events[0].moment.utc_seconds % 86400, 36000);
  Status negative = read_events("id,customer,date,amount\n1,c,2026-01-01,-5\n", LogFormat::csv, "log.csv", kUsd, ExchangeRates{},
                                [](Event&&) { return Status(Ok{}); });
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().where, "log.csv:2");
}

TEST(Cart, ItemsOrAmount) {
  auto items = parse_cart(R"({"id":"o9","items":[{"sku":"A","price":"19.99","quantity":2,"category":"shoes"}]})", kUsd, ExchangeRates{}, Date{2026, 1, 1});
  ASSERT_TRUE(items.ok()) << items.error().describe();
  EXPECT_EQ(items->id, "o9");
  EXPECT_EQ(items->amount_minor, 3998);
  auto amount = parse_cart(R"({"amount":"120.00"})", kUsd, ExchangeRates{}, Date{2026, 1, 1});
  ASSERT_TRUE(amount.ok());
  EXPECT_EQ(amount->amount_minor, 12000);
  EXPECT_TRUE(amount->items.empty());
}

TEST(Cart, BadCartsAreNamed) {
  auto wrong = parse_cart(R"({"amount":"12.5x"})", kUsd, ExchangeRates{}, Date{2026, 1, 1}, "cart.json");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().where, "cart.json: amount");
  auto unknown = parse_cart(R"({"total":1})", kUsd, ExchangeRates{}, Date{2026, 1, 1}, "cart.json");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().where, "cart.json: total");
  auto empty = parse_cart("{}", kUsd, ExchangeRates{}, Date{2026, 1, 1}, "cart.json");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::missing_field);
  EXPECT_FALSE(parse_cart("[]", kUsd, ExchangeRates{}, Date{2026, 1, 1}).ok());
  EXPECT_FALSE(parse_cart("{", kUsd, ExchangeRates{}, Date{2026, 1, 1}).ok());
}

}  // namespace
}  // namespace loyalty
