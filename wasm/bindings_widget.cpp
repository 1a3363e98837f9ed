// The widget's engine: the same core and adapters as bindings.cpp, declaring
// only what a storefront uses (a program, balances, open ledgers,
// simulations, reward states, ways to earn). Statements, shop exports, event
// logs and metrics are batch and studio work; leaving them undeclared lets
// the linker drop their code from the wasm every shopper downloads.
#include "bindings_storefront.hpp"

EMSCRIPTEN_BINDINGS(loyalty_engine) {
  loyalty::wasm::declare_storefront_calls();
}
