#include "earn.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "loyalty/checked.hpp"

namespace loyalty {
namespace {

__extension__ typedef __int128 Wide;

// Which general rules a tier-limited rule replaces: same kind, same target.
std::string slot_of(const EarnRule& rule) {
  std::string slot(name_of(rule.kind));
  if (rule.kind == EarnKind::event) {
    slot += "|" + std::string(event_kind_name(rule.event)) + "|" + rule.event_name;
  } else if (rule.kind == EarnKind::category_multiplier || rule.kind == EarnKind::per_item) {
    std::vector<std::string> categories = rule.categories, skus = rule.skus;
    std::sort(categories.begin(), categories.end());
    std::sort(skus.begin(), skus.end());
    slot += "|c";
    for (const auto& c : categories) slot += "|" + c;
    slot += "|s";
    for (const auto& s : skus) slot += "|" + s;
  }
  return slot;
}

bool in_tier(const EarnRule& rule, const Program& program, int rank) {
  if (rule.tiers.empty()) return true;
  if (!program.tiers.enabled()) return false;
  const std::string& level = program.tiers.levels[static_cast<std::size_t>(rank)].id;
  return std::find(rule.tiers.begin(), rule.tiers.end(), level) != rule.tiers.end();
}

std::optional<std::int64_t> narrow(Wide value) {
  if (value > std::numeric_limits<std::int64_t>::max() || value < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

// floor(a * b / c) for non-negative a, b and positive c below 2^127, exact
// through a 256-bit product (a * b can exceed 128 bits for huge orders).
Wide mul_div(Wide a, Wide b, Wide c) {
  __extension__ typedef unsigned __int128 U128;
  const U128 mask = (static_cast<U128>(1) << 64) - 1;
  const U128 ua = static_cast<U128>(a), ub = static_cast<U128>(b), uc = static_cast<U128>(c);
  // 256-bit product as four 64-bit limbs via schoolbook multiplication.
  const U128 a0 = ua & mask, a1 = ua >> 64, b0 = ub & mask, b1 = ub >> 64;
  const U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const U128 middle = (p00 >> 64) + (p01 & mask) + (p10 & mask);
  U128 low = (p00 & mask) | (middle << 64);
  U128 high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
  // Long division of (high:low) by c, one bit at a time.
  U128 quotient = 0, remainder = 0;
  for (int bit = 255; bit >= 0; --bit) {
    const U128 next = bit >= 128 ? (high >> (bit - 128)) & 1 : (low >> bit) & 1;
    remainder = (remainder << 1) | next;
    if (remainder >= uc) {
      remainder -= uc;
      if (bit < 128) quotient |= static_cast<U128>(1) << bit;
    }
  }
  return static_cast<Wide>(quotient);
}

Error overflow() {
  return Error{ErrorCode::overflow, "", "the points for this purchase exceed the int64 range"};
}

}  // namespace

std::vector<const EarnRule*> select_rules(const Program& program, EarnKind kind, int rank,
                                          const std::function<bool(const EarnRule&)>& matches) {
  std::vector<const EarnRule*> general, limited;
  for (const EarnRule& rule : program.earn) {
    if (rule.kind != kind || !matches(rule) || !in_tier(rule, program, rank)) continue;
    (rule.tiers.empty() ? general : limited).push_back(&rule);
  }
  std::vector<const EarnRule*> out = limited;
  for (const EarnRule* rule : general) {
    const std::string slot = slot_of(*rule);
    bool replaced = std::any_of(limited.begin(), limited.end(),
                                [&](const EarnRule* l) { return slot_of(*l) == slot; });
    if (!replaced) out.push_back(rule);
  }
  // Program order, so breakdowns read as the merchant wrote the rules.
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t surprise_draw(std::string_view seed, std::string_view rule_id, std::string_view event_id) {
  // FNV-1a over the three strings (with separators), then a SplitMix64
  // finalizer to spread the low bits that the modulo reads.
  std::uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](std::string_view text) {
    for (unsigned char c : text) {
      h ^= c;
      h *= 0x100000001b3ull;
    }
    h ^= 0xff;
    h *= 0x100000001b3ull;
  };
  mix(seed);
  mix(rule_id);
  mix(event_id);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

Result<Award> award_purchase(const Program& program, const Event& purchase,
                             const PurchaseContext& context, std::vector<AwardLine>* possible) {
  Award award;
  const int rank = context.rank;
  auto all = [](const EarnRule&) { return true; };

  // 1. Eligible spend: items not excluded; a purchase without items is all eligible.
  struct Line {
    const Item* item;
    std::int64_t total;
  };
  std::vector<Line> lines;
  std::int64_t eligible = 0;
  if (purchase.items.empty()) {
    eligible = purchase.amount_minor;
  } else {
    for (const Item& item : purchase.items) {
      if (program.is_excluded(item.sku, item.category)) continue;
      std::int64_t total = 0;
      if (__builtin_mul_overflow(item.price_minor, item.quantity, &total) ||
          __builtin_add_overflow(eligible, total, &eligible)) {
        return overflow();
      }
      lines.push_back(Line{&item, total});
    }
  }
  award.eligible_spend_minor = eligible;

  // 2. Spend rules on the eligible spend.
  Wide spend_points = 0;
  for (const EarnRule* rule : select_rules(program, EarnKind::spend_bands, rank, all)) {
    auto points = spend_band_points(*rule, eligible, program.currency.exponent);
    if (!points) return std::move(points).error();
    spend_points += *points;
    award.breakdown.push_back(AwardLine{rule->id, *points});
  }

  // 3. Category multipliers: each item takes the highest multiplier among the
  // rules matching it, and the extra points are its share of the spend points.
  Wide after_categories = spend_points;
  if (eligible > 0 && spend_points > 0 && !lines.empty()) {
    auto category_rules = select_rules(program, EarnKind::category_multiplier, rank, all);
    std::map<const EarnRule*, Wide> weighted;  // sum of (multiplier - 1) * line total per rule
    for (const Line& line : lines) {
      const EarnRule* best = nullptr;
      for (const EarnRule* rule : category_rules) {
        if (!rule->matches_item(line.item->sku, line.item->category)) continue;
        if (!best || rule->multiplier_e4 > best->multiplier_e4) best = rule;
      }
      if (best && best->multiplier_e4 > kFactorOne) {
        weighted[best] += static_cast<Wide>(best->multiplier_e4 - kFactorOne) * line.total;
      }
    }
    for (const EarnRule* rule : category_rules) {
      auto it = weighted.find(rule);
      if (it == weighted.end()) continue;
      // The item's share of the spend points, times its multiplier less one.
      const Wide bonus = mul_div(spend_points, it->second, static_cast<Wide>(kFactorOne) * eligible);
      auto narrowed = narrow(bonus);
      if (!narrowed) return overflow();
      after_categories += bonus;
      award.breakdown.push_back(AwardLine{rule->id, *narrowed});
    }
  }

  // 4. The best time-window promotion active on the purchase date.
  Wide after_promotion = after_categories;
  {
    const Date& day = purchase.date();
    const EarnRule* best = nullptr;
    for (const EarnRule* rule : select_rules(program, EarnKind::promotion, rank, [&](const EarnRule& r) {
           if (r.from && day < *r.from) return false;
           if (r.to && day > *r.to) return false;
           return r.weekdays == 0 || (r.weekdays & (1u << day.iso_weekday())) != 0;
         })) {
      if (!best || rule->multiplier_e4 > best->multiplier_e4) best = rule;
    }
    if (best) {
      after_promotion = after_categories * best->multiplier_e4 / kFactorOne;
      auto increment = narrow(after_promotion - after_categories);
      if (!increment) return overflow();
      award.breakdown.push_back(AwardLine{best->id, *increment});
    }
  }

  // 5. The customer's tier multiplier.
  Wide after_tier = after_promotion;
  if (program.tiers.enabled()) {
    const TierLevel& level = program.tiers.levels[static_cast<std::size_t>(rank)];
    after_tier = after_promotion * level.multiplier_e4 / kFactorOne;
    if (after_tier != after_promotion) {
      auto increment = narrow(after_tier - after_promotion);
      if (!increment) return overflow();
      award.breakdown.push_back(AwardLine{"tier:" + level.id, *increment});
    }
  }
  Wide total = after_tier;

  // 6. Flat points, never multiplied.
  for (const EarnRule* rule : select_rules(program, EarnKind::per_visit, rank, [&](const EarnRule& r) {
         return eligible > 0 && eligible >= r.min_spend_minor;
       })) {
    total += rule->points;
    award.breakdown.push_back(AwardLine{rule->id, rule->points});
  }
  for (const EarnRule* rule : select_rules(program, EarnKind::per_item, rank, all)) {
    Wide quantity = 0;
    for (const Line& line : lines) {
      if (rule->matches_item(line.item->sku, line.item->category)) quantity += line.item->quantity;
    }
    if (quantity == 0) continue;
    auto points = narrow(quantity * rule->points);
    if (!points) return overflow();
    total += *points;
    award.breakdown.push_back(AwardLine{rule->id, *points});
  }
  // An order with no eligible spend (a gift card, shipping alone) earns no
  // order bonus: only a per_item rule whose own item it holds.
  const bool earns_order_bonuses = eligible > 0;
  if (context.previous_purchase && earns_order_bonuses) {
    const std::int64_t gap = purchase.date().days_since_epoch() - context.previous_purchase->days_since_epoch();
    for (const EarnRule* rule : select_rules(program, EarnKind::comeback, rank, [&](const EarnRule& r) {
           return gap <= r.within_days;
         })) {
      total += rule->points;
      award.breakdown.push_back(AwardLine{rule->id, rule->points});
    }
  }
  for (const EarnRule* rule : select_rules(program, EarnKind::surprise, rank, all)) {
    if (!earns_order_bonuses) break;
    if (!context.decide_surprise) {
      if (possible) possible->push_back(AwardLine{rule->id, rule->points});
      continue;
    }
    if (surprise_draw(program.seed, rule->id, purchase.id) % static_cast<std::uint64_t>(rule->one_in) == 0) {
      total += rule->points;
      award.breakdown.push_back(AwardLine{rule->id, rule->points});
    }
  }

  auto points = narrow(total);
  if (!points) return overflow();
  award.points = *points;
  // Drop zero shares: the breakdown lists what earned something.
  award.breakdown.erase(std::remove_if(award.breakdown.begin(), award.breakdown.end(),
                                       [](const AwardLine& line) { return line.points == 0; }),
                        award.breakdown.end());
  return award;
}

}  // namespace loyalty
