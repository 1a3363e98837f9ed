// The engine as documents in, one document out: the `loyalty` CLI and the
// engine API (wasm/adapters.cpp) both call these, so what a batch job prints
// and what the widget or the shop's server is answered cannot drift. Inputs
// are texts (an event log in JSON or CSV, a cart in JSON) with the name that
// error messages give them; the output is the JSON document, or an Error
// naming where the input is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/event.hpp"
#include "loyalty/export_mapping.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/open_ledger.hpp"
#include "loyalty/program.hpp"
#include "loyalty/statement.hpp"

namespace loyalty {

struct EventLog {
  std::string_view text;
  std::string_view source;  // as messages name it: "events", "log.csv", "<stdin>"
  LogFormat format = LogFormat::json;
};

// A log whose format is told by `file_name`'s extension, else by its text.
EventLog event_log(std::string_view text, std::string_view source, std::string_view file_name = "");

struct CartText {
  std::string_view json;
  std::string_view source;  // "cart", "--cart", a file name
};

// The log's events, only `customer`'s when one is given.
Result<std::vector<Event>> read_event_log(const Program& program, const EventLog& log,
                                          const std::string* customer = nullptr);

// `loyalty balance`, program.balance.
Result<std::string> balance_document(const Program& program, const EventLog& log, const std::string& customer,
                                     const Date& as_of);
// `loyalty simulate`, program.simulate.
Result<std::string> simulation_document(const Program& program, const EventLog& log, const std::string& customer,
                                        const CartText& cart, const Date& as_of);
// The same on a ledger kept open (ledger.simulate): no replay per call.
Result<std::string> simulation_document(const Program& program, OpenLedger& ledger, const CartText& cart,
                                        const Date& as_of);
// `loyalty rewards`, program.rewards: each reward's state for the customer.
Result<std::string> rewards_document(const Program& program, const EventLog& log, const std::string& customer,
                                     const Date& as_of, const std::optional<CartText>& cart,
                                     std::optional<std::int64_t> points);
// The same for a balance already computed (an open ledger's).
Result<std::string> rewards_document(const Program& program, const BalanceReport& balance,
                                     const std::optional<CartText>& cart, std::optional<std::int64_t> points);
// `loyalty metrics`, program.metrics.
Result<std::string> metrics_document(const Program& program, const EventLog& log, std::optional<Date> as_of);
// `loyalty statement`, program.statement.
Result<std::string> statement_document(const Program& program, const EventLog& log, StatementOptions options);
// program.events: the log's events as the engine reads them.
Result<std::string> events_document(const Program& program, const EventLog& log, const std::string* customer,
                                    const MappingRequest& mapping = {});

}  // namespace loyalty
