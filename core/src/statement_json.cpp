// Renders a statement directly as text: a statement for 100k customers would
// cost far more memory as a JSON DOM than as the string it becomes.
#include "json_reader.hpp"
#include "loyalty/statement.hpp"

namespace loyalty {

std::string render_statement_json(const Statement& statement) {
  const int scale = statement.currency.exponent;
  std::string out;
  out.reserve(128 + statement.customers.size() * 160);
  out += "{\"program\":";
  json::append_quoted(out, statement.program_id);
  out += ",\"currency\":";
  json::append_quoted(out, statement.currency.code);
  out += ",\"from\":";
  if (statement.from) json::append_quoted(out, statement.from->to_string()); else out += "null";
  out += ",\"to\":";
  if (statement.to) json::append_quoted(out, statement.to->to_string()); else out += "null";
  out += ",\"transactions_read\":" + std::to_string(statement.transactions_read);
  out += ",\"transactions_counted\":" + std::to_string(statement.transactions_counted);
  out += ",\"customers\":[";
  bool first_customer = true;
  for (const CustomerStatement& customer : statement.customers) {
    out += first_customer ? "\n" : ",\n";
    first_customer = false;
    out += "{\"customer\":";
    json::append_quoted(out, customer.customer);
    out += ",\"months\":[";
    bool first_month = true;
    for (const MonthTotal& month : customer.months) {
      if (!first_month) out += ',';
      first_month = false;
      out += "{\"month\":\"" + month.month.to_string() + "\",\"points\":" +
             std::to_string(month.points) + ",\"transactions\":" +
             std::to_string(month.transactions) + ",\"spend\":\"" +
             format_scaled(month.spend_minor, scale) + "\"}";
    }
    out += "],\"total\":" + std::to_string(customer.total) +
           ",\"transactions\":" + std::to_string(customer.transactions) + ",\"spend\":\"" +
           format_scaled(customer.spend_minor, scale) + "\"}";
  }
  out += statement.customers.empty() ? "]" : "\n]";
  out += ",\"warnings\":[";
  bool first_warning = true;
  for (const Warning& warning : statement.warnings) {
    out += first_warning ? "\n" : ",\n";
    first_warning = false;
    out += "{\"code\":";
    json::append_quoted(out, warning.code);
    out += ",\"where\":";
    json::append_quoted(out, warning.where);
    out += ",\"message\":";
    json::append_quoted(out, warning.message);
    out += '}';
  }
  out += statement.warnings.empty() ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace loyalty
