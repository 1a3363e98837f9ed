// How a purchase or an engagement event earns points: which rules apply,
// in which order, and how they stack (core/programs/README.md, "Order of
// application"). Shared by the ledger and the simulator, so they agree.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/program.hpp"

namespace loyalty {

// The rules of `kind` that apply to a customer at level `rank` and pass
// `matches`. Rules limited to tiers replace the general rules with the same
// target (same event, same categories): the two never both award.
std::vector<const EarnRule*> select_rules(const Program& program, EarnKind kind, int rank,
                                          const std::function<bool(const EarnRule&)>& matches);

struct PurchaseContext {
  int rank = 0;                            // the customer's level before the purchase
  std::optional<Date> previous_purchase;   // for comeback bonuses
  bool decide_surprise = true;             // false: list surprise rules in `possible`
};

Result<Award> award_purchase(const Program& program, const Event& purchase,
                             const PurchaseContext& context,
                             std::vector<AwardLine>* possible = nullptr);

// The deterministic draw behind surprise bonuses: a 64-bit hash of the
// program's seed, the rule id and the event id, identical on every platform.
std::uint64_t surprise_draw(std::string_view seed, std::string_view rule_id,
                            std::string_view event_id);

}  // namespace loyalty
