// Tier status over time for one customer. Qualifying amounts (points earned,
// or eligible spend) arrive in time order; a refund later reduces the amount
// its purchase contributed, retroactively, so a tier reached only through a
// refunded purchase is lost. Status is evaluated on every day the qualifying
// window changes (an amount enters it, or a rolling window lets one go, or a
// calendar year ends), which makes it independent of when anyone asks.
#pragma once

#include <cstdint>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/program.hpp"

namespace loyalty {

class TierTracker {
 public:
  explicit TierTracker(const TierProgram& tiers) : tiers_(tiers) {}

  // Adds a qualifying amount on `date` (not before earlier ones); returns its index.
  std::size_t add(const Date& date, std::int64_t amount);
  // Lowers contribution `index` by `amount` (a refund), from its own date.
  void reduce(std::size_t index, std::int64_t amount);
  void invite(int rank) { invited_ = rank; }
  void revoke() { invited_ = -1; }

  // The level at the end of `date`, which must not precede an earlier query
  // (the ledger asks in time order). 0 when the program has no tiers.
  int rank_at(const Date& date);
  // The amount counting toward the window at `date` (after rank_at(date)).
  std::int64_t window_total() const;
  int invited_rank() const { return invited_; }

 private:
  struct Contribution {
    Date date;
    Date leaves;  // a rolling window lets it go on this day, computed once
    std::int64_t amount;
  };

  int qualified(std::int64_t total) const;      // highest level by threshold
  int retained(int rank, std::int64_t total) const;  // highest level <= rank kept by retention
  void reset();
  void close_year();
  void evaluate_rolling();

  const TierProgram& tiers_;
  std::vector<Contribution> contributions_;
  int invited_ = -1;

  // Evaluation state, rebuilt from the start after a retroactive reduction.
  std::size_t entered_ = 0;  // contributions counted so far
  std::size_t left_ = 0;     // rolling: contributions that left the window
  int rank_ = 0;
  std::int64_t total_ = 0;   // lifetime total, this year's total, or the rolling sum
  int year_ = 0;             // calendar_year: the year being accumulated
  int held_ = 0;             // calendar_year: the level carried into this year
  bool started_ = false;
};

}  // namespace loyalty
