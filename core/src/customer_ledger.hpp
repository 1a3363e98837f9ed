// The fold of one customer's events into lots and totals (private to the
// core). compute_balance, simulate, statements and metrics all drive this one
// class, which is why their figures agree to the point.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "earn.hpp"
#include "loyalty/ledger.hpp"
#include "tier_tracker.hpp"

namespace loyalty {

class CustomerLedger {
 public:
  CustomerLedger(const Program& program, std::string source, LedgerOptions options);

  // Applies one event; events must come in ledger order (sort_events). A
  // business-rule violation rejects the event (entry + warning, no change);
  // only arithmetic overflow is an error. `award` receives a purchase's or
  // engagement event's award.
  Status apply(const Event& event, Award* award = nullptr);

  // Expires every lot due on or before `date` (points are gone at the start of their expiry day).
  void settle(const Date& date);

  // `with_entries` false leaves the (whole-history) entries out of the copy.
  BalanceReport report(const std::string& customer, const Date& as_of, bool with_entries = true);

  // What a purchase can change: the balance and the tier, as report() gives them.
  struct Standing {
    std::int64_t available = 0;
    std::int64_t pending = 0;
    TierStatus tier;
  };
  Standing standing(const Date& as_of);

  // A copy to try one hypothetical purchase on. It leaves out what only the
  // history's report or a later refund or cancellation reads (entries,
  // month activity, purchase and redemption records), so its cost does not
  // grow with those; only the lots, caps and tier window come along.
  CustomerLedger trial_copy();
  const Program& program() const { return program_; }
  TierStatus tier_status(const Date& as_of);
  std::int64_t available_at(const Date& date) const;
  std::int64_t live_total() const { return live_total_; }
  std::vector<Warning>& warnings() { return warnings_; }
  const std::vector<LedgerEntry>& entries() const { return entries_; }
  std::int64_t lifetime_earned() const { return lifetime_earned_; }
  std::int64_t redeemed() const { return redeemed_; }
  std::int64_t expired() const { return expired_; }
  // The amount the last applied event refunded (0 unless it was an accepted refund).
  std::int64_t last_refund() const { return last_refund_; }
  // Whether the last applied event was rejected (a business rule said no).
  bool last_rejected() const { return last_rejected_; }

  // Surprise rules are listed in `possible` instead of drawn (simulation of a
  // cart without an order id).
  void set_decide_surprise(bool decide, std::vector<AwardLine>* possible) {
    decide_surprise_ = decide;
    possible_ = possible;
  }

 private:
  struct Lot {
    std::string event_id;
    Date earned;
    Date available_from;
    std::optional<Date> expires_on;
    std::int64_t points = 0;
    std::int64_t remaining = 0;
    std::int64_t expired = 0;
  };
  struct PurchaseRecord {
    std::optional<std::size_t> lot;
    std::int64_t amount = 0;    // in the program's currency
    std::string currency;       // paid in; empty: the program's
    std::int64_t charged = 0;   // the total as paid, in `currency`
    std::int64_t eligible = 0;
    std::int64_t awarded = 0;
    std::int64_t refunded = 0;        // in `currency`, as refunds give it
    std::int64_t value_refunded = 0;  // the same in the program's currency
    std::int64_t pledged = 0;         // what the program's pledge gives for it
    std::int64_t pledge_removed = 0;  // taken back by its refunds
    std::int64_t clawed = 0;
    std::int64_t spend_removed = 0;
    std::optional<std::size_t> contribution;
  };
  // Where a redemption's points came from, so that a cancellation puts them
  // back in the same lots (and so under the same expiry) exactly once.
  struct RedemptionRecord {
    std::string reward;
    std::string cause;  // a donation's
    std::int64_t discount = 0;
    Date date;
    std::vector<std::pair<std::size_t, std::int64_t>> taken;  // lot index, points
    bool cancelled = false;
  };
  struct CapCounter {
    std::int64_t lifetime = 0;
    std::map<std::int64_t, std::int64_t> per_day;
    std::map<YearMonth, std::int64_t> per_month;
    std::map<int, std::int64_t> per_year;
  };

  Status apply_purchase(const Event& event, Award* award);
  Status apply_engagement(const Event& event, Award* award);
  Status apply_adjustment(const Event& event);
  Status apply_redemption(const Event& event);
  Status apply_refund(const Event& event, Award* award);
  Status apply_cancellation(const Event& event);
  void apply_tier_change(const Event& event);

  // Creates a lot (paying any debt first); returns its index.
  Result<std::size_t> earn(const Event& event, std::int64_t points);
  // Takes up to `points` from lots, oldest first: only available ones when
  // `available_only`. Returns what it took; `taken` (if given) gets each lot's share.
  std::int64_t consume(std::int64_t points, const Date& date, bool available_only,
                       std::vector<std::pair<std::size_t, std::int64_t>>* taken = nullptr);
  // Whether a lot's points have expired by `date` (settled up to it).
  bool lot_expired(std::size_t index, const Date& date) const;
  void expire_lot(Lot& lot, const Date& on);
  void skip_empty_lots();
  void reject(const Event& event, std::string code, std::string message);
  // A new ledger entry for `event`, or nullptr when entries are not kept.
  LedgerEntry* add_entry(EntryKind kind, const Event& event);
  MonthActivity& month(const Date& date);
  void note_activity(const Date& date) { last_activity_ = date; }

  const Program& program_;
  std::string source_;
  LedgerOptions options_;
  TierTracker tier_;
  std::vector<Lot> lots_;
  std::size_t first_live_ = 0;   // lots before it are empty
  std::size_t wiped_before_ = 0; // lots before it expired for inactivity
  std::int64_t live_total_ = 0;  // remaining points over all lots
  std::int64_t owed_ = 0;
  std::int64_t last_repaid_ = 0;  // debt the last earn() paid off
  std::int64_t last_refund_ = 0;  // what the last event refunded
  bool last_rejected_ = false;
  std::unordered_map<std::string, PurchaseRecord> purchases_;
  std::unordered_map<std::string, RedemptionRecord> redemptions_;
  std::unordered_map<std::string, CapCounter> caps_;
  std::optional<Date> last_purchase_;
  std::optional<Date> last_survey_;  // the last survey answer accepted
  std::optional<Date> last_activity_;
  std::int64_t lifetime_earned_ = 0;
  std::int64_t redeemed_ = 0;
  std::int64_t expired_ = 0;
  std::int64_t clawed_back_ = 0;
  std::map<YearMonth, MonthActivity> history_;
  std::map<std::string, Giving> giving_;  // by cause id
  std::vector<LedgerEntry> entries_;
  std::vector<Warning> warnings_;
  bool decide_surprise_ = true;
  std::vector<AwardLine>* possible_ = nullptr;
};

// What buying `cart` on `as_of` would do to a ledger that holds the
// customer's history (and is changed by it: pass a copy). `last_second` is
// the instant of the last event the ledger holds, after which the cart comes.
Result<SimulationReport> simulate_cart(CustomerLedger& ledger, const Program& program,
                                       const std::string& customer, const Cart& cart, const Date& as_of,
                                       std::int64_t last_second);

// Orders events as the ledger applies them: by time, then kind (purchases
// before the refunds and redemptions at the same instant), then id. Keeps the
// first of events sharing an id (in arrival order) and warns about the rest.
std::vector<Event> prepare_events(std::vector<Event> events, std::string_view source,
                                  std::vector<Warning>& warnings);
// The same order over events that stay where they are: the kept events'
// addresses, in the order the ledger applies them.
std::vector<const Event*> prepare_event_order(std::vector<const Event*> events, std::string_view source,
                                             std::vector<Warning>& warnings);

}  // namespace loyalty
