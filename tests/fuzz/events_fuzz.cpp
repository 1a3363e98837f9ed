// libFuzzer: any bytes as a JSON event log, through the ledger: balance,
// simulate and metrics for the first customer, with a tiered program; and an
// open ledger fed the same events in two pieces must agree with the replay.
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/metrics.hpp"
#include "loyalty/open_ledger.hpp"
#include "statement_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const Program& program = fuzz::tiered();
  std::vector<Event> events;
  Status read = read_events(text, LogFormat::json, "fuzz", program.currency, program.exchange_rates, [&](Event&& e) {
    events.push_back(std::move(e));
    return Status(Ok{});
  });
  if (!read.ok() || events.empty()) return 0;
  const std::string customer = events.front().customer;
  const Date as_of = events.back().date().plus_days(40);
  auto balance = compute_balance(program, events, customer, as_of, "fuzz");
  if (balance.ok()) {
    (void)render_balance_json(*balance, program);
    // Invariant: the balance is the sum of its movements, never negative.
    std::int64_t movements = 0;
    for (const LedgerEntry& e : balance->entries) movements += e.points;
    if (movements != balance->available + balance->pending || balance->available < 0 || balance->pending < 0) __builtin_trap();

    // The replay keeps the first arrival of a repeated id: so does this.
    std::vector<Event> mine;
    std::unordered_set<std::string> seen;
    for (const Event& e : events) {
      if (e.customer == customer && e.date() <= as_of && seen.insert(e.id).second) mine.push_back(e);
    }
    std::stable_sort(mine.begin(), mine.end(), applies_before);
    const auto half = static_cast<std::ptrdiff_t>(mine.size() / 2);
    OpenLedger ledger(program, customer, "fuzz");
    auto first = ledger.append(std::vector<Event>(mine.begin(), mine.begin() + half));
    auto second = first.ok() ? ledger.append(std::vector<Event>(mine.begin() + half, mine.end())) : first;
    auto open = second.ok() ? ledger.balance(as_of) : Result<BalanceReport>(second.error());
    if (!open.ok()) __builtin_trap();  // what a replay takes, pieces take too
    if (open.ok() && (open->available != balance->available || open->pending != balance->pending ||
                      open->lifetime_earned != balance->lifetime_earned || open->redeemed != balance->redeemed ||
                      open->expired != balance->expired || open->owed != balance->owed ||
                      open->tier.rank != balance->tier.rank)) {
      __builtin_trap();
    }
  }
  Cart cart;
  cart.id = "fuzz-cart";
  cart.amount_minor = 12345;
  cart.has_amount = true;
  auto simulation = simulate(program, events, customer, cart, as_of, "fuzz");
  if (simulation.ok()) (void)render_simulation_json(*simulation, program);
  auto metrics = compute_metrics(program, events, as_of, "fuzz");
  if (metrics.ok()) (void)render_metrics_json(*metrics, program);
  return 0;
}
