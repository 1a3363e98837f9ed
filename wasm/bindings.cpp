// The engine's embind surface: declarations only. The calls themselves live
// in adapters.cpp; the idiomatic API is engine.mjs.
#include <emscripten/bind.h>

#include "adapters.hpp"

EMSCRIPTEN_BINDINGS(loyalty_engine) {
  using loyalty::wasm::ProgramHandle;
  emscripten::class_<ProgramHandle>("ProgramHandle")
      .constructor<>()
      .function("load", &ProgramHandle::load)
      .function("statement", &ProgramHandle::statement)
      .function("exportPreview", &ProgramHandle::export_preview)
      .function("balance", &ProgramHandle::balance)
      .function("simulate", &ProgramHandle::simulate)
      .function("rewards", &ProgramHandle::rewards)
      .function("events", &ProgramHandle::events)
      .function("waysToEarn", &ProgramHandle::ways_to_earn)
      .function("metrics", &ProgramHandle::metrics);
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
