// Which rewards a customer can redeem, and what each gives: the one place
// where the catalog's conditions (tier, points, order minimum, points steps)
// are decided. The ledger decides a redemption with decide_redemption; the
// widget's rewards view and the shop's checkout ask evaluate_rewards, which
// runs the same checks for every reward.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/program.hpp"

namespace loyalty {

struct RedemptionRequest {
  std::optional<std::int64_t> points;       // points_to_discount: how many
  std::optional<std::int64_t> order_minor;  // the order the reward applies to, as the shop knows it
  // donation: the cause chosen (empty: the reward's only cause). Not given:
  // not checked, as when the catalog asks whether the reward can be had at all.
  std::optional<std::string> cause;
};

// Empty `code`: the redemption goes through, costing `cost` points and giving
// `discount_minor` off. Otherwise a reason code and an engine message:
// tier_too_low, order_required (a minimum order or a percentage needs the
// order), order_below_minimum, invalid_points, insufficient_points, and for a
// donation cause_required (several causes, none chosen) or unknown_cause.
struct RedemptionDecision {
  std::string code;
  std::string message;
  std::int64_t cost = 0;
  std::int64_t discount_minor = 0;
  std::int64_t points_short = 0;   // insufficient_points: how many more are needed
  std::int64_t order_short = 0;    // order_below_minimum: how much more the order needs
  std::string cause;               // donation: the cause it goes to

  bool ok() const { return code.empty(); }
};

// A reward with an order minimum or a percentage is redeemed with an order
// (at checkout, where the shop knows the amount), never on its own.
bool applies_to_order(const Reward& reward);

RedemptionDecision decide_redemption(const Program& program, const Reward& reward, int tier_rank,
                                     std::int64_t available, const RedemptionRequest& request);

// The order amount of a cart: its `amount` when given, else the sum of its items.
Result<std::int64_t> cart_order_minor(const Cart& cart);

struct RewardState {
  const Reward* reward = nullptr;
  RedemptionDecision decision;  // for the largest redemption the customer could make
  // points_to_discount: the points that can be redeemed now, in steps.
  std::int64_t min_points = 0;
  std::int64_t max_points = 0;
};

struct RewardsReport {
  std::string customer;
  Date as_of;
  std::int64_t available = 0;
  std::string tier;  // the customer's level id ("" without tiers)
  std::optional<std::int64_t> order_minor;  // the cart's order amount, when a cart was given
  std::vector<RewardState> rewards;         // in catalog order
};

struct RewardsQuery {
  std::optional<Cart> cart;             // the order: decides minimums and percentage discounts
  std::optional<std::int64_t> points;   // points_to_discount: the points the shopper picked (default: the most possible)
};

// Every reward's state for the customer of `balance`.
Result<RewardsReport> evaluate_rewards(const Program& program, const BalanceReport& balance,
                                       const RewardsQuery& query = {});

std::string render_rewards_json(const RewardsReport& report, const Program& program);

}  // namespace loyalty
