#include "adapters.hpp"

#include <emscripten/heap.h>
#include <malloc.h>

#include <exception>
#include <tuple>
#include <new>
#include <utility>
#include <vector>

#include "loyalty/event.hpp"
#include "loyalty/json_text.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/metrics.hpp"
#include "loyalty/rewards.hpp"
#include "loyalty/statement.hpp"
#include "loyalty/version.hpp"

namespace loyalty::wasm {
namespace {

std::string failure(std::string_view code, const std::string& message, const std::string& where = "") {
  std::string out = "{\"ok\":false,\"error\":{\"code\":";
  append_json_string(out, code);
  out += ",\"message\":";
  append_json_string(out, message);
  out += ",\"where\":";
  append_json_string(out, where);
  out += "}}";
  return out;
}

std::string failure(const Error& error) {
  return failure(error_code_name(error.code), error.message, error.where);
}

std::string success(const std::string& value_json) {
  std::string out = "{\"ok\":true,\"value\":";
  out += value_json;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  out += '}';
  return out;
}

// Runs `body`, turning any escaped exception into an envelope so that no
// input can take the module down.
template <typename Body>
std::string guarded(Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return failure("out_of_memory", "the input is too large for the memory available");
  } catch (const std::exception& e) {
    return failure("internal", std::string("internal error: ") + e.what());
  } catch (...) {
    return failure("internal", "internal error");
  }
}

std::string not_loaded() { return failure("no_program", "load a program first"); }

Result<std::vector<Event>> read_all_events(const std::string& text, const Program& program,
                                           const std::string* customer) {
  std::vector<Event> events;
  Status status = read_events(text, detect_log_format("", text), "events", program.currency, [&](Event&& event) {
    if (!customer || event.customer == *customer) events.push_back(std::move(event));
    return Status(Ok{});
  });
  if (!status) return std::move(status).error();
  return events;
}

Result<Date> read_as_of(const std::string& text) {
  auto date = parse_date(text);
  if (!date) return located(std::move(date).error(), "asOf");
  return date;
}

}  // namespace

std::string ProgramHandle::load(const std::string& program_json) {
  return guarded([&] {
    auto program = parse_program(program_json, "program");
    if (!program) return failure(program.error());
    program_ = std::make_shared<Program>(std::move(program).value());
    // The program as the widget describes it, so JS has its id, name and
    // catalog without another call.
    return success(render_ways_to_earn_json(*program_));
  });
}

std::string ProgramHandle::statement(const std::string& log, const std::string& from,
                                     const std::string& to) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    StatementOptions options;
    for (auto [text, slot, name] : {std::tuple{&from, &options.from, "from"}, std::tuple{&to, &options.to, "to"}}) {
      if (text->empty()) continue;
      auto month = parse_year_month(*text);
      if (!month) return failure(located(std::move(month).error(), name));
      *slot = *month;
    }
    auto result = compute_statement(*program_, log, detect_log_format("", log), "transactions", options);
    if (!result) return failure(result.error());
    return success(render_statement_json(*result));
  });
}

namespace {

// The customer's balance from a whole event document, as of a date text.
Result<BalanceReport> balance_from(const Program& program, const std::string& events, const std::string& customer,
                                   const std::string& as_of, LedgerOptions options = {}) {
  auto date = read_as_of(as_of);
  if (!date) return std::move(date).error();
  auto list = read_all_events(events, program, &customer);
  if (!list) return std::move(list).error();
  return compute_balance(program, std::move(*list), customer, *date, "events", options);
}

}  // namespace

std::string ProgramHandle::balance(const std::string& events, const std::string& customer,
                                   const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto report = balance_from(*program_, events, customer, as_of);
    if (!report) return failure(report.error());
    return success(render_balance_json(*report, *program_));
  });
}

std::string ProgramHandle::simulate(const std::string& events, const std::string& customer,
                                    const std::string& cart_json, const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    auto cart = parse_cart(cart_json, program_->currency, "cart");
    if (!cart) return failure(cart.error());
    auto list = read_all_events(events, *program_, &customer);
    if (!list) return failure(list.error());
    auto report = loyalty::simulate(*program_, std::move(*list), customer, *cart, *date, "events");
    if (!report) return failure(report.error());
    return success(render_simulation_json(*report, *program_));
  });
}

namespace {

// The rewards report for a balance, against the cart when one is given.
std::string rewards_of(const Program& program, const BalanceReport& balance, const std::string& cart_json,
                       double points) {
  RewardsQuery query;
  if (!cart_json.empty()) {
    auto parsed = parse_cart(cart_json, program.currency, "cart");
    if (!parsed) return failure(parsed.error());
    query.cart = std::move(parsed).value();
  }
  if (points > 0) query.points = static_cast<std::int64_t>(points);  // a safe integer, checked in JS
  auto report = evaluate_rewards(program, balance, query);
  if (!report) return failure(report.error());
  return success(render_rewards_json(*report, program));
}

}  // namespace

std::string ProgramHandle::rewards(const std::string& events, const std::string& customer,
                                   const std::string& cart_json, double points, const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    LedgerOptions options;
    options.include_entries = false;
    auto balance = balance_from(*program_, events, customer, as_of, options);
    if (!balance) return failure(balance.error());
    return rewards_of(*program_, *balance, cart_json, points);
  });
}

std::string ProgramHandle::events(const std::string& log, const std::string& customer) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto list = read_all_events(log, *program_, customer.empty() ? nullptr : &customer);
    if (!list) return failure(list.error());
    return success(render_events_json(*list, program_->currency));
  });
}

std::string ProgramHandle::ways_to_earn() const {
  return guarded([&] {
    if (!program_) return not_loaded();
    return success(render_ways_to_earn_json(*program_));
  });
}

std::string ProgramHandle::metrics(const std::string& events, const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    std::optional<Date> date;
    if (!as_of.empty()) {
      auto parsed = read_as_of(as_of);
      if (!parsed) return failure(parsed.error());
      date = *parsed;
    }
    auto list = read_all_events(events, *program_, nullptr);
    if (!list) return failure(list.error());
    auto result = compute_metrics(*program_, std::move(*list), date, "events");
    if (!result) return failure(result.error());
    return success(render_metrics_json(*result, *program_));
  });
}

std::string LedgerHandle::open(const ProgramHandle& program, const std::string& customer) {
  return guarded([&] {
    program_ = program.program();
    if (!program_) return not_loaded();
    if (customer.empty()) return failure("invalid_argument", "customer must be a non-empty string", "customer");
    ledger_ = std::make_unique<OpenLedger>(*program_, customer, "events");
    return success("null");
  });
}

std::string LedgerHandle::append(const std::string& events) {
  return guarded([&] {
    if (!ledger_) return failure("no_ledger", "open the ledger first");
    auto list = read_all_events(events, *program_, nullptr);
    if (!list) return failure(list.error());
    try {
      auto appended = ledger_->append(std::move(*list));
      if (!appended) return failure(appended.error());
      return success(render_appended_json(appended->entries, appended->warnings, *program_));
    } catch (...) {
      ledger_.reset();  // stopped midway by an exception: its state is unknown
      throw;
    }
  });
}

std::string LedgerHandle::balance(const std::string& as_of, bool with_entries) {
  return guarded([&] {
    if (!ledger_) return failure("no_ledger", "open the ledger first");
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    auto report = ledger_->balance(*date, with_entries);
    if (!report) return failure(report.error());
    return success(render_balance_json(*report, *program_));
  });
}

std::string LedgerHandle::rewards(const std::string& cart_json, double points, const std::string& as_of) {
  return guarded([&] {
    if (!ledger_) return failure("no_ledger", "open the ledger first");
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    auto balance = ledger_->balance(*date, false);
    if (!balance) return failure(balance.error());
    return rewards_of(*program_, *balance, cart_json, points);
  });
}

std::string engine_version() { return kVersion; }

double heap_bytes() { return static_cast<double>(emscripten_get_heap_size()); }

double allocated_bytes() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace loyalty::wasm
