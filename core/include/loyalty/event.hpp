// Everything that happens to a customer's points: purchases (optionally with
// items), refunds, adjustments, redemptions, engagement events and tier
// invitations. Read from JSON (an array of objects in the transaction shape
// plus a "type") or from a CSV of purchases.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/exchange_rates.hpp"
#include "loyalty/money.hpp"
#include "loyalty/event_kind.hpp"
#include "loyalty/transaction.hpp"

namespace loyalty {

struct Item {
  std::string sku;
  std::string category;
  std::int64_t price_minor = 0;  // per unit
  std::int64_t quantity = 1;
};

struct Event {
  std::string id;
  std::string customer;
  EventKind kind = EventKind::purchase;
  Moment moment;
  // purchase: the order total (>= the items' total; the rest, such as
  // unitemized shipping, earns nothing); refund: the amount refunded.
  // In the program's currency, except a refund's: a purchase paid in another
  // currency is converted when read (item prices too), while a refund stays
  // in its own `currency`, because its purchase's rate decides its value.
  std::int64_t amount_minor = 0;
  bool has_amount = false;
  std::string currency;            // paid or refunded in; empty: the program's
  std::int64_t charged_minor = 0;  // purchase: the total as paid, in minor units of `currency`
  std::vector<std::int64_t> charged_prices;  // purchase in another currency: each item's price as paid
  std::vector<Item> items;
  bool in_store = false;  // purchase: "channel": "store", a sale at the shop's counter (else online)
  // refund: the purchase id; redemption: the reward id; custom: the event
  // name; tier_invitation: the level id; cancellation: the redemption's
  // event id.
  std::string reference;
  std::int64_t points = 0;  // adjustment (signed); points_to_discount redemption
  bool has_points = false;
  bool qualifying = false;  // adjustment: counts toward tier qualification
  std::int64_t order_minor = 0;  // redemption: the order it applies to
  bool has_order = false;
  std::string cause;  // redemption of a donation: the cause chosen
  std::int64_t score = 0;  // survey: how likely the customer is to recommend the shop, 0-10
  std::string comment;     // survey: optional, as the customer wrote it
  Origin origin;

  const Date& date() const { return moment.date; }
};

// A purchase as the statement counts it (a transaction), and a transaction
// read from a CSV log as the ledger takes it (a purchase event).
inline Transaction transaction_of(const Event& purchase) {
  return Transaction{purchase.id, purchase.customer, purchase.date(), purchase.moment.utc_seconds,
                     purchase.amount_minor};
}
inline Event purchase_of(Transaction&& transaction, const Origin& origin) {
  Event event;
  event.id = std::move(transaction.id);
  event.customer = std::move(transaction.customer);
  event.moment = Moment{transaction.date, transaction.utc_seconds};
  event.amount_minor = transaction.amount_minor;
  event.has_amount = true;
  event.origin = origin;
  return event;
}

// A purchase paid in `paid`, in the program's currency `base` at `rate`:
// keeps what was paid (charged_minor, charged_prices) and converts the
// amount and each item's price. An error's `where` is the field ("amount"
// or "items") for the caller to place.
Status convert_paid_purchase(Event& event, const ExchangeRate& rate, const Currency& paid, const Currency& base);

using EventSink = std::function<Status(Event&& event)>;

// Reads events, stopping at the first malformed one with an error naming the
// source and the index and field (JSON) or line (CSV). CSV logs hold
// purchases only.
// Amounts in another currency convert at `rates` (a program's exchange_rates).
Status read_events(std::string_view text, LogFormat format, std::string_view source,
                   const Currency& currency, const ExchangeRates& rates, const EventSink& sink);

// Events as a JSON array in the shape read_events reads; reading it again
// gives the same events (the date as written and the instant both kept).
// A purchase paid in another currency is written as paid (its `currency`,
// prices and amount), so reading it again converts it the same way.
std::string render_events_json(const std::vector<Event>& events, const Currency& currency,
                               const ExchangeRates& rates);

// A moment as text parse_moment reads back to the same date and instant:
// "2026-01-31" for midnight UTC, else an RFC 3339 timestamp.
std::string format_moment(const Moment& moment);

// A shopping cart for simulation: {"items":[{"sku","price","quantity",
// "category"}]} or {"amount":"120.00"}; an optional "id" is the order id the
// purchase will have (it decides surprise bonuses).
struct Cart {
  std::string id;
  std::string currency;  // what the shopper pays in; empty: the program's. Prices below are converted.
  std::int64_t amount_minor = 0;
  bool has_amount = false;
  std::vector<Item> items;
};

// A cart may name its "currency"; its prices then convert at the rate in force on `on`.
Result<Cart> parse_cart(std::string_view json_text, const Currency& currency, const ExchangeRates& rates,
                        const Date& on, std::string_view source = "");

}  // namespace loyalty
