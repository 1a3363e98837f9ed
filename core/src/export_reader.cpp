// A shop's export, read through a column mapping into purchases and refunds
// (export_mapping.hpp says what each choice means).
#include <algorithm>
#include <unordered_map>

#include "csv_records.hpp"
#include "loyalty/checked.hpp"
#include "loyalty/export_mapping.hpp"
#include "string_index.hpp"
#include "text.hpp"
#include "try.hpp"

namespace loyalty {
namespace {

std::size_t slot(ExportField field) { return static_cast<std::size_t>(field); }

// A whole number of units, signed ("-12"); exports write no other shape.
std::optional<std::int64_t> parse_quantity(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

struct Order {
  std::string id;
  std::string customer;
  Moment moment;
  std::int64_t amount = 0;
  bool has_amount = false;
  std::vector<Item> items;
  std::uint64_t line = 0;  // its first row
  std::int64_t left = 0;   // what is still to refund (purchases), in the currency it was paid in
  const ForeignCurrency* foreign = nullptr;  // paid in another currency than the program's
};

}  // namespace

Result<bool> reads_as_export(std::string_view text, std::string_view source, const MappingRequest& mapping) {
  if (!mapping.empty()) return true;
  CsvRecords records(text);
  std::vector<std::string> header;
  std::optional<Error> error;
  const std::string name = source.empty() ? "<input>" : std::string(source);
  if (!records.next(header, error)) {
    if (error) return located(std::move(*error), name);
    return Error{ErrorCode::csv_header, name + ":1", "the export is empty (expected a header)"};
  }
  return !header_is_plain_log(header);
}

namespace {

// One data row as the mapping reads it.
struct ExportRow {
  std::string id;
  std::string customer;  // empty: a guest row
  Moment moment;
  std::int64_t money = 0;  // the line (quantity x price) or the order's amount; negative for a return line
  bool has_money = true;   // false: a later row of an order that gave its amount once
  bool is_return = false;  // a negative line, or a row of a cancellation
  Item item;
  const ForeignCurrency* foreign = nullptr;  // its money is in this currency, not the program's
};

// An order already read, whose fields a later row of it may leave empty.
struct Earlier {
  const std::string* customer;
  const Moment* moment;
  const ForeignCurrency* foreign;
};

// Reads one row; errors carry the column ("column "InvoiceDate" (date): ...")
// and no place (the caller knows the line).
Result<ExportRow> read_row(std::vector<std::string>& fields, const std::vector<std::string>& header,
                           const ColumnMapping& mapping, const Currency& currency, const ExchangeRates& rates,
                           const std::optional<Earlier>& earlier) {
  auto column_error = [&](ExportField field, Error e) {
    e.message = "column " + quote_value(header[mapping.index[slot(field)]], 60) + " (" +
                std::string(export_field_name(field)) + "): " + e.message;
    return e;
  };
  auto value = [&](ExportField field) -> std::string& { return fields[mapping.index[slot(field)]]; };
  ExportRow row;
  row.id = value(ExportField::id);
  // Shopify repeats only Name (and sometimes less) on an order's later rows.
  row.customer = earlier && value(ExportField::customer).empty() ? *earlier->customer : value(ExportField::customer);
  if (row.customer.empty()) return row;  // a guest's: nothing else matters
  if (row.id.empty()) return column_error(ExportField::id, Error{ErrorCode::missing_field, "", "is empty"});
  if (!is_valid_utf8(row.id)) return column_error(ExportField::id, Error{ErrorCode::invalid_utf8, "", "is not valid UTF-8"});
  if (!is_valid_utf8(row.customer)) {
    return column_error(ExportField::customer, Error{ErrorCode::invalid_utf8, "", "is not valid UTF-8"});
  }
  if (earlier && value(ExportField::date).empty()) {
    row.moment = *earlier->moment;
  } else {
    auto moment = mapping.date_format.read(value(ExportField::date));
    if (!moment) return column_error(ExportField::date, std::move(moment).error());
    row.moment = *moment;
  }
  // Money in another currency needs the program's rate for it; a later row
  // of an order may leave the currency out, as it leaves the date.
  const std::string code = mapping.has(ExportField::currency) ? value(ExportField::currency) : std::string();
  if (code.empty()) {
    row.foreign = earlier ? earlier->foreign : nullptr;
  } else if (code != currency.code) {
    row.foreign = rates.find(code);
    if (!row.foreign) {
      return column_error(ExportField::currency,
                          Error{ErrorCode::invalid_value, "",
                                quote_value(code, 12) + " is not converted: the program's currency is " + currency.code +
                                    (rates.empty() ? " and it has no exchange_rates"
                                                   : " and it has exchange_rates for " + rates.codes())});
    }
  }
  const Currency& paid = row.foreign ? row.foreign->currency : currency;
  if (mapping.line_items()) {
    auto quantity = parse_quantity(value(ExportField::quantity));
    if (!quantity) {
      return column_error(ExportField::quantity,
                          Error{ErrorCode::invalid_value, "",
                                quote_value(value(ExportField::quantity)) + " is not a whole number of units"});
    }
    auto price = parse_amount(value(ExportField::price), paid);
    if (!price) return column_error(ExportField::price, std::move(price).error());
    auto total = checked_mul(*quantity, *price);
    if (!total) {
      return column_error(ExportField::price,
                          Error{ErrorCode::overflow, "", "quantity x price would exceed the int64 range"});
    }
    row.money = *total;
    row.item.quantity = *quantity < 0 ? -*quantity : *quantity;
    row.item.price_minor = *price < 0 ? -*price : *price;
    if (mapping.has(ExportField::sku)) row.item.sku = value(ExportField::sku);
    if (mapping.has(ExportField::category)) row.item.category = value(ExportField::category);
  } else if (value(ExportField::amount).empty()) {
    if (!earlier) return column_error(ExportField::amount, Error{ErrorCode::missing_field, "", "is empty"});
    row.has_money = false;
  } else {
    auto amount = parse_amount(value(ExportField::amount), paid);
    if (!amount) return column_error(ExportField::amount, std::move(amount).error());
    row.money = *amount;
  }
  const std::string& prefix = mapping.cancellation_prefix;
  const bool cancellation =
      !prefix.empty() && row.id.size() > prefix.size() && row.id.compare(0, prefix.size(), prefix) == 0;
  row.is_return = cancellation || row.money < 0;
  return row;
}

// The rate of `foreign` in force on `day`, or an error at the order's line.
Result<ExchangeRate> rate_at(const ForeignCurrency& foreign, const Date& day, const std::string& name,
                             std::uint64_t line) {
  const ExchangeRate* rate = rate_on(foreign, day);
  if (!rate) {
    return Error{ErrorCode::invalid_value, name + ":" + to_text(line),
                 "no " + foreign.currency.code + " exchange rate is in force on " + day.to_string() +
                     " (the first applies from " + foreign.rates.front().from->to_string() + ")"};
  }
  return *rate;
}

// The header, checked and resolved into a mapping.
Result<ColumnMapping> read_header(CsvRecords& records, std::vector<std::string>& header, const std::string& name,
                                  const MappingRequest& request) {
  std::optional<Error> error;
  if (!records.next(header, error)) {
    if (error) {
      error->where = name + ":" + error->where;
      return std::move(*error);
    }
    return Error{ErrorCode::csv_header, name + ":1", "the export is empty (expected a header)"};
  }
  const std::string header_at = name + ":" + to_text(records.record_line());
  for (const auto& column : header) {
    if (!is_valid_utf8(column)) return Error{ErrorCode::invalid_utf8, header_at, "the header is not valid UTF-8"};
  }
  return resolve_mapping(request, header, header_at);
}

Error wrong_width(std::size_t line, const std::string& name, std::size_t width, std::size_t found) {
  return Error{ErrorCode::csv_row, name + ":" + to_text(line),
               "expected " + to_text(width) + " fields as in the header, found " + to_text(found)};
}

}  // namespace

Result<std::vector<Event>> read_export(std::string_view text, std::string_view source, const Currency& currency,
                                       const MappingRequest& request, ExportReading& reading,
                                       std::vector<Warning>& warnings, const ExchangeRates& rates) {
  const std::string name = source.empty() ? "<input>" : std::string(source);
  CsvRecords records(text);
  std::vector<std::string> header;
  auto resolved = read_header(records, header, name, request);
  if (!resolved) return std::move(resolved).error();
  reading.mapping = std::move(*resolved);
  const ColumnMapping& mapping = reading.mapping;
  const bool lines = mapping.line_items();

  std::vector<Order> purchases;
  std::vector<Order> returns;
  // Order ids, indexed as their orders are (a purchase's index in the
  // index is its place in `purchases`).
  StringIndex purchase_of;
  StringIndex return_of;
  purchase_of.reserve(text.size() / 64);
  std::vector<std::string> fields;
  std::optional<Error> error;
  // An order's rows are nearly always together: the last order read is
  // found again without a lookup.
  struct Last {
    std::vector<Order>* orders = nullptr;
    std::size_t index = 0;
  } last;
  auto locate = [&](const std::string& id) -> Last {
    if (last.orders && (*last.orders)[last.index].id == id) return last;
    if (auto seen = purchase_of.find(id)) return Last{&purchases, *seen};
    if (auto back = return_of.find(id)) return Last{&returns, *back};
    return Last{};
  };

  while (records.next(fields, error)) {
    const std::size_t line = records.record_line();
    auto where = [&] { return name + ":" + to_text(line); };
    if (fields.size() != header.size()) return wrong_width(line, name, header.size(), fields.size());
    ++reading.rows;
    std::optional<Earlier> earlier;
    const Last found = locate(fields[mapping.index[slot(ExportField::id)]]);
    if (found.orders) {
      const Order& order = (*found.orders)[found.index];
      earlier = Earlier{&order.customer, &order.moment, order.foreign};
    }
    auto read = read_row(fields, header, mapping, currency, rates, earlier);
    if (!read) return located(std::move(read).error(), where());
    ExportRow& row = *read;
    if (row.customer.empty()) {
      ++reading.guest_rows;
      continue;
    }
    if (row.is_return) {
      ++reading.return_rows;
      if (mapping.returns == ReturnPolicy::ignore) {
        ++reading.ignored_return_rows;
        continue;
      }
    } else if (lines) {
      ++reading.line_items;
    }

    auto& orders = row.is_return ? returns : purchases;
    std::size_t at = 0;
    if (found.orders == &orders) {
      at = found.index;  // the order this row belongs to, found above
    } else {
      auto& index = row.is_return ? return_of : purchase_of;
      auto [entry, fresh] = index.intern(row.id);
      if (fresh) {
        Order order;
        order.id = row.id;
        order.customer = row.customer;
        order.moment = row.moment;
        order.line = line;
        order.foreign = row.foreign;
        orders.push_back(std::move(order));
      }
      at = entry;
    }
    last = Last{&orders, at};
    Order& order = orders[at];
    if (order.customer != row.customer) {
      return Error{ErrorCode::invalid_value, where(),
                   "column " + quote_value(header[mapping.index[slot(ExportField::customer)]], 60) +
                       " (customer): order " + quote_value(row.id, 60) + " belongs to " +
                       quote_value(order.customer, 60) + " (line " + to_text(order.line) + "); this row names " +
                       quote_value(row.customer, 60)};
    }
    if (order.foreign != row.foreign) {
      auto code_of = [&](const ForeignCurrency* foreign) { return foreign ? foreign->currency.code : currency.code; };
      return Error{ErrorCode::invalid_value, where(),
                   "column " + quote_value(header[mapping.index[slot(ExportField::currency)]], 60) +
                       " (currency): order " + quote_value(row.id, 60) + " is in " + code_of(order.foreign) +
                       " (line " + to_text(order.line) + "); this row is in " + code_of(row.foreign)};
    }
    const std::int64_t magnitude = row.money < 0 ? -row.money : row.money;
    if (lines) {
      auto sum = checked_add(order.amount, magnitude);
      if (!sum) return Error{ErrorCode::overflow, where(), "the order's total would exceed the int64 range"};
      order.amount = *sum;
      order.has_amount = true;
      if (!row.is_return && row.item.quantity > 0) order.items.push_back(std::move(row.item));
    } else if (row.has_money) {
      if (order.has_amount && order.amount != magnitude) {
        return Error{ErrorCode::invalid_value, where(),
                     "column " + quote_value(header[mapping.index[slot(ExportField::amount)]], 60) +
                         " (amount): order " + quote_value(row.id, 60) + " was already given the amount " +
                         format_scaled(order.amount, currency.exponent) + " (line " + to_text(order.line) + ")"};
      }
      order.amount = magnitude;
      order.has_amount = true;
    }
  }
  if (error) {
    error->where = name + ":" + error->where;
    return std::move(*error);
  }

  // The orders are all read: their index by id goes before the events come
  // (at a million orders, a hundred megabytes of the run's peak).
  purchase_of = StringIndex();
  return_of = StringIndex();
  std::vector<Event> events;
  events.reserve(purchases.size() + returns.size());
  // Each customer's purchases, by moment. Customers are interned rather
  // than mapped to their lists: a node-based map was a tenth of a
  // million-order export's time.
  StringIndex customers;
  std::vector<std::vector<std::size_t>> by_customer;
  auto purchases_of = [&](std::string_view customer) -> std::vector<std::size_t>& {
    const auto [index, added] = customers.intern(customer);
    if (added) by_customer.emplace_back();
    return by_customer[index];
  };
  for (std::size_t i = 0; i < purchases.size(); ++i) {
    Order& order = purchases[i];
    order.left = order.amount;
    purchases_of(order.customer).push_back(i);
    Event purchase;
    purchase.id = order.id;
    purchase.customer = order.customer;
    purchase.moment = order.moment;
    purchase.amount_minor = order.amount;
    purchase.has_amount = true;
    if (std::any_of(order.items.begin(), order.items.end(),
                    [](const Item& item) { return !item.sku.empty() || !item.category.empty(); })) {
      purchase.items = std::move(order.items);
    }
    purchase.origin = Origin{LogFormat::csv, order.line};
    // Paid in another currency: converted at the rate of its day, as a
    // purchase event naming its currency is (what was paid is kept).
    if (order.foreign) {
      LOYALTY_LET(rate, rate_at(*order.foreign, order.moment.date, name, order.line));
      purchase.currency = order.foreign->currency.code;
      if (Status converted = convert_paid_purchase(purchase, rate, order.foreign->currency, currency); !converted) {
        return located(std::move(converted).error(), name + ":" + to_text(order.line));
      }
    } else {
      purchase.charged_minor = purchase.amount_minor;
    }
    events.push_back(std::move(purchase));
  }
  reading.purchases = static_cast<std::int64_t>(purchases.size());
  for (auto& mine : by_customer) {
    std::stable_sort(mine.begin(), mine.end(),
                     [&](std::size_t a, std::size_t b) { return purchases[a].moment < purchases[b].moment; });
  }

  // Returns in time order, each taken from the customer's latest purchases
  // at or before it.
  std::vector<std::size_t> order_of_returns(returns.size());
  for (std::size_t i = 0; i < returns.size(); ++i) order_of_returns[i] = i;
  std::stable_sort(order_of_returns.begin(), order_of_returns.end(),
                   [&](std::size_t a, std::size_t b) { return returns[a].moment < returns[b].moment; });
  std::int64_t unmatched_returns = 0;
  for (std::size_t r : order_of_returns) {
    const Order& back = returns[r];
    std::int64_t rest = back.amount;
    int part = 0;
    {
      const auto& mine = purchases_of(back.customer);
      for (auto it = mine.rbegin(); it != mine.rend() && rest > 0; ++it) {
        Order& purchase = purchases[*it];
        // A return gives back money in the currency it was paid in.
        if (purchase.moment > back.moment || purchase.left == 0 || purchase.foreign != back.foreign) continue;
        const std::int64_t take = std::min(rest, purchase.left);
        purchase.left -= take;
        rest -= take;
        Event refund;
        refund.id = "return:" + back.id + (part > 0 ? "/" + to_text(part + 1) : "");
        refund.customer = back.customer;
        refund.kind = EventKind::refund;
        refund.moment = back.moment;
        refund.amount_minor = take;
        refund.has_amount = true;
        refund.reference = purchase.id;
        if (back.foreign) refund.currency = back.foreign->currency.code;  // valued at its purchase's rate
        refund.origin = Origin{LogFormat::csv, back.line};
        events.push_back(std::move(refund));
        ++part;
        ++reading.refunds;
      }
    }
    if (rest > 0) {
      ++unmatched_returns;
      if (back.foreign) {  // counted in the program's currency, at the return's day's rate
        LOYALTY_LET(rate, rate_at(*back.foreign, back.moment.date, name, back.line));
        auto value = convert_minor(rest, rate, back.foreign->currency.exponent, currency.exponent);
        if (!value) return located(std::move(value).error(), name + ":" + to_text(back.line));
        rest = *value;
      }
      reading.unmatched_return_minor += rest;
    }
  }

  if (reading.guest_rows > 0) {
    warnings.push_back(Warning{"guest_rows", name,
                               counted(reading.guest_rows, "row") + " without a customer (guest orders) skipped"});
  }
  if (reading.ignored_return_rows > 0) {
    warnings.push_back(Warning{"returns_ignored", name,
                               counted(reading.ignored_return_rows, "return row") +
                                   " (negative lines or cancellations) ignored, as the mapping asks"});
  }
  if (unmatched_returns > 0) {
    warnings.push_back(Warning{"returns_unmatched", name,
                               counted(unmatched_returns, "return") + " (" +
                                   format_scaled(reading.unmatched_return_minor, currency.exponent) + " " +
                                   currency.code +
                                   ") reached no earlier purchase of the customer in this file and took no "
                                   "points back"});
  }
  return events;
}

ExportPreview preview_export(std::string_view text, std::string_view source, const Currency& currency,
                             const MappingRequest& request, std::size_t max_rows, const ExchangeRates& rates) {
  ExportPreview preview;
  const std::string name = source.empty() ? "<input>" : std::string(source);
  CsvRecords records(text);
  auto resolved = read_header(records, preview.header, name, request);
  if (!resolved) {
    preview.error = std::move(resolved).error();
    return preview;
  }
  preview.mapping = std::move(*resolved);
  const ColumnMapping& mapping = *preview.mapping;
  struct Seen {
    std::string customer;
    Moment moment;
    const ForeignCurrency* foreign;
  };
  std::unordered_map<std::string, Seen> orders;
  std::vector<std::string> fields;
  std::optional<Error> error;
  while (preview.rows.size() < max_rows && records.next(fields, error)) {
    PreviewRow row;
    row.line = records.record_line();
    row.cells = fields;
    if (fields.size() != preview.header.size()) {
      row.error = wrong_width(records.record_line(), name, preview.header.size(), fields.size());
      preview.rows.push_back(std::move(row));
      continue;
    }
    std::optional<Earlier> earlier;
    if (auto seen = orders.find(fields[mapping.index[slot(ExportField::id)]]); seen != orders.end()) {
      earlier = Earlier{&seen->second.customer, &seen->second.moment, seen->second.foreign};
    }
    auto read = read_row(fields, preview.header, mapping, currency, rates, earlier);
    if (!read) {
      row.error = located(std::move(read).error(), name + ":" + to_text(row.line));
    } else {
      row.id = read->id;
      row.customer = read->customer;
      if (read->customer.empty()) {
        row.kind = "guest";
      } else {
        row.kind = read->is_return ? "return" : mapping.line_items() ? "line" : "order";
        row.date = read->moment.date.to_string();
        if (read->has_money) row.money = read->money;
        if (read->foreign) row.currency = read->foreign->currency;
        orders.try_emplace(read->id, Seen{read->customer, read->moment, read->foreign});
      }
    }
    preview.rows.push_back(std::move(row));
  }
  if (error && preview.rows.size() < max_rows) {
    PreviewRow row;
    row.line = 0;
    error->where = name + ":" + error->where;
    row.error = std::move(*error);
    preview.rows.push_back(std::move(row));
  }
  return preview;
}

}  // namespace loyalty
