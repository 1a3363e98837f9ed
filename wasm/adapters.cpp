#include "adapters.hpp"

#include <emscripten/heap.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <tuple>
#include <new>
#include <utility>
#include <vector>

#include "loyalty/documents.hpp"
#include "loyalty/export_mapping.hpp"
#include "loyalty/json_text.hpp"
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

// A column mapping document from JS ("" for none), as export_mapping.hpp reads it.
Result<MappingRequest> mapping_of(const std::string& mapping_json) {
  if (mapping_json.empty()) return MappingRequest{};
  return parse_mapping_document(mapping_json, "mapping");
}

std::string success(const std::string& value_json) {
  std::string out = "{\"ok\":true,\"value\":";
  out += value_json;
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

// The engine's answer as an envelope: the document, or the error.
std::string answer(const Result<std::string>& document) {
  return document ? success(*document) : failure(document.error());
}

// Documents from JS are named as the API's arguments are.
EventLog events_log(const std::string& text) { return event_log(text, "events"); }

std::optional<CartText> cart_text(const std::string& json) {
  if (json.empty()) return std::nullopt;
  return CartText{json, "cart"};
}

// `points` is a safe integer checked in JS; 0 means "not given".
std::optional<std::int64_t> points_of(double points) {
  if (points > 0) return static_cast<std::int64_t>(points);
  return std::nullopt;
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

namespace {
std::string& bulk_answer() {
  static std::string answer;
  return answer;
}
}  // namespace

std::uintptr_t bulk_answer_address() { return reinterpret_cast<std::uintptr_t>(bulk_answer().data()); }

bool bulk_answer_is_ascii() {
  const std::string& answer = bulk_answer();
  std::uint64_t seen = 0;
  std::size_t i = 0;
  for (; i + 8 <= answer.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, answer.data() + i, 8);
    seen |= word;
  }
  for (; i < answer.size(); ++i) seen |= static_cast<unsigned char>(answer[i]);
  return (seen & 0x8080808080808080ULL) == 0;
}

void release_bulk_answer() { std::string().swap(bulk_answer()); }

std::size_t ProgramHandle::statement_at(std::uintptr_t log, std::size_t length, const std::string& from,
                                        const std::string& to, const std::string& mapping_json) const {
  // Freed first, so the old answer's memory is there for the new one.
  release_bulk_answer();
  bulk_answer() = statement_of(std::string_view(reinterpret_cast<const char*>(log), length), from, to, mapping_json);
  return bulk_answer().size();
}

std::string ProgramHandle::statement(const std::string& log, const std::string& from,
                                     const std::string& to, const std::string& mapping_json) const {
  return statement_of(log, from, to, mapping_json);
}

std::string ProgramHandle::statement_of(std::string_view log, const std::string& from,
                                        const std::string& to, const std::string& mapping_json) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    StatementOptions options;
    auto mapping = mapping_of(mapping_json);
    if (!mapping) return failure(mapping.error());
    options.mapping = std::move(*mapping);
    for (auto [text, slot, name] : {std::tuple{&from, &options.from, "from"}, std::tuple{&to, &options.to, "to"}}) {
      if (text->empty()) continue;
      auto month = parse_year_month(*text);
      if (!month) return failure(located(std::move(month).error(), name));
      *slot = *month;
    }
    return answer(statement_document(*program_, event_log(log, "transactions"), options));
  });
}

std::string ProgramHandle::export_preview(const std::string& log, const std::string& mapping_json,
                                          int max_rows) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto mapping = mapping_of(mapping_json);
    if (!mapping) return failure(mapping.error());
    const std::size_t rows = static_cast<std::size_t>(std::max(0, max_rows));
    return success(render_export_preview_json(
        preview_export(log, "transactions", program_->currency, *mapping, rows, program_->exchange_rates),
        program_->currency));
  });
}

std::string ProgramHandle::balance(const std::string& events, const std::string& customer,
                                   const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    return answer(balance_document(*program_, events_log(events), customer, *date));
  });
}

std::string ProgramHandle::simulate(const std::string& events, const std::string& customer,
                                    const std::string& cart_json, const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    return answer(simulation_document(*program_, events_log(events), customer, CartText{cart_json, "cart"}, *date));
  });
}

std::string ProgramHandle::rewards(const std::string& events, const std::string& customer,
                                   const std::string& cart_json, double points, const std::string& as_of) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    return answer(rewards_document(*program_, events_log(events), customer, *date, cart_text(cart_json), points_of(points)));
  });
}

std::string ProgramHandle::events(const std::string& log, const std::string& customer,
                                  const std::string& mapping_json) const {
  return guarded([&] {
    if (!program_) return not_loaded();
    auto mapping = mapping_of(mapping_json);
    if (!mapping) return failure(mapping.error());
    return answer(events_document(*program_, events_log(log), customer.empty() ? nullptr : &customer, *mapping));
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
    return answer(metrics_document(*program_, events_log(events), date));
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
    auto list = read_event_log(*program_, events_log(events));
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
    return answer(rewards_document(*program_, *balance, cart_text(cart_json), points_of(points)));
  });
}

std::string LedgerHandle::simulate(const std::string& cart_json, const std::string& as_of) {
  return guarded([&] {
    if (!ledger_) return failure("no_ledger", "open the ledger first");
    auto date = read_as_of(as_of);
    if (!date) return failure(date.error());
    return answer(simulation_document(*program_, *ledger_, CartText{cart_json, "cart"}, *date));
  });
}

std::string engine_version() { return kVersion; }

double heap_bytes() { return static_cast<double>(emscripten_get_heap_size()); }

double allocated_bytes() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace loyalty::wasm
