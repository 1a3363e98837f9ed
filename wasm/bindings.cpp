// The engine's embind surface: declarations only. The calls themselves live
// in adapters.cpp; the idiomatic API is engine-core.mjs. The storefront's
// calls are shared with the widget's build (bindings_storefront.hpp); the
// batch work (statements, exports, event logs, metrics) is declared here.
#include "bindings_storefront.hpp"

EMSCRIPTEN_BINDINGS(loyalty_engine) {
  using loyalty::wasm::ProgramHandle;
  emscripten::function("bulkAnswerAddress", &loyalty::wasm::bulk_answer_address);
  emscripten::function("bulkAnswerIsAscii", &loyalty::wasm::bulk_answer_is_ascii);
  emscripten::function("releaseBulkAnswer", &loyalty::wasm::release_bulk_answer);
  loyalty::wasm::declare_storefront_calls()
      .function("statement", &ProgramHandle::statement)
      .function("statementAt", &ProgramHandle::statement_at)
      .function("exportPreview", &ProgramHandle::export_preview)
      .function("events", &ProgramHandle::events)
      .function("metrics", &ProgramHandle::metrics);
}
