#include "tier_tracker.hpp"

#include <algorithm>

namespace loyalty {

std::size_t TierTracker::add(const Date& date, std::int64_t amount) {
  contributions_.push_back(Contribution{date, date.plus_years(1), amount});
  return contributions_.size() - 1;
}

void TierTracker::reduce(std::size_t index, std::int64_t amount) {
  if (index >= contributions_.size() || amount == 0) return;
  contributions_[index].amount -= amount;
  reset();  // the past changed: evaluate again from the start on the next query
}

void TierTracker::reset() {
  entered_ = 0;
  left_ = 0;
  rank_ = 0;
  total_ = 0;
  year_ = 0;
  held_ = 0;
  started_ = false;
}

int TierTracker::qualified(std::int64_t total) const {
  int best = 0;
  for (std::size_t i = 0; i < tiers_.levels.size(); ++i) {
    const TierLevel& level = tiers_.levels[i];
    if (!level.invitation_only && total >= level.threshold) best = static_cast<int>(i);
  }
  return best;
}

int TierTracker::retained(int rank, std::int64_t total) const {
  for (int i = rank; i > 0; --i) {
    const TierLevel& level = tiers_.levels[static_cast<std::size_t>(i)];
    if (!level.invitation_only && total >= level.retention) return i;
  }
  return 0;
}

void TierTracker::close_year() {
  const int end_rank = std::max(held_, qualified(total_));
  held_ = tiers_.downgrade == Downgrade::never ? end_rank : retained(end_rank, total_);
  ++year_;
  total_ = 0;
}

void TierTracker::evaluate_rolling() {
  const int reached = qualified(total_);
  if (tiers_.downgrade == Downgrade::never) {
    rank_ = std::max(rank_, reached);
  } else {
    rank_ = std::max(reached, retained(rank_, total_));
  }
}

int TierTracker::rank_at(const Date& date) {
  if (!tiers_.enabled()) return 0;
  const std::size_t n = contributions_.size();
  switch (tiers_.window) {
    case TierWindow::lifetime:
      while (entered_ < n && contributions_[entered_].date <= date) {
        total_ += contributions_[entered_++].amount;
      }
      rank_ = qualified(total_);
      break;
    case TierWindow::calendar_year:
      if (!started_) {
        year_ = n > 0 ? std::min(contributions_.front().date.year, date.year) : date.year;
        started_ = true;
      }
      while (entered_ < n && contributions_[entered_].date <= date) {
        while (year_ < contributions_[entered_].date.year) close_year();
        total_ += contributions_[entered_++].amount;
      }
      while (year_ < date.year) close_year();
      rank_ = std::max(held_, qualified(total_));
      break;
    case TierWindow::rolling_12_months:
      // Walk the days on which the window changes: amounts enter on their
      // date and leave on the same day a year later.
      while (true) {
        const bool can_enter = entered_ < n && contributions_[entered_].date <= date;
        const bool can_leave = left_ < entered_ && contributions_[left_].leaves <= date;
        if (!can_enter && !can_leave) break;
        Date day = can_enter ? contributions_[entered_].date : contributions_[left_].leaves;
        if (can_leave && contributions_[left_].leaves < day) {
          day = contributions_[left_].leaves;
        }
        while (left_ < entered_ && contributions_[left_].leaves <= day) {
          total_ -= contributions_[left_++].amount;
        }
        while (entered_ < n && contributions_[entered_].date <= day) {
          total_ += contributions_[entered_++].amount;
        }
        evaluate_rolling();
      }
      break;
  }
  return invited_ > rank_ ? invited_ : rank_;
}

std::int64_t TierTracker::window_total() const { return total_; }

}  // namespace loyalty
