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

Result<Event> read_event(const Json& element, std::size_t index, const Currency& currency) {
  LOYALTY_LET(fields, json::object_at(element, json::item("", index), "an event object"));
  Event event;
  event.origin = Origin{LogFormat::json, index};
  if (const Json* type = fields.find("type")) {
    if (!type->is_string()) {
      return fields.fail("type", ErrorCode::wrong_type, "expected a string, found " + json::type_name(*type));
    }
    auto kind = event_kind_from_name(type->get_ref<const std::string&>());
    if (!kind) {
      return fields.fail("type", ErrorCode::invalid_value,
                         "unknown event type " + quote_value(type->get_ref<const std::string&>()) +
                             " (known: " + event_kind_list() + ")");
    }
    event.kind = *kind;
  }
  LOYALTY_TRY(event.id, fields.identifier("id", true));
  LOYALTY_TRY(event.customer, fields.identifier("customer", true));
  LOYALTY_TRY(event.moment, fields.moment("date"));
  LOYALTY_CHECK(fields.same_currency(currency, "amounts"));

  switch (event.kind) {
    case EventKind::purchase: {
      LOYALTY_CHECK(read_purchase_body(fields, currency, event));
      break;
    }
    case EventKind::refund:
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
      if (fields.find("points")) {
        LOYALTY_TRY(event.points, fields.integer("points", true, 0, 1, kMaxAdjustment));
        event.has_points = true;
      }
      if (fields.find("order_amount")) {
        LOYALTY_TRY(event.order_minor, fields.amount("order_amount", currency));
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

Status read_events(std::string_view text, LogFormat format, std::string_view source,
                   const Currency& currency, const EventSink& sink) {
  const std::string name = source.empty() ? "<input>" : std::string(source);
  if (format == LogFormat::csv) {
    return read_transactions_csv(text, source, currency, [&](Transaction&& t, const Origin& origin) -> Status {
      if (t.amount_minor < 0) {
        return Error{ErrorCode::invalid_value, origin.describe(name),
                     "column amount: a purchase must not be negative (record returns as refunds)"};
      }
      return sink(purchase_of(std::move(t), origin));
    });
  }
  Status status = json::parse_array_stream(text, [&](std::size_t index, Json& element) -> Status {
    auto event = read_event(element, index, currency);
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

Result<Cart> parse_cart(std::string_view json_text, const Currency& currency, std::string_view source) {
  const std::string name = source.empty() ? "<cart>" : std::string(source);
  auto document = json::parse_document(json_text);
  if (!document) return located(std::move(document).error(), name);
  if (!document->is_object()) {
    return Error{ErrorCode::wrong_type, name,
                 "a cart is {\"items\": [...]} or {\"amount\": ...}, found " + json::type_name(*document)};
  }
  Fields fields(*document, "");
  Status known = fields.only({"id", "items", "amount"}, ErrorCode::invalid_value,
                             "unknown field (a cart has id, items and amount)");
  if (!known) return located(std::move(known).error(), name);
  Event purchase;
  if (auto status = read_purchase_body(fields, currency, purchase); !status) {
    return located(std::move(status).error(), name);
  }
  Cart cart;
  auto id = fields.identifier("id", false);
  if (!id) return located(std::move(id).error(), name);
  cart.id = std::move(*id);
  cart.amount_minor = purchase.amount_minor;
  cart.has_amount = true;
  cart.items = std::move(purchase.items);
  return cart;
}

}  // namespace loyalty
