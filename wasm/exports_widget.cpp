// The widget's engine: the storefront's calls (a program, balances, open
// ledgers, simulations, reward states, ways to earn) as plain C exports over
// the same adapters as bindings.cpp, with no embind. Every argument is UTF-8
// text given as (address, length), which JavaScript wrote into memory the
// wasm's malloc gave it; every answer is an envelope kept here and read by
// JavaScript at loyalty_answer() for the length returned. The matching
// JavaScript is engine-widget-handles.mjs.
//
// Why not embind, as the full build has: every shopper downloads this
// engine, and embind's glue (type registry, class and method invokers) was
// 5.8 KB gzip of the widget's minified engine bundle, and its C++ side (with
// the RTTI it needs, mostly mangled type names) 2.9 KB gzip of wasm, for a
// dozen calls that all take and return text. Statements, shop exports, event logs and metrics are not declared,
// so the linker drops their code.
#include <emscripten/emscripten.h>

#include <cstddef>
#include <string>

#include "adapters.hpp"

using loyalty::wasm::LedgerHandle;
using loyalty::wasm::ProgramHandle;

namespace {

// The last call's envelope, until the next call replaces it.
std::string& answer() {
  static std::string envelope;
  return envelope;
}

std::size_t keep(std::string envelope) {
  answer() = std::move(envelope);
  return answer().size();
}

std::string text(const char* at, std::size_t length) { return std::string(at, length); }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* loyalty_answer() { return answer().data(); }

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_engine_version() { return keep(loyalty::wasm::engine_version()); }
EMSCRIPTEN_KEEPALIVE double loyalty_heap_bytes() { return loyalty::wasm::heap_bytes(); }
EMSCRIPTEN_KEEPALIVE double loyalty_allocated_bytes() { return loyalty::wasm::allocated_bytes(); }

EMSCRIPTEN_KEEPALIVE ProgramHandle* loyalty_program_new() { return new ProgramHandle(); }
EMSCRIPTEN_KEEPALIVE void loyalty_program_delete(ProgramHandle* program) { delete program; }

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_program_load(ProgramHandle* program, const char* json, std::size_t json_length) {
  return keep(program->load(text(json, json_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_program_balance(const ProgramHandle* program, const char* events,
                                                         std::size_t events_length, const char* customer,
                                                         std::size_t customer_length, const char* as_of,
                                                         std::size_t as_of_length) {
  return keep(program->balance(text(events, events_length), text(customer, customer_length),
                               text(as_of, as_of_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_program_simulate(const ProgramHandle* program, const char* events,
                                                          std::size_t events_length, const char* customer,
                                                          std::size_t customer_length, const char* cart,
                                                          std::size_t cart_length, const char* as_of,
                                                          std::size_t as_of_length) {
  return keep(program->simulate(text(events, events_length), text(customer, customer_length),
                                text(cart, cart_length), text(as_of, as_of_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_program_rewards(const ProgramHandle* program, const char* events,
                                                         std::size_t events_length, const char* customer,
                                                         std::size_t customer_length, const char* cart,
                                                         std::size_t cart_length, double points, const char* as_of,
                                                         std::size_t as_of_length) {
  return keep(program->rewards(text(events, events_length), text(customer, customer_length),
                               text(cart, cart_length), points, text(as_of, as_of_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_program_ways_to_earn(const ProgramHandle* program) {
  return keep(program->ways_to_earn());
}

EMSCRIPTEN_KEEPALIVE LedgerHandle* loyalty_ledger_new() { return new LedgerHandle(); }
EMSCRIPTEN_KEEPALIVE void loyalty_ledger_delete(LedgerHandle* ledger) { delete ledger; }

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_ledger_open(LedgerHandle* ledger, const ProgramHandle* program,
                                                     const char* customer, std::size_t customer_length) {
  return keep(ledger->open(*program, text(customer, customer_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_ledger_append(LedgerHandle* ledger, const char* events,
                                                       std::size_t events_length) {
  return keep(ledger->append(text(events, events_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_ledger_balance(LedgerHandle* ledger, const char* as_of,
                                                        std::size_t as_of_length, bool with_entries) {
  return keep(ledger->balance(text(as_of, as_of_length), with_entries));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_ledger_rewards(LedgerHandle* ledger, const char* cart,
                                                        std::size_t cart_length, double points, const char* as_of,
                                                        std::size_t as_of_length) {
  return keep(ledger->rewards(text(cart, cart_length), points, text(as_of, as_of_length)));
}

EMSCRIPTEN_KEEPALIVE std::size_t loyalty_ledger_simulate(LedgerHandle* ledger, const char* cart,
                                                         std::size_t cart_length, const char* as_of,
                                                         std::size_t as_of_length) {
  return keep(ledger->simulate(text(cart, cart_length), text(as_of, as_of_length)));
}

}  // extern "C"
