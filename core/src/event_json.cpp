#include <limits>

#include "json_reader.hpp"
#include "loyalty/event.hpp"
#include "text.hpp"
#include "try.hpp"

namespace loyalty {
namespace {

using json::Json;

constexpr std::int64_t kMaxQuantity = 1000000;
constexpr std::int64_t kMaxAdjustment = 1000000000000000;  // 10^15 points

// Reads the fields of one JSON object, naming "[index].field" in errors.
class EventFields {
 public:
  EventFields(const Json& object, std::string base, const Currency& currency)
      : object_(object), base_(std::move(base)), currency_(currency) {}

  Error fail(std::string_view field, ErrorCode code, std::string message) const {
    return Error{code, where(field), std::move(message)};
  }
  std::string where(std::string_view field) const {
    if (field.empty()) return base_;
    return base_.empty() ? std::string(field) : base_ + "." + std::string(field);
  }
  int exponent() const { return currency_.exponent; }
  const Json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  // Identifiers: strings, or whole numbers kept as their text.
  Result<std::string> identifier(const char* key, bool required) const {
    const Json* value = find(key);
    if (!value) {
      if (required) return fail(key, ErrorCode::missing_field, "is required");
      return std::string();
    }
    auto out = json::identifier_text(*value);
    if (!out) return fail(key, ErrorCode::wrong_type, "expected a string, found " + json::type_name(*value));
    if (out->empty()) return fail(key, ErrorCode::invalid_value, "must not be empty");
    return std::move(*out);
  }

  Result<std::int64_t> amount(const char* key) const {
    const Json* value = find(key);
    if (!value) return fail(key, ErrorCode::missing_field, "is required");
    auto text = json::number_or_string_text(*value);
    if (!text) {
      return fail(key, ErrorCode::wrong_type,
                  "expected a number or a decimal string, found " + json::type_name(*value));
    }
    auto parsed = parse_amount(*text, currency_);
    if (!parsed) return located(std::move(parsed).error(), where(key));
    return parsed;
  }

  Result<std::int64_t> non_negative_amount(const char* key) const {
    auto parsed = amount(key);
    if (parsed && *parsed < 0) return fail(key, ErrorCode::invalid_value, "must not be negative");
    return parsed;
  }

  Result<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max) const {
    const Json* value = find(key);
    if (!value) return fail(key, ErrorCode::missing_field, "is required");
    if (!value->is_number_integer() ||
        (value->is_number_unsigned() &&
         value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
      return fail(key, ErrorCode::wrong_type, "expected a whole number, found " + json::type_name(*value));
    }
    std::int64_t out = value->get<std::int64_t>();
    if (out < min || out > max) {
      return fail(key, ErrorCode::invalid_value,
                  "must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return out;
  }

  Result<std::vector<Item>> items() const {
    std::vector<Item> out;
    const Json* list = find("items");
    if (!list) return out;
    if (!list->is_array()) {
      return fail("items", ErrorCode::wrong_type, "expected an array of items, found " + json::type_name(*list));
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Json& entry = (*list)[i];
      EventFields fields(entry, where("items") + "[" + std::to_string(i) + "]", currency_);
      if (!entry.is_object()) {
        return fields.fail("", ErrorCode::wrong_type, "expected an item object, found " + json::type_name(entry));
      }
      Item item;
      auto sku = fields.identifier("sku", true);
      if (!sku) return std::move(sku).error();
      item.sku = std::move(*sku);
      auto category = fields.identifier("category", false);
      if (!category) return std::move(category).error();
      item.category = std::move(*category);
      auto price = fields.non_negative_amount("price");
      if (!price) return std::move(price).error();
      item.price_minor = *price;
      if (fields.find("quantity")) {
        auto quantity = fields.integer("quantity", 1, kMaxQuantity);
        if (!quantity) return std::move(quantity).error();
        item.quantity = *quantity;
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  // The items' total, checked against int64.
  Result<std::int64_t> items_total(const std::vector<Item>& items) const {
    std::int64_t total = 0;
    for (const Item& item : items) {
      std::int64_t line;
      if (__builtin_mul_overflow(item.price_minor, item.quantity, &line) ||
          __builtin_add_overflow(total, line, &total)) {
        return fail("items", ErrorCode::amount_out_of_range, "the items' total is too large");
      }
    }
    return total;
  }

 private:
  const Json& object_;
  std::string base_;
  const Currency& currency_;
};

Status read_purchase_body(const EventFields& fields, Event& event) {
  LOYALTY_TRY(event.items, fields.items());
  std::int64_t items_total = 0;
  LOYALTY_TRY(items_total, fields.items_total(event.items));
  if (fields.find("amount")) {
    LOYALTY_TRY(event.amount_minor, fields.non_negative_amount("amount"));
    if (event.amount_minor < items_total) {
      return fields.fail("amount", ErrorCode::invalid_value,
                         "is less than the items' total " + format_scaled(items_total, fields.exponent()));
    }
  } else if (!event.items.empty()) {
    event.amount_minor = items_total;
  } else {
    return fields.fail("amount", ErrorCode::missing_field, "is required (or give items)");
  }
  event.has_amount = true;
  return Ok{};
}

Result<Event> read_event(const Json& element, std::size_t index, const Currency& currency) {
  EventFields fields(element, "[" + std::to_string(index) + "]", currency);
  if (!element.is_object()) {
    return fields.fail("", ErrorCode::wrong_type, "expected an event object, found " + json::type_name(element));
  }
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
  const Json* date = fields.find("date");
  if (!date) return fields.fail("date", ErrorCode::missing_field, "is required");
  if (!date->is_string()) {
    return fields.fail("date", ErrorCode::wrong_type, "expected a date string, found " + json::type_name(*date));
  }
  auto moment = parse_moment(date->get_ref<const std::string&>());
  if (!moment) return located(std::move(moment).error(), fields.where("date"));
  event.moment = *moment;
  if (const Json* code = fields.find("currency")) {
    if (!code->is_string() || code->get_ref<const std::string&>() != currency.code) {
      return fields.fail("currency", ErrorCode::invalid_value,
                         "the program's currency is " + currency.code +
                             "; amounts in other currencies are not converted");
    }
  }

  switch (event.kind) {
    case EventKind::purchase: {
      if (auto status = read_purchase_body(fields, event); !status) return std::move(status).error();
      break;
    }
    case EventKind::refund:
      LOYALTY_TRY(event.reference, fields.identifier("purchase", true));
      if (fields.find("amount")) {
        LOYALTY_TRY(event.amount_minor, fields.non_negative_amount("amount"));
        if (event.amount_minor == 0) return fields.fail("amount", ErrorCode::invalid_value, "must be more than zero");
        event.has_amount = true;
      }
      break;
    case EventKind::adjustment: {
      LOYALTY_TRY(event.points, fields.integer("points", -kMaxAdjustment, kMaxAdjustment));
      if (event.points == 0) return fields.fail("points", ErrorCode::invalid_value, "must not be zero");
      event.has_points = true;
      if (const Json* qualifying = fields.find("qualifying")) {
        if (!qualifying->is_boolean()) {
          return fields.fail("qualifying", ErrorCode::wrong_type, "expected true or false");
        }
        event.qualifying = qualifying->get<bool>();
      }
      break;
    }
    case EventKind::redemption:
      LOYALTY_TRY(event.reference, fields.identifier("reward", true));
      if (fields.find("points")) {
        LOYALTY_TRY(event.points, fields.integer("points", 1, kMaxAdjustment));
        event.has_points = true;
      }
      if (fields.find("order_amount")) {
        LOYALTY_TRY(event.order_minor, fields.non_negative_amount("order_amount"));
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
      e.where = "[" + std::to_string(index) + "]";
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
  EventFields fields(*document, "", currency);
  if (!document->is_object()) {
    return located(fields.fail("", ErrorCode::wrong_type,
                               "a cart is {\"items\": [...]} or {\"amount\": ...}, found " +
                                   json::type_name(*document)),
                   name);
  }
  for (const auto& [key, value] : document->items()) {
    if (key != "id" && key != "items" && key != "amount" && !json::is_annotation_key(key)) {
      return located(fields.fail(shorten(key), ErrorCode::invalid_value,
                                 "unknown field (a cart has id, items and amount)"),
                     name);
    }
  }
  Event purchase;
  if (auto status = read_purchase_body(fields, purchase); !status) {
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
