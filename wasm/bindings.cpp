// The full engine's embind surface: declarations only. The calls themselves
// live in adapters.cpp; the idiomatic API is engine-core.mjs. The widget's
// engine declares the storefront's calls below as plain C exports instead
// (exports_widget.cpp), which engine-widget-handles.mjs gives this shape.
#include <emscripten/bind.h>

#include "adapters.hpp"

EMSCRIPTEN_BINDINGS(loyalty_engine) {
  using loyalty::wasm::LedgerHandle;
  using loyalty::wasm::ProgramHandle;
  emscripten::function("bulkAnswerAddress", &loyalty::wasm::bulk_answer_address);
  emscripten::function("bulkAnswerIsAscii", &loyalty::wasm::bulk_answer_is_ascii);
  emscripten::function("releaseBulkAnswer", &loyalty::wasm::release_bulk_answer);
  emscripten::function("engineVersion", &loyalty::wasm::engine_version);
  emscripten::function("heapBytes", &loyalty::wasm::heap_bytes);
  emscripten::function("allocatedBytes", &loyalty::wasm::allocated_bytes);
  emscripten::class_<LedgerHandle>("LedgerHandle")
      .constructor<>()
      .function("open", &LedgerHandle::open)
      .function("append", &LedgerHandle::append)
      .function("balance", &LedgerHandle::balance)
      .function("rewards", &LedgerHandle::rewards)
      .function("simulate", &LedgerHandle::simulate);
  emscripten::class_<ProgramHandle>("ProgramHandle")
      .constructor<>()
      .function("load", &ProgramHandle::load)
      .function("balance", &ProgramHandle::balance)
      .function("simulate", &ProgramHandle::simulate)
      .function("rewards", &ProgramHandle::rewards)
      .function("waysToEarn", &ProgramHandle::ways_to_earn)
      .function("statement", &ProgramHandle::statement)
      .function("statementAt", &ProgramHandle::statement_at)
      .function("exportPreview", &ProgramHandle::export_preview)
      .function("events", &ProgramHandle::events)
      .function("metrics", &ProgramHandle::metrics);
}
