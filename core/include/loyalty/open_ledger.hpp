// A customer's ledger kept open between calls. compute_balance replays a
// whole history on every call, so a server deciding each redemption against
// the balance would pay for the customer's entire past on every request. An
// open ledger folds the history once and then only what is new, and gives
// the same figures as a replay (a property test holds it to compute_balance).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/program.hpp"

namespace loyalty {

struct Appended {
  std::vector<LedgerEntry> entries;  // what the appended events did (rejections included)
  std::vector<Warning> warnings;     // raised by them
};

class OpenLedger {
 public:
  // `program` must outlive the ledger.
  OpenLedger(const Program& program, std::string customer, std::string source = "");
  ~OpenLedger();
  OpenLedger(OpenLedger&&) noexcept;
  OpenLedger& operator=(OpenLedger&&) noexcept;

  // Applies `events` (in any order among themselves) after everything the
  // ledger holds. All or nothing: an event of another customer is an
  // `invalid_value` error, and one that would come before what the ledger
  // already holds (in ledger order, or dated before an earlier balance's
  // as_of) is `out_of_order`; either way nothing changes, and the caller
  // replays from the start instead. A repeated event id counts once, with a
  // warning, as in a replay. Only an int64 overflow can stop a call midway;
  // the ledger then refuses every later call (replay to see the error).
  Result<Appended> append(std::vector<Event> events);

  // The balance as of `as_of`, which must not precede the last event applied
  // or an earlier balance's as_of (`out_of_order`). The full list of entries
  // is left out unless asked for: it grows with the history.
  Result<BalanceReport> balance(const Date& as_of, bool with_entries = false);

  // What buying `cart` on `as_of` would do, as `simulate` over the whole
  // history gives it, without replaying it or changing the ledger. `as_of`
  // follows the same order rules as balance().
  Result<SimulationReport> simulate(const Cart& cart, const Date& as_of);

  const std::string& customer() const;
  std::size_t events_applied() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace loyalty
