#include <limits>

#include "json_fields.hpp"
#include "loyalty/event.hpp"
#include "text.hpp"
#include "try.hpp"

namespace loyalty {
namespace {

using json::Json;

constexpr std::int64_t kMaxQuantity = 1000000;
constexpr std::int64_t kMaxAdjustment = 1000000000000000;  // 10^15 points
constexpr std::size_t kMaxComment = 2000;  // a survey comment: a paragraph, not a document

using json::Fields;

Result<std::vector<Item>> read_items(const Fields& fields, const Currency& currency) {
  std::vector<Item> out;
  const Json* list = fields.find("items");
  if (!list) return out;
  if (!list->is_array()) {
    return fields.fail("items", ErrorCode::wrong_type, "expected an array of items, found " + json::type_name(*list));
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    LOYALTY_LET(entry, json::object_at((*list)[i], json::item(fields.path_of("items"), i), "an item object"));
    Item item;
    LOYALTY_TRY(item.sku, entry.identifier("sku", true));
    LOYALTY_TRY(item.category, entry.identifier("category", false));
    LOYALTY_TRY(item.price_minor, entry.amount("price", currency));
    if (entry.has("quantity")) LOYALTY_TRY(item.quantity, entry.integer("quantity", true, 0, 1, kMaxQuantity));
    out.push_back(std::move(item));
  }
  return out;
}

// The items' total, checked against int64.
Result<std::int64_t> items_total(const Fields& fields, const std::vector<Item>& items) {
  std::int64_t total = 0;
  for (const Item& item : items) {
    std::int64_t line;
    if (__builtin_mul_overflow(item.price_minor, item.quantity, &line) ||
        __builtin_add_overflow(total, line, &total)) {
      return fields.fail("items", ErrorCode::amount_out_of_range, "the items' total is too large");
    }
  }
  return total;
}

Status read_purchase_body(const Fields& fields, const Currency& currency, Event& event) {
  LOYALTY_TRY(event.items, read_items(fields, currency));
  LOYALTY_LET(total, items_total(fields, event.items));
  if (fields.has("amount")) {
    LOYALTY_TRY(event.amount_minor, fields.amount("amount", currency));
    if (event.amount_minor < total) {
      return fields.fail("amount", ErrorCode::invalid_value,
                         "is less than the items' total " + format_scaled(total, currency.exponent));
    }
  } else if (!event.items.empty()) {
    event.amount_minor = total;
  } else {
    return fields.fail("amount", ErrorCode::missing_field, "is required (or give items)");
  }
  event.has_amount = true;
  return Ok{};
}

// Where a purchase was made: "online" (the default) or "store", at the
// shop's counter. It decides no points; it is kept so a ledger can say so.
Result<bool> read_channel(const Fields& fields) {
  LOYALTY_LET(channel, fields.string("channel", false, "online"));
  if (channel != "online" && channel != "store") {
    return fields.fail("channel", ErrorCode::invalid_value, quote_value(channel, 40) + " is not a channel (online or store)");
  }
  return channel == "store";
}

// The currency an event's or cart's amounts are in: the program's (and
// `foreign` null) when it names none or the program's own; else one the
// program has rates for.
struct PaidIn {
  Currency currency;
  const ForeignCurrency* foreign = nullptr;
};

Result<PaidIn> paid_in(const Fields& fields, const Currency& base, const ExchangeRates& rates) {
  const Json* code = fields.find("currency");
  if (!code) return PaidIn{base, nullptr};
  if (!code->is_string()) {
    return fields.fail("currency", ErrorCode::wrong_type, "expected a currency code, found " + json::type_name(*code));
  }
  const std::string& text = code->text();
  if (text == base.code) return PaidIn{base, nullptr};
  if (const ForeignCurrency* foreign = rates.find(text)) return PaidIn{foreign->currency, foreign};
  return fields.fail("currency", ErrorCode::invalid_value,
                     quote_value(text, 12) + " is not converted: the program's currency is " + base.code +
                         (rates.empty() ? " and it has no exchange_rates"
                                        : " and it has exchange_rates for " + rates.codes()));
}

Result<ExchangeRate> rate_for(const Fields& fields, const ForeignCurrency& foreign, const Date& on) {
  const ExchangeRate* rate = rate_on(foreign, on);
  if (!rate) {
    return fields.fail("currency", ErrorCode::invalid_value,
                       "no " + foreign.currency.code + " exchange rate is in force on " + on.to_string() +
                           " (the first applies from " + foreign.rates.front().from->to_string() + ")");
  }
  return *rate;
}

Result<std::int64_t> converted(const Fields& fields, const char* key, std::int64_t minor, const ExchangeRate& rate,
                               const Currency& from, const Currency& to) {
  auto value = convert_minor(minor, rate, from.exponent, to.exponent);
  if (!value) return located(std::move(value).error(), fields.path_of(key));
  return value;
}

// A purchase body paid in another currency, in the program's (convert_paid_purchase),
// its errors at the body's field.
Status convert_purchase(const Fields& fields, const ExchangeRate& rate, const Currency& paid,
                        const Currency& base, Event& event) {
  Status status = convert_paid_purchase(event, rate, paid, base);
  if (status) return status;
  Error error = std::move(status).error();
  error.where = fields.path_of(error.where);
  return error;
}

Result<Event> read_event(const Json& element, std::size_t index, const Currency& base, const ExchangeRates& rates) {
  LOYALTY_LET(fields, json::object_at(element, json::item("", index), "an event object"));
  Event event;
  event.origin = Origin{LogFormat::json, index};
  if (const Json* type = fields.find("type")) {
    if (!type->is_string()) {
      return fields.fail("type", ErrorCode::wrong_type, "expected a string, found " + json::type_name(*type));
    }
    auto kind = event_kind_from_name(type->text());
    if (!kind) {
      return fields.fail("type", ErrorCode::invalid_value,
                         "unknown event type " + quote_value(type->text()) +
                             " (known: " + event_kind_list() + ")");
    }
    event.kind = *kind;
  }
  LOYALTY_TRY(event.id, fields.identifier("id", true));
  LOYALTY_TRY(event.customer, fields.identifier("customer", true));
  LOYALTY_TRY(event.moment, fields.moment("date"));
  LOYALTY_LET(paid, paid_in(fields, base, rates));
  const Currency& currency = paid.currency;
  // Kept on purchases and refunds only: a redemption's order amount is
  // converted here once and is then in the program's currency.
  if (paid.foreign && (event.kind == EventKind::purchase || event.kind == EventKind::refund)) {
    event.currency = currency.code;
  }

  switch (event.kind) {
    case EventKind::purchase: {
      LOYALTY_CHECK(read_purchase_body(fields, currency, event));
      LOYALTY_TRY(event.in_store, read_channel(fields));
      if (paid.foreign) {
        LOYALTY_LET(rate, rate_for(fields, *paid.foreign, event.date()));
        LOYALTY_CHECK(convert_purchase(fields, rate, currency, base, event));
      } else {
        event.charged_minor = event.amount_minor;
      }
      break;
    }
    case EventKind::refund:
      // In its own currency: the ledger values it at its purchase's rate.
      LOYALTY_TRY(event.reference, fields.identifier("purchase", true));
      if (fields.find("amount")) {
        LOYALTY_TRY(event.amount_minor, fields.amount("amount", currency));
        if (event.amount_minor == 0) return fields.fail("amount", ErrorCode::invalid_value, "must be more than zero");
        event.has_amount = true;
      }
      break;
    case EventKind::adjustment: {
      LOYALTY_TRY(event.points, fields.integer("points", true, 0, -kMaxAdjustment, kMaxAdjustment));
      if (event.points == 0) return fields.fail("points", ErrorCode::invalid_value, "must not be zero");
      event.has_points = true;
      LOYALTY_TRY(event.qualifying, fields.boolean("qualifying", event.qualifying));
      break;
    }
    case EventKind::redemption:
      LOYALTY_TRY(event.reference, fields.identifier("reward", true));
      LOYALTY_TRY(event.cause, fields.identifier("cause", false));
      if (fields.find("points")) {
        LOYALTY_TRY(event.points, fields.integer("points", true, 0, 1, kMaxAdjustment));
        event.has_points = true;
      }
      if (fields.find("order_amount")) {
        LOYALTY_TRY(event.order_minor, fields.amount("order_amount", currency));
        if (paid.foreign) {
          LOYALTY_LET(rate, rate_for(fields, *paid.foreign, event.date()));
          LOYALTY_TRY(event.order_minor, converted(fields, "order_amount", event.order_minor, rate, currency, base));
        }
        event.has_order = true;
      }
      break;
    case EventKind::custom:
      LOYALTY_TRY(event.reference, fields.identifier("name", true));
      break;
    case EventKind::cancellation:
      LOYALTY_TRY(event.reference, fields.identifier("redemption", true));
      break;
    case EventKind::tier_invitation:
      LOYALTY_TRY(event.reference, fields.identifier("level", true));
      break;
    case EventKind::survey:
      LOYALTY_TRY(event.score, fields.integer("score", true, 0, 0, 10));
      LOYALTY_TRY(event.comment, fields.string("comment", false, "", true));
      if (event.comment.size() > kMaxComment) {
        return fields.fail("comment", ErrorCode::invalid_value,
                           "is longer than " + to_text(kMaxComment) + " bytes");
      }
      break;
    default:
      break;  // engagement events and revocations carry nothing more
  }
  return event;
}

}  // namespace

// Each item's price and the order total convert on their own, rounded half
// away from zero to the program's minor unit. The total never falls below its
// converted items (rounding cannot make items cost more than the order).
Status convert_paid_purchase(Event& event, const ExchangeRate& rate, const Currency& paid, const Currency& base) {
  event.charged_minor = event.amount_minor;
  event.charged_prices.clear();
  std::int64_t paid_items = 0;
  std::int64_t items = 0;
  for (Item& item : event.items) {
    event.charged_prices.push_back(item.price_minor);
    paid_items += item.price_minor * item.quantity;  // checked when the items were read
    auto price = convert_minor(item.price_minor, rate, paid.exponent, base.exponent);
    if (!price) return located(std::move(price).error(), "items");
    item.price_minor = *price;
    std::int64_t line;
    if (__builtin_mul_overflow(item.price_minor, item.quantity, &line) ||
        __builtin_add_overflow(items, line, &items)) {
      return Error{ErrorCode::amount_out_of_range, "items", "the items' total is too large once converted"};
    }
  }
  if (!event.items.empty() && event.charged_minor == paid_items) {
    event.amount_minor = items;
  } else {
    auto total = convert_minor(event.charged_minor, rate, paid.exponent, base.exponent);
    if (!total) return located(std::move(total).error(), "amount");
    event.amount_minor = std::max(*total, items);
  }
  return Ok{};
}

Status read_events(std::string_view text, LogFormat format, std::string_view source,
                   const Currency& currency, const ExchangeRates& rates, const EventSink& sink) {
  const std::string name = source.empty() ? "<input>" : std::string(source);
  if (format == LogFormat::csv) {
#ifdef LOYALTY_JSON_EVENTS_ONLY
    // The widget's engine (core/CMakeLists.txt): a storefront's events come
    // as JSON, and a CSV log is a shop's export, batch work for the full engine.
    return Error{ErrorCode::unsupported, name,
                 "a CSV log is batch work, not in the widget's engine (loyalty-engine-widget.mjs); "
                 "use loyalty-engine.mjs or give the events as JSON"};
#endif
    return read_transactions_csv(text, source, currency, [&](Transaction&& t, const Origin& origin) -> Status {
      if (t.amount_minor < 0) {
        return Error{ErrorCode::invalid_value, origin.describe(name),
                     "column amount: a purchase must not be negative (record returns as refunds)"};
      }
      return sink(purchase_of(std::move(t), origin));
    });
  }
  Status status = json::parse_array_stream(text, [&](std::size_t index, Json& element) -> Status {
    auto event = read_event(element, index, currency, rates);
    if (!event) return std::move(event).error();
    Status accepted = sink(std::move(*event));
    if (!accepted && accepted.error().where.empty()) {
      Error e = std::move(accepted).error();
      e.where = "[" + to_text(index) + "]";
      return e;
    }
    return accepted;
  });
  if (!status) return located(std::move(status).error(), name);
  return Ok{};
}

Result<Cart> parse_cart(std::string_view json_text, const Currency& currency, const ExchangeRates& rates,
                        const Date& on, std::string_view source) {
  const std::string name = source.empty() ? "<cart>" : std::string(source);
  auto document = json::parse_document(json_text);
  if (!document) return located(std::move(document).error(), name);
  if (!document->is_object()) {
    return Error{ErrorCode::wrong_type, name,
                 "a cart is {\"items\": [...]} or {\"amount\": ...}, found " + json::type_name(*document)};
  }
  Fields fields(*document, "");
  Status known = fields.only({"id", "items", "amount", "currency"}, ErrorCode::invalid_value,
                             "unknown field (a cart has id, items, amount and currency)");
  if (!known) return located(std::move(known).error(), name);
  auto paid = paid_in(fields, currency, rates);
  if (!paid) return located(std::move(paid).error(), name);
  Event purchase;
  if (auto status = read_purchase_body(fields, paid->currency, purchase); !status) {
    return located(std::move(status).error(), name);
  }
  Cart cart;
  if (paid->foreign) {
    auto rate = rate_for(fields, *paid->foreign, on);
    if (!rate) return located(std::move(rate).error(), name);
    if (auto status = convert_purchase(fields, *rate, paid->currency, currency, purchase); !status) {
      return located(std::move(status).error(), name);
    }
    cart.currency = paid->currency.code;
  }
  auto id = fields.identifier("id", false);
  if (!id) return located(std::move(id).error(), name);
  cart.id = std::move(*id);
  cart.amount_minor = purchase.amount_minor;
  cart.has_amount = true;
  cart.items = std::move(purchase.items);
  return cart;
}

}  // namespace loyalty
