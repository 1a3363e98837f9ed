// The calls a storefront makes, declared alike by both builds of the engine:
// bindings.cpp adds the batch work to the program's class it returns, and
// bindings_widget.cpp declares nothing more.
#pragma once

#include <emscripten/bind.h>

#include "adapters.hpp"

namespace loyalty::wasm {

inline emscripten::class_<ProgramHandle> declare_storefront_calls() {
  emscripten::class_<LedgerHandle>("LedgerHandle")
      .constructor<>()
      .function("open", &LedgerHandle::open)
      .function("append", &LedgerHandle::append)
      .function("balance", &LedgerHandle::balance)
      .function("rewards", &LedgerHandle::rewards)
      .function("simulate", &LedgerHandle::simulate);
  emscripten::function("engineVersion", &engine_version);
  emscripten::function("heapBytes", &heap_bytes);
  emscripten::function("allocatedBytes", &allocated_bytes);
  return emscripten::class_<ProgramHandle>("ProgramHandle")
      .constructor<>()
      .function("load", &ProgramHandle::load)
      .function("balance", &ProgramHandle::balance)
      .function("simulate", &ProgramHandle::simulate)
      .function("rewards", &ProgramHandle::rewards)
      .function("waysToEarn", &ProgramHandle::ways_to_earn);
}

}  // namespace loyalty::wasm
