// Randomized properties over thousands of generated programs and histories:
//  - simulate() equals what the ledger awards once the cart is bought;
//  - every balance equals the sum of its ledger movements, never negative;
//  - the arrival order of events does not change anything;
//  - an open ledger fed in pieces, asked for balances between them, ends
//    where a replay of the whole history does.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "../support/splitmix64.hpp"
#include "loyalty/open_ledger.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

struct Rng : testing::SplitMix64 {  // reproducible on every platform
  std::int64_t range(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return range(1, 100) <= percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(range(0, static_cast<std::int64_t>(v.size()) - 1))]; }
};

std::string money(std::int64_t cents) { return "\"" + format_scaled(cents, 2) + "\""; }

const std::vector<std::string> kCategories = {"shoes", "hats", "gift_card", "books", "shipping"};

std::string random_program(Rng& rng) {
  std::string earn = R"({"type":"per_unit","id":"base","points_per_unit":")" +
                     std::to_string(rng.range(1, 3)) + (rng.chance(30) ? ".5" : "") + R"(","rounding":")" +
                     rng.pick(std::vector<std::string>{"truncate_amount", "round_amount_half_up", "truncate_points",
                                                       "round_points_half_up"}) + "\"}";
  if (rng.chance(40)) earn += R"(,{"type":"spend_bands","id":"bands","bands":[{"above":50,"points_per_unit":1},{"above":100,"points_per_unit":2}]})";
  if (rng.chance(50)) earn += R"(,{"type":"per_visit","id":"visit","points":10,"min_spend":"20.00"})";
  if (rng.chance(30)) earn += R"(,{"type":"per_visit","id":"gold-visit","points":30,"tiers":["gold"]})";
  if (rng.chance(50)) earn += R"(,{"type":"category_multiplier","id":"shoes","categories":["shoes"],"multiplier":"1.5"})";
  if (rng.chance(30)) earn += R"(,{"type":"category_multiplier","id":"books-gold","categories":["books"],"multiplier":3,"tiers":["gold"]})";
  if (rng.chance(40)) earn += R"(,{"type":"per_item","id":"items","points":2,"categories":["hats"]})";
  if (rng.chance(40)) earn += R"(,{"type":"promotion","id":"promo","multiplier":2,"from":"2026-03-01","to":"2026-05-31","weekdays":[1,3,5,6]})";
  if (rng.chance(40)) earn += R"(,{"type":"comeback","id":"back","points":40,"within_days":20})";
  if (rng.chance(50)) earn += R"(,{"type":"surprise","id":"lucky","points":77,"one_in":3})";
  earn += R"(,{"type":"event","id":"bday","event":"birthday","points":100},{"type":"event","id":"rev","event":"review","points":20,"caps":{"day":1,"month":2}})";

  std::string tiers;
  if (rng.chance(75)) {
    const bool spend = rng.chance(50);
    tiers = std::string(R"(,"tiers":{"basis":")") + (spend ? "spend" : "points") + R"(","window":")" +
            rng.pick(std::vector<std::string>{"lifetime", "calendar_year", "rolling_12_months"}) + R"(","downgrade":")" +
            (rng.chance(50) ? "never" : "end_of_window") + R"(","levels":[{"id":"base","threshold":0},)" +
            R"({"id":"silver","threshold":)" + (spend ? "\"300.00\"" : "300") + R"(,"retention":)" +
            (spend ? "\"150.00\"" : "150") + R"(,"multiplier":"1.25"},)" +
            R"({"id":"vip","invitation_only":true,"multiplier":2},)" + R"({"id":"gold","threshold":)" +
            (spend ? "\"900.00\"" : "900") + R"(,"multiplier":"1.5"}]})";
  }
  std::string expiry = rng.pick(std::vector<std::string>{
      "", R"(,"expiry":{"policy":"after_days","days":60})", R"(,"expiry":{"policy":"inactivity_days","days":45})",
      R"(,"expiry":{"policy":"end_of_year"})"});
  // Tier-limited rules need tiers; drop them when the program has none.
  if (tiers.empty()) {
    for (const char* limited : {R"(,{"type":"per_visit","id":"gold-visit","points":30,"tiers":["gold"]})",
                                R"(,{"type":"category_multiplier","id":"books-gold","categories":["books"],"multiplier":3,"tiers":["gold"]})"}) {
      auto at = earn.find(limited);
      if (at != std::string::npos) earn.erase(at, std::string(limited).size());
    }
  }
  return R"({"id":"random","currency":"USD","seed":")" + std::to_string(rng.next() % 1000) +
         R"(","pending_days":)" + std::to_string(rng.chance(50) ? 0 : rng.range(1, 15)) +
         R"(,"exclusions":{"categories":["gift_card","shipping"]},"earn":[)" + earn + "]" + tiers + expiry +
         R"(,"rewards":[{"id":"r100","type":"amount_off","cost":100,"value":"1.00"},
           {"id":"r250","type":"free_shipping","cost":250},
           {"id":"cash","type":"points_to_discount","cost":50,"value":"0.50"}]})";
}

std::string random_purchase_body(Rng& rng) {
  if (rng.chance(40)) return R"("amount":)" + money(rng.range(0, 30000));
  std::string items;
  const auto count = rng.range(1, 4);
  std::int64_t total = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int64_t price = rng.range(0, 15000), quantity = rng.range(1, 3);
    total += price * quantity;
    if (i) items += ",";
    items += R"({"sku":"s)" + std::to_string(rng.range(1, 9)) + R"(","category":")" + rng.pick(kCategories) +
             R"(","price":)" + money(price) + R"(,"quantity":)" + std::to_string(quantity) + "}";
  }
  std::string out = R"("items":[)" + items + "]";
  if (rng.chance(30)) out += R"(,"amount":)" + money(total + rng.range(0, 999));
  return out;
}

struct History {
  std::vector<std::string> events;  // JSON objects
  std::vector<std::string> purchases;
};

std::string stamp(const Date& date, Rng& rng) {
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d:00Z", static_cast<int>(rng.range(0, 23)), static_cast<int>(rng.range(0, 59)));
  return date.to_string() + (rng.chance(30) ? "" : time);
}

History random_history(Rng& rng) {
  History h;
  const Date start = testing::day("2026-01-01");
  const auto n = rng.range(5, 60);
  for (std::int64_t i = 0; i < n; ++i) {
    const std::string id = "e" + std::to_string(i);
    const std::string date = stamp(start.plus_days(rng.range(0, 540)), rng);
    const std::string customer = rng.chance(90) ? "c" : "d";
    const std::string head = R"({"id":")" + id + R"(","customer":")" + customer + R"(","date":")" + date + "\"";
    const auto kind = rng.range(1, 100);
    if (kind <= 50 || h.purchases.empty()) {
      h.events.push_back(head + "," + random_purchase_body(rng) + "}");
      if (customer == "c") h.purchases.push_back(id);
    } else if (kind <= 62) {
      std::string refund = head + R"(,"type":"refund","purchase":")" + rng.pick(h.purchases) + "\"";
      if (rng.chance(60)) refund += R"(,"amount":)" + money(rng.range(1, 8000));
      h.events.push_back(refund + "}");
    } else if (kind <= 80) {
      const std::string reward = rng.pick(std::vector<std::string>{"r100", "r250", "cash"});
      std::string redemption = head + R"(,"type":"redemption","reward":")" + reward + "\"";
      if (reward == "cash") redemption += R"(,"points":)" + std::to_string(50 * rng.range(1, 6));
      h.events.push_back(redemption + "}");
    } else if (kind <= 87) {
      h.events.push_back(head + R"(,"type":"adjustment","points":)" + std::to_string(rng.range(-300, 300) | 1) + "}");
    } else if (kind <= 95) {
      h.events.push_back(head + R"(,"type":")" + (rng.chance(50) ? "birthday" : "review") + "\"}");
    } else if (kind <= 97) {
      h.events.push_back(head + R"(,"type":"tier_invitation","level":"vip"})");
    } else {
      h.events.push_back(head + R"(,"type":"tier_revocation"})");
    }
  }
  return h;
}

std::string join(const std::vector<std::string>& events) {
  std::string out = "[";
  for (std::size_t i = 0; i < events.size(); ++i) out += (i ? "," : "") + events[i];
  return out + "]";
}

void expect_consistent(const BalanceReport& r, const std::string& context) {
  std::int64_t movements = 0, owed = 0;
  for (const LedgerEntry& e : r.entries) {
    movements += e.points;
    owed += e.owed;
  }
  ASSERT_EQ(movements, r.available + r.pending) << context;
  ASSERT_EQ(owed, r.owed) << context;
  ASSERT_GE(r.available, 0) << context;
  ASSERT_GE(r.pending, 0) << context;
  ASSERT_GE(r.owed, 0) << context;
  std::int64_t earned = 0, redeemed = 0, expired = 0;
  for (const MonthActivity& m : r.history) {
    earned += m.earned;
    redeemed += m.redeemed;
    expired += m.expired;
  }
  ASSERT_EQ(redeemed, r.redeemed) << context;
  ASSERT_EQ(expired, r.expired) << context;
  ASSERT_GE(earned, r.lifetime_earned) << context;  // history is gross, lifetime net of clawbacks
}

constexpr int kHistories = 2000;

TEST(Property, SimulateEqualsTheAwardOnceBought) {
  Rng rng{20261126};
  int compared = 0;
  for (int round = 0; round < kHistories; ++round) {
    const std::string program_text = random_program(rng);
    const Program program = testing::program_from(program_text);
    History history = random_history(rng);
    const Date as_of = testing::day("2026-01-01").plus_days(rng.range(0, 600));
    const std::string cart_id = "cart-" + std::to_string(round);
    const std::string body = random_purchase_body(rng);
    auto cart = parse_cart("{\"id\":\"" + cart_id + "\"," + body + "}", program.currency, program.exchange_rates, as_of);
    ASSERT_TRUE(cart.ok()) << cart.error().describe();

    const std::string context = "round " + std::to_string(round) + "\nprogram " + program_text + "\nevents " +
                                join(history.events) + "\ncart " + body + "\nas of " + as_of.to_string();
    auto simulated = simulate(program, testing::events_from(join(history.events)), "c", *cart, as_of, "events");
    ASSERT_TRUE(simulated.ok()) << simulated.error().describe() << "\n" << context;

    std::vector<std::string> bought = history.events;
    bought.push_back(R"({"id":")" + cart_id + R"(","customer":"c","date":")" + as_of.to_string() + R"(T23:59:59Z",)" + body + "}");
    auto before = compute_balance(program, testing::events_from(join(history.events)), "c", as_of, "events");
    auto after = compute_balance(program, testing::events_from(join(bought)), "c", as_of, "events");
    ASSERT_TRUE(before.ok() && after.ok()) << context;
    ASSERT_EQ(after->lifetime_earned - before->lifetime_earned, simulated->award.points) << context;
    std::int64_t sum = 0;
    for (const AwardLine& line : simulated->award.breakdown) sum += line.points;
    ASSERT_EQ(sum, simulated->award.points) << context;
    ASSERT_EQ(after->available, simulated->available_after) << context;
    ASSERT_EQ(after->pending, simulated->pending_after) << context;
    ASSERT_EQ(after->tier.id, simulated->tier_after.id) << context;
    ASSERT_EQ(before->available, simulated->available_before) << context;
    ASSERT_EQ(before->pending, simulated->pending_before) << context;
    ASSERT_EQ(before->tier.id, simulated->tier_before.id) << context;
    ASSERT_EQ(before->tier.next_needed, simulated->tier_before.next_needed) << context;
    const LedgerEntry* entry = nullptr;
    for (const LedgerEntry& e : after->entries) {
      if (e.event_id == cart_id) entry = &e;
    }
    ASSERT_NE(entry, nullptr) << context;
    ASSERT_EQ(entry->breakdown.size(), simulated->award.breakdown.size()) << context;
    ++compared;
  }
  EXPECT_EQ(compared, kHistories);
}

TEST(Property, BalancesEqualTheSumOfTheirMovementsInAnyArrivalOrder) {
  Rng rng{7};
  for (int round = 0; round < kHistories; ++round) {
    const Program program = testing::program_from(random_program(rng));
    History history = random_history(rng);
    const Date as_of = testing::day("2026-01-01").plus_days(rng.range(0, 700));
    auto ordered = compute_balance(program, testing::events_from(join(history.events)), "c", as_of, "events");
    ASSERT_TRUE(ordered.ok()) << ordered.error().describe();
    const std::string context = "round " + std::to_string(round) + " " + join(history.events);
    expect_consistent(*ordered, context);

    std::vector<std::string> shuffled = history.events;
    for (std::size_t i = shuffled.size(); i > 1; --i) {
      std::swap(shuffled[i - 1], shuffled[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(i) - 1))]);
    }
    auto reordered = compute_balance(program, testing::events_from(join(shuffled)), "c", as_of, "events");
    ASSERT_TRUE(reordered.ok());
    BalanceReport a = *ordered, b = *reordered;
    a.warnings.clear();  // warnings name arrival positions
    b.warnings.clear();
    ASSERT_EQ(render_balance_json(a, program), render_balance_json(b, program)) << context;
  }
}

TEST(Property, AnOpenLedgerFedInPiecesEndsWhereAReplayDoes) {
  Rng rng{4242};
  int balances_between = 0;
  int simulations = 0;
  for (int round = 0; round < kHistories; ++round) {
    const std::string program_text = random_program(rng);
    const Program program = testing::program_from(program_text);
    History history = random_history(rng);
    std::vector<Event> mine;
    for (Event& event : testing::events_from(join(history.events))) {
      if (event.customer == "c") mine.push_back(std::move(event));
    }
    std::stable_sort(mine.begin(), mine.end(), applies_before);
    const std::string context = "round " + std::to_string(round) + "\nprogram " + program_text + "\nevents " +
                                join(history.events);

    // Pieces in ledger order, each handed over shuffled; a balance between
    // pieces on a day no later than the next piece's first event.
    OpenLedger ledger(program, "c", "events");
    std::size_t at = 0;
    while (at < mine.size()) {
      const std::size_t size = static_cast<std::size_t>(rng.range(1, 8));
      std::vector<Event> piece(mine.begin() + static_cast<std::ptrdiff_t>(at),
                               mine.begin() + static_cast<std::ptrdiff_t>(std::min(mine.size(), at + size)));
      at += piece.size();
      for (std::size_t i = piece.size(); i > 1; --i) {
        std::swap(piece[i - 1], piece[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(i) - 1))]);
      }
      auto appended = ledger.append(std::move(piece));
      ASSERT_TRUE(appended.ok()) << appended.error().describe() << "\n" << context;
      if (at < mine.size() && rng.chance(40)) {
        const Date last = mine[at - 1].date();
        const Date next = mine[at].date();
        if (last <= next) {
          const Date between = last.plus_days(rng.range(0, next.days_since_epoch() - last.days_since_epoch()));
          ASSERT_TRUE(ledger.balance(between).ok()) << context;
          ++balances_between;
        }
      }
    }
    Date as_of = testing::day("2026-01-01").plus_days(rng.range(0, 700));
    if (!mine.empty()) as_of = std::max(as_of, mine.back().date());

    // A simulation on the open ledger is the replay's, and leaves the ledger as it was.
    auto cart = parse_cart("{\"id\":\"cart-" + std::to_string(round) + "\"," + random_purchase_body(rng) + "}",
                           program.currency, program.exchange_rates, as_of);
    ASSERT_TRUE(cart.ok()) << cart.error().describe();
    auto open_simulation = ledger.simulate(*cart, as_of);
    auto replay_simulation = simulate(program, testing::events_from(join(history.events)), "c", *cart, as_of, "events");
    ASSERT_EQ(open_simulation.ok(), replay_simulation.ok()) << context;
    if (open_simulation.ok()) {
      SimulationReport a = *open_simulation, b = *replay_simulation;
      a.warnings.clear();  // positions differ: the ledger's name the piece
      b.warnings.clear();
      ASSERT_EQ(render_simulation_json(a, program), render_simulation_json(b, program)) << context;
      ++simulations;
    }

    auto incremental = ledger.balance(as_of, true);
    ASSERT_TRUE(incremental.ok()) << incremental.error().describe() << "\n" << context;
    auto replay = compute_balance(program, testing::events_from(join(history.events)), "c", as_of, "events");
    ASSERT_TRUE(replay.ok()) << context;
    BalanceReport a = *incremental, b = *replay;
    a.warnings.clear();  // positions differ: the ledger's name the piece
    b.warnings.clear();
    ASSERT_EQ(render_balance_json(a, program), render_balance_json(b, program)) << context << "\nas of " << as_of.to_string();
  }
  EXPECT_GT(balances_between, kHistories / 2);
  EXPECT_GT(simulations, kHistories / 2);
}

}  // namespace
}  // namespace loyalty
