#include "loyalty/rewards.hpp"

#include <algorithm>


#include "json_writer.hpp"
#include "loyalty/checked.hpp"
#include "loyalty/money.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

__extension__ typedef __int128 Wide;

RedemptionDecision refuse(std::string code, std::string message) {
  RedemptionDecision decision;
  decision.code = std::move(code);
  decision.message = std::move(message);
  return decision;
}

// Whole steps of a points_to_discount reward within its cap and the points on hand.
std::int64_t largest_step_multiple(const Reward& reward, std::int64_t available) {
  std::int64_t cap = available;
  if (reward.max_points > 0 && reward.max_points < cap) cap = reward.max_points;
  if (cap < reward.cost) return 0;
  return cap - cap % reward.cost;
}

}  // namespace

bool applies_to_order(const Reward& reward) {
  return reward.min_order_minor > 0 || reward.kind == RewardKind::percent_off;
}

RedemptionDecision decide_redemption(const Program& program, const Reward& reward, int tier_rank,
                                     std::int64_t available, const RedemptionRequest& request) {
  const int exponent = program.currency.exponent;
  if (!reward.min_tier.empty() && tier_rank < program.tiers.rank_of(reward.min_tier)) {
    return refuse("tier_too_low", "the reward needs the " + reward.min_tier + " tier");
  }
  if (applies_to_order(reward) && !request.order_minor) {
    return refuse("order_required", reward.min_order_minor > 0
                                        ? "the reward needs an order of at least " +
                                              format_scaled(reward.min_order_minor, exponent)
                                        : "the reward applies to an order");
  }
  if (reward.min_order_minor > 0 && *request.order_minor < reward.min_order_minor) {
    RedemptionDecision decision = refuse(
        "order_below_minimum", "the reward needs an order of at least " + format_scaled(reward.min_order_minor, exponent));
    decision.order_short = reward.min_order_minor - *request.order_minor;
    return decision;
  }
  RedemptionDecision decision;
  decision.cost = reward.cost;
  decision.discount_minor = reward.value_minor;
  if (reward.kind == RewardKind::points_to_discount) {
    if (!request.points || *request.points <= 0 || *request.points % reward.cost != 0) {
      return refuse("invalid_points", "points must be a positive multiple of " + to_text(reward.cost));
    }
    if (reward.max_points > 0 && *request.points > reward.max_points) {
      return refuse("invalid_points", "at most " + to_text(reward.max_points) + " points");
    }
    decision.cost = *request.points;
    auto money = checked_mul(*request.points / reward.cost, reward.value_minor);
    if (!money) return refuse("invalid_points", "the discount would exceed the int64 range");
    decision.discount_minor = *money;
  } else if (request.points && *request.points != reward.cost) {
    return refuse("invalid_points", "the reward costs " + to_text(reward.cost) + " points, not " +
                                        to_text(*request.points));
  }
  if (reward.kind == RewardKind::percent_off) {
    decision.discount_minor =
        static_cast<std::int64_t>(static_cast<Wide>(*request.order_minor) * reward.percent / 100);
  }
  if (reward.kind == RewardKind::donation && request.cause) {
    std::vector<std::string> allowed = reward.causes;
    if (allowed.empty()) {
      for (const Cause& cause : program.causes) allowed.push_back(cause.id);
    }
    std::string list;
    for (const std::string& id : allowed) list += (list.empty() ? "" : ", ") + id;
    if (request.cause->empty()) {
      if (allowed.size() != 1) return refuse("cause_required", "choose the cause to give to: " + list);
      decision.cause = allowed.front();
    } else if (std::find(allowed.begin(), allowed.end(), *request.cause) == allowed.end()) {
      return refuse("unknown_cause", quote_value(*request.cause, 60) + " is not a cause of this reward (" + list + ")");
    } else {
      decision.cause = *request.cause;
    }
  }
  if (available < decision.cost) {
    RedemptionDecision short_of = refuse("insufficient_points", "needs " + to_text(decision.cost) +
                                                                    " points, " + to_text(available) +
                                                                    " available");
    short_of.cost = decision.cost;
    short_of.points_short = decision.cost - available;
    return short_of;
  }
  return decision;
}

Result<std::int64_t> cart_order_minor(const Cart& cart) {
  if (cart.has_amount) return cart.amount_minor;
  std::int64_t total = 0;
  for (const Item& item : cart.items) {
    auto line = checked_mul(item.price_minor, item.quantity);
    if (!line) return Error{ErrorCode::overflow, "cart", "the order total exceeds the int64 range"};
    auto sum = checked_add(total, *line);
    if (!sum) return Error{ErrorCode::overflow, "cart", "the order total exceeds the int64 range"};
    total = *sum;
  }
  return total;
}

Result<RewardsReport> evaluate_rewards(const Program& program, const BalanceReport& balance,
                                       const RewardsQuery& query) {
  const std::optional<Cart>& cart = query.cart;
  RewardsReport report;
  report.customer = balance.customer;
  report.as_of = balance.as_of;
  report.available = balance.available;
  report.tier = balance.tier.enabled ? balance.tier.id : "";
  if (cart) {
    auto order = cart_order_minor(*cart);
    if (!order) return std::move(order).error();
    report.order_minor = *order;
  }
  const int rank = balance.tier.enabled ? balance.tier.rank : 0;
  for (const Reward& reward : program.rewards) {
    RewardState state;
    state.reward = &reward;
    RedemptionRequest request;
    request.order_minor = report.order_minor;
    if (reward.kind == RewardKind::points_to_discount) {
      state.max_points = largest_step_multiple(reward, balance.available);
      state.min_points = state.max_points > 0 ? reward.cost : 0;
      // The points picked, else the largest redemption possible, else one
      // step (to say why none is).
      request.points = query.points ? *query.points : state.max_points > 0 ? state.max_points : reward.cost;
    }
    state.decision = decide_redemption(program, reward, rank, balance.available, request);
    report.rewards.push_back(std::move(state));
  }
  return report;
}

std::string render_rewards_json(const RewardsReport& report, const Program& program) {
  const int exponent = program.currency.exponent;
  json::Writer w;
  w.begin_object().field("customer", report.customer).field("as_of", report.as_of.to_string());
  w.field("available", report.available);
  if (report.tier.empty()) {
    w.key("tier").null();
  } else {
    w.field("tier", report.tier);
  }
  if (report.order_minor) {
    w.money_field("order", *report.order_minor, exponent);
  } else {
    w.key("order").null();
  }
  w.key("rewards").begin_array();
  for (const RewardState& state : report.rewards) {
    const Reward& reward = *state.reward;
    const RedemptionDecision& decision = state.decision;
    w.begin_object()
        .field("id", reward.id)
        .field("type", name_of(reward.kind))
        .field("cost", reward.cost)
        .field("redeemable", decision.ok())
        // Redeemed with an order, at checkout, where the shop knows the amount.
        .field("applies_to_order", applies_to_order(reward));
    if (!decision.ok()) w.field("reason", decision.code).field("message", decision.message);
    if (decision.points_short > 0) w.field("points_short", decision.points_short);
    if (decision.order_short > 0) w.money_field("order_short", decision.order_short, exponent);
    if (!reward.min_tier.empty()) w.field("min_tier", reward.min_tier);
    if (reward.min_order_minor > 0) w.money_field("min_order", reward.min_order_minor, exponent);
    if (reward.kind == RewardKind::points_to_discount) {
      w.key("points").begin_object()
          .field("min", state.min_points)
          .field("max", state.max_points)
          .field("step", reward.cost)
          .end_object();
      w.money_field("value_per_step", reward.value_minor, exponent);
    }
    // What redeeming gives now: the discount on this cart (a percentage needs one).
    if (reward.kind == RewardKind::free_product) w.field("sku", reward.sku);
    if (decision.ok() || decision.code == "insufficient_points") {
      const bool money_off = reward.kind == RewardKind::amount_off || reward.kind == RewardKind::points_to_discount ||
                             (reward.kind == RewardKind::percent_off && report.order_minor);
      if (money_off) w.money_field("discount", decision.discount_minor, exponent);
      w.field("points_cost", decision.cost);
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace loyalty
