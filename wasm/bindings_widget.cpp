// The widget's engine: the same core and adapters as bindings.cpp, declaring
// only what a storefront uses (a program, balances, open ledgers,
// simulations, reward states, ways to earn). Statements, shop exports, event
// logs and metrics are batch and studio work; leaving them undeclared lets
// the linker drop their code from the wasm every shopper downloads.
#include <emscripten/bind.h>

#include "adapters.hpp"

EMSCRIPTEN_BINDINGS(loyalty_engine) {
  using loyalty::wasm::ProgramHandle;
  emscripten::class_<ProgramHandle>("ProgramHandle")
      .constructor<>()
      .function("load", &ProgramHandle::load)
      .function("balance", &ProgramHandle::balance)
      .function("simulate", &ProgramHandle::simulate)
      .function("rewards", &ProgramHandle::rewards)
      .function("waysToEarn", &ProgramHandle::ways_to_earn);
  emscripten::class_<loyalty::wasm::LedgerHandle>("LedgerHandle")
      .constructor<>()
      .function("open", &loyalty::wasm::LedgerHandle::open)
      .function("append", &loyalty::wasm::LedgerHandle::append)
      .function("balance", &loyalty::wasm::LedgerHandle::balance)
      .function("rewards", &loyalty::wasm::LedgerHandle::rewards)
      .function("simulate", &loyalty::wasm::LedgerHandle::simulate);
  emscripten::function("engineVersion", &loyalty::wasm::engine_version);
  emscripten::function("heapBytes", &loyalty::wasm::heap_bytes);
  emscripten::function("allocatedBytes", &loyalty::wasm::allocated_bytes);
}
