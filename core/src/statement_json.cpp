// A statement as JSON, streamed as text (a statement for 100k customers
// would cost far more memory as a JSON DOM), one customer a line.
#include <charconv>
#include <optional>
#include <cstring>

#include "json_writer.hpp"
#include "loyalty/statement.hpp"

namespace loyalty {
namespace {

char* put(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* put_int(char* out, std::int64_t value) { return std::to_chars(out, out + 20, value).ptr; }

// One month of a customer's statement, written straight into a buffer: a
// million months through the general writer (a key, a separator and a
// quoted value at a time) were most of the time spent rendering. Years
// outside 0000-9999 (which no date the engine reads has) go the general way.
std::optional<std::string_view> month_json(char (&buffer)[160], const MonthTotal& month, int scale) {
  const int year = month.month.year;
  const unsigned number = month.month.month;
  if (year < 0 || year > 9999 || number > 99) return std::nullopt;
  char* out = put(buffer, "{\"month\":\"");
  const char digits[7] = {static_cast<char>('0' + year / 1000), static_cast<char>('0' + year / 100 % 10),
                          static_cast<char>('0' + year / 10 % 10), static_cast<char>('0' + year % 10), '-',
                          static_cast<char>('0' + number / 10), static_cast<char>('0' + number % 10)};
  out = put(out, std::string_view(digits, sizeof digits));
  out = put(out, "\",\"points\":");
  out = put_int(out, month.points);
  out = put(out, ",\"transactions\":");
  out = put_int(out, month.transactions);
  out = put(out, ",\"spend\":\"");
  out = write_scaled(out, month.spend_minor, scale);
  out = put(out, "\"}");
  return std::string_view(buffer, static_cast<std::size_t>(out - buffer));
}

constexpr std::size_t kPiece = std::size_t{1} << 20;

// Writes the statement into `w`; with `write`, hands the text on whenever a
// customer's line leaves a piece's worth.
void render(const Statement& statement, json::Writer& w, const std::function<void(std::string_view)>* write) {
  const int scale = statement.currency.exponent;
  w.begin_object().field("program", statement.program_id).field("currency", statement.currency.code);
  for (const auto& [name, month] : {std::pair{"from", &statement.from}, std::pair{"to", &statement.to}}) {
    w.key(name);
    if (*month) w.value((*month)->to_string()); else w.null();
  }
  if (statement.reading) {
    // How an export's rows were read, and through which columns.
    const ExportReading& r = *statement.reading;
    w.key("reading").begin_object()
        .key("mapping").raw(render_mapping_json(r.mapping))
        .field("rows", r.rows)
        .field("purchases", r.purchases)
        .field("line_items", r.line_items)
        .field("return_rows", r.return_rows)
        .field("refunds", r.refunds)
        .field("ignored_return_rows", r.ignored_return_rows)
        .field("guest_rows", r.guest_rows)
        .money_field("unmatched_returns", r.unmatched_return_minor, scale)
        .end_object();
  }
  w.field("transactions_read", statement.transactions_read)
      .field("transactions_counted", statement.transactions_counted)
      .key("customers")
      .begin_array();
  for (const CustomerStatement& customer : statement.customers) {
    w.next_line().begin_object().field("customer", customer.customer).key("months").begin_array();
    for (const MonthTotal& month : customer.months) {
      char buffer[160];
      if (const auto text = month_json(buffer, month, scale)) {
        w.raw(*text);
        continue;
      }
      w.begin_object()
          .field("month", month.month.to_string())
          .field("points", month.points)
          .field("transactions", month.transactions)
          .money_field("spend", month.spend_minor, scale)
          .end_object();
    }
    w.end_array()
        .field("total", customer.total)
        .field("transactions", customer.transactions)
        .money_field("spend", customer.spend_minor, scale)
        .end_object();
    if (write && w.text().size() >= kPiece) {
      (*write)(w.text());
      w.drop_text();
    }
  }
  if (!statement.customers.empty()) w.line_break();
  w.end_array().key("warnings").begin_array();
  for (const Warning& warning : statement.warnings) {
    w.next_line()
        .begin_object()
        .field("code", warning.code)
        .field("where", warning.where)
        .field("message", warning.message)
        .end_object();
  }
  if (!statement.warnings.empty()) w.line_break();
  w.end_array().end_object();
}

}  // namespace

std::string render_statement_json(const Statement& statement) {
  json::Writer w;
  // Room for the whole document (about 96 bytes a customer and 72 a month),
  // so tens of megabytes are not copied as the text grows.
  std::size_t months = 0;
  for (const CustomerStatement& customer : statement.customers) months += customer.months.size();
  w.reserve(256 + statement.customers.size() * 96 + months * 72 + statement.warnings.size() * 160);
  render(statement, w, nullptr);
  return w.take();
}

void render_statement_json(const Statement& statement, const std::function<void(std::string_view)>& write) {
  json::Writer w;
  w.reserve(kPiece + (std::size_t{64} << 10));
  render(statement, w, &write);
  if (!w.text().empty()) write(w.text());
}

}  // namespace loyalty
