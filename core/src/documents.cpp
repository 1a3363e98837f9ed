#include "loyalty/documents.hpp"

#include <utility>

#include "loyalty/metrics.hpp"
#include "loyalty/rewards.hpp"
#include "try.hpp"

namespace loyalty {

EventLog event_log(std::string_view text, std::string_view source, std::string_view file_name) {
  return EventLog{text, source, detect_log_format(file_name, text)};
}

Result<std::vector<Event>> read_event_log(const Program& program, const EventLog& log, const std::string* customer) {
  std::vector<Event> events;
  LOYALTY_CHECK(read_events(log.text, log.format, log.source, program.currency, program.exchange_rates, [&](Event&& event) -> Status {
    if (!customer || event.customer == *customer) events.push_back(std::move(event));
    return Ok{};
  }));
  return events;
}

namespace {

Result<BalanceReport> balance_of(const Program& program, const EventLog& log, const std::string& customer,
                                 const Date& as_of, LedgerOptions options = {}) {
  LOYALTY_LET(events, read_event_log(program, log, &customer));
  return compute_balance(program, std::move(events), customer, as_of, log.source, options);
}

}  // namespace

Result<std::string> balance_document(const Program& program, const EventLog& log, const std::string& customer,
                                     const Date& as_of) {
  LOYALTY_LET(report, balance_of(program, log, customer, as_of));
  return render_balance_json(report, program);
}

Result<std::string> simulation_document(const Program& program, const EventLog& log, const std::string& customer,
                                        const CartText& cart, const Date& as_of) {
  LOYALTY_LET(parsed, parse_cart(cart.json, program.currency, program.exchange_rates, as_of, cart.source));
  LOYALTY_LET(events, read_event_log(program, log, &customer));
  LOYALTY_LET(report, simulate(program, std::move(events), customer, parsed, as_of, log.source));
  return render_simulation_json(report, program);
}

Result<std::string> simulation_document(const Program& program, OpenLedger& ledger, const CartText& cart,
                                        const Date& as_of) {
  LOYALTY_LET(parsed, parse_cart(cart.json, program.currency, program.exchange_rates, as_of, cart.source));
  LOYALTY_LET(report, ledger.simulate(parsed, as_of));
  return render_simulation_json(report, program);
}

Result<std::string> rewards_document(const Program& program, const BalanceReport& balance,
                                     const std::optional<CartText>& cart, std::optional<std::int64_t> points) {
  RewardsQuery query;
  if (cart) {
    LOYALTY_LET(parsed, parse_cart(cart->json, program.currency, program.exchange_rates, balance.as_of, cart->source));
    query.cart = std::move(parsed);
  }
  query.points = points;
  LOYALTY_LET(report, evaluate_rewards(program, balance, query));
  return render_rewards_json(report, program);
}

Result<std::string> rewards_document(const Program& program, const EventLog& log, const std::string& customer,
                                     const Date& as_of, const std::optional<CartText>& cart,
                                     std::optional<std::int64_t> points) {
  LOYALTY_LET(balance, balance_of(program, log, customer, as_of, LedgerOptions::totals()));
  return rewards_document(program, balance, cart, points);
}

Result<std::string> metrics_document(const Program& program, const EventLog& log, std::optional<Date> as_of) {
  LOYALTY_LET(events, read_event_log(program, log));
  LOYALTY_LET(metrics, compute_metrics(program, std::move(events), as_of, log.source));
  return render_metrics_json(metrics, program);
}

Result<std::string> statement_document(const Program& program, const EventLog& log, StatementOptions options) {
  LOYALTY_LET(statement, compute_statement(program, log.text, log.format, log.source, std::move(options)));
  return render_statement_json(statement);
}

Result<std::string> events_document(const Program& program, const EventLog& log, const std::string* customer,
                                    const MappingRequest& mapping) {
  bool from_export = false;
  if (log.format == LogFormat::csv) LOYALTY_TRY(from_export, reads_as_export(log.text, log.source, mapping));
  if (!from_export) {
    LOYALTY_LET(events, read_event_log(program, log, customer));
    return render_events_json(events, program.currency, program.exchange_rates);
  }
  // A shop's export: its purchases and the refunds its returns make, as the
  // statement reads them, so metrics and a customer's history agree with it.
  ExportReading reading;
  std::vector<Warning> warnings;
  LOYALTY_LET(events, read_export(log.text, log.source, program.currency, mapping, reading, warnings, program.exchange_rates));
  if (customer) std::erase_if(events, [&](const Event& event) { return event.customer != *customer; });
  return render_events_json(events, program.currency, program.exchange_rates);
}

}  // namespace loyalty
