#include "customer_ledger.hpp"

#include <algorithm>
#include <unordered_set>

#include "loyalty/checked.hpp"
#include "loyalty/rewards.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

__extension__ typedef __int128 Wide;

int kind_order(EventKind kind) {
  switch (kind) {
    case EventKind::purchase: return 0;
    case EventKind::tier_invitation:
    case EventKind::tier_revocation: return 2;
    case EventKind::adjustment: return 3;
    case EventKind::refund: return 4;
    case EventKind::redemption: return 5;
    case EventKind::cancellation: return 6;
    default: return 1;  // engagement events
  }
}

Error overflow(const std::string& where) {
  return Error{ErrorCode::overflow, where, "the customer's points would exceed the int64 range"};
}

}  // namespace

namespace {

// Keeps the first of events sharing an id (in arrival order), warns about
// the rest, and orders what it keeps as the ledger applies it. An element
// is an event or an event's address; `event_of` reads the event.
template <class Element, class EventOf>
std::vector<Element> in_ledger_order(std::vector<Element> events, EventOf event_of, std::string_view source,
                                     std::vector<Warning>& warnings) {
  std::unordered_map<std::string, std::size_t> first_seen;
  std::vector<Element> kept;
  kept.reserve(events.size());
  for (Element& element : events) {
    const Event& event = event_of(element);
    auto [it, inserted] = first_seen.try_emplace(event.id, kept.size());
    if (!inserted) {
      const Origin& earlier = event_of(kept[it->second]).origin;
      warnings.push_back(Warning{"duplicate_event", event.origin.describe(source),
                                 "event id " + quote_value(event.id, 60) + " was already read at " +
                                     earlier.describe(source) + "; counted once"});
      continue;
    }
    kept.push_back(std::move(element));
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [&](const Element& a, const Element& b) { return applies_before(event_of(a), event_of(b)); });
  return kept;
}

}  // namespace

std::vector<Event> prepare_events(std::vector<Event> events, std::string_view source,
                                  std::vector<Warning>& warnings) {
  return in_ledger_order(std::move(events), [](const Event& event) -> const Event& { return event; }, source,
                         warnings);
}

std::vector<const Event*> prepare_event_order(std::vector<const Event*> events, std::string_view source,
                                              std::vector<Warning>& warnings) {
  return in_ledger_order(std::move(events), [](const Event* event) -> const Event& { return *event; }, source,
                         warnings);
}

bool applies_before(const Event& a, const Event& b) {
  if (a.moment.utc_seconds != b.moment.utc_seconds) return a.moment.utc_seconds < b.moment.utc_seconds;
  if (kind_order(a.kind) != kind_order(b.kind)) return kind_order(a.kind) < kind_order(b.kind);
  return a.id < b.id;
}

CustomerLedger::CustomerLedger(const Program& program, std::string source, LedgerOptions options)
    : program_(program), source_(std::move(source)), options_(options), tier_(program.tiers) {}

MonthActivity& CustomerLedger::month(const Date& date) {
  const YearMonth key = date.year_month();
  auto [it, inserted] = history_.try_emplace(key, MonthActivity{key, 0, 0, 0, 0});
  return it->second;
}

LedgerEntry* CustomerLedger::add_entry(EntryKind kind, const Event& event) {
  if (!options_.include_entries) return nullptr;
  LedgerEntry& entry = entries_.emplace_back();
  entry.kind = kind;
  entry.event_id = event.id;
  entry.event = event.kind;
  entry.date = event.date();
  return &entry;
}

void CustomerLedger::reject(const Event& event, std::string code, std::string message) {
  last_rejected_ = true;
  const std::string where = event.origin.describe(source_);
  if (LedgerEntry* entry = add_entry(EntryKind::rejected, event)) {
    entry->code = code;
    entry->message = message;
  }
  warnings_.push_back(Warning{std::move(code), where,
                              std::string(event_kind_name(event.kind)) + " " + quote_value(event.id, 60) +
                                  " was rejected: " + std::move(message)});
}

void CustomerLedger::expire_lot(Lot& lot, const Date& on) {
  if (lot.remaining <= 0) return;
  const std::int64_t points = lot.remaining;
  lot.expired += points;
  lot.remaining = 0;
  live_total_ -= points;
  expired_ += points;
  month(on).expired += points;
  if (options_.include_entries) {
    if (!entries_.empty() && entries_.back().kind == EntryKind::expire && entries_.back().date == on) {
      entries_.back().points -= points;
    } else {
      LedgerEntry entry;
      entry.kind = EntryKind::expire;
      entry.date = on;
      entry.points = -points;
      entries_.push_back(std::move(entry));
    }
  }
}

void CustomerLedger::settle(const Date& date) {
  const Expiry& expiry = program_.expiry;
  if (expiry.policy == ExpiryPolicy::never) return;
  if (expiry.policy == ExpiryPolicy::inactivity_days) {
    if (!last_activity_) return;
    const Date due = last_activity_->plus_days(expiry.days);
    if (due > date) return;
    for (std::size_t i = first_live_; i < lots_.size(); ++i) expire_lot(lots_[i], due);
    first_live_ = lots_.size();
    wiped_before_ = lots_.size();
    return;
  }
  // Lots expire in the order they were earned.
  for (std::size_t i = first_live_; i < lots_.size(); ++i) {
    Lot& lot = lots_[i];
    if (!lot.expires_on || *lot.expires_on > date) break;
    expire_lot(lot, *lot.expires_on);
  }
  skip_empty_lots();
}

std::int64_t CustomerLedger::available_at(const Date& date) const {
  std::int64_t pending = 0;
  for (std::size_t i = lots_.size(); i > first_live_; --i) {
    const Lot& lot = lots_[i - 1];
    if (lot.available_from <= date) break;
    pending += lot.remaining;
  }
  return live_total_ - pending;
}

Result<std::size_t> CustomerLedger::earn(const Event& event, std::int64_t points) {
  Lot lot;
  lot.event_id = event.id;
  lot.earned = event.date();
  lot.available_from = event.date().plus_days(program_.pending_days);
  if (program_.expiry.policy == ExpiryPolicy::after_days) {
    lot.expires_on = event.date().plus_days(program_.expiry.days);
  } else if (program_.expiry.policy == ExpiryPolicy::end_of_year) {
    lot.expires_on = Date{event.date().year + 1 + static_cast<int>(program_.expiry.grace_years), 1, 1};
  }
  lot.points = points;
  const std::int64_t repaid = std::min(owed_, points);  // debt from clawbacks is paid first
  owed_ -= repaid;
  lot.remaining = points - repaid;
  last_repaid_ = repaid;
  auto live = checked_add(live_total_, lot.remaining);
  auto lifetime = checked_add(lifetime_earned_, points);
  if (!live || !lifetime) return overflow(event.origin.describe(source_));
  live_total_ = *live;
  lifetime_earned_ = *lifetime;
  month(event.date()).earned += points;
  lots_.push_back(std::move(lot));
  return lots_.size() - 1;
}

std::int64_t CustomerLedger::consume(std::int64_t points, const Date& date, bool available_only,
                                     std::vector<std::pair<std::size_t, std::int64_t>>* shares) {
  std::int64_t taken = 0;
  for (std::size_t i = first_live_; i < lots_.size() && taken < points; ++i) {
    Lot& lot = lots_[i];
    if (available_only && lot.available_from > date) break;  // later lots are pending too
    const std::int64_t take = std::min(lot.remaining, points - taken);
    lot.remaining -= take;
    taken += take;
    if (shares && take > 0) shares->emplace_back(i, take);
  }
  live_total_ -= taken;
  skip_empty_lots();
  return taken;
}

void CustomerLedger::skip_empty_lots() {
  while (first_live_ < lots_.size() && lots_[first_live_].remaining == 0) ++first_live_;
}

Status CustomerLedger::apply(const Event& event, Award* award) {
  settle(event.date());
  last_refund_ = 0;
  last_rejected_ = false;
  switch (event.kind) {
    case EventKind::purchase: return apply_purchase(event, award);
    case EventKind::refund: return apply_refund(event, award);
    case EventKind::adjustment: return apply_adjustment(event);
    case EventKind::redemption: return apply_redemption(event);
    case EventKind::cancellation: return apply_cancellation(event);
    case EventKind::tier_invitation:
    case EventKind::tier_revocation: apply_tier_change(event); return Ok{};
    default: return apply_engagement(event, award);
  }
}

Status CustomerLedger::apply_purchase(const Event& event, Award* out) {
  PurchaseContext context;
  context.rank = tier_.rank_at(event.date());
  context.previous_purchase = last_purchase_;
  context.decide_surprise = decide_surprise_;
  auto award = award_purchase(program_, event, context, possible_);
  if (!award) return located(std::move(award).error(), event.origin.describe(source_));

  last_repaid_ = 0;
  PurchaseRecord record;
  record.amount = event.amount_minor;
  record.currency = event.currency;
  record.charged = event.currency.empty() ? event.amount_minor : event.charged_minor;
  record.eligible = award->eligible_spend_minor;
  record.awarded = award->points;
  if (award->points > 0) {
    auto lot = earn(event, award->points);
    if (!lot) return std::move(lot).error();
    record.lot = *lot;
  }
  if (program_.tiers.enabled()) {
    const std::int64_t qualifying =
        program_.tiers.basis == TierBasis::points ? award->points : std::max<std::int64_t>(record.eligible, 0);
    record.contribution = tier_.add(event.date(), qualifying);
  }
  if (program_.pledge.enabled && record.eligible > 0) {
    record.pledged = static_cast<std::int64_t>((static_cast<Wide>(record.eligible) * program_.pledge.percent_e2 + 5000) / 10000);
    giving_[program_.pledge.cause].pledged_minor += record.pledged;
  }
  purchases_.emplace(event.id, record);
  last_purchase_ = event.date();
  note_activity(event.date());
  if (LedgerEntry* entry = add_entry(EntryKind::earn, event)) {
    entry->points = award->points - last_repaid_;
    entry->owed = -last_repaid_;
    entry->breakdown = award->breakdown;
    entry->in_store = event.in_store;
    if (const ForeignCurrency* foreign = program_.exchange_rates.find(event.currency)) {
      entry->message = "paid " + format_scaled(event.charged_minor, foreign->currency.exponent) + " " + event.currency +
                       ", " + format_scaled(event.amount_minor, program_.currency.exponent) + " " +
                       program_.currency.code;
    }
  }
  if (out) *out = std::move(*award);
  return Ok{};
}

Status CustomerLedger::apply_engagement(const Event& event, Award* out) {
  if (event.kind == EventKind::survey && program_.survey.enabled) {
    // Asked at most once per period: a second answer in it earns nothing
    // and is not counted in the Net Promoter Score.
    if (last_survey_ && program_.survey.period_start(*last_survey_) == program_.survey.period_start(event.date())) {
      reject(event, "survey_already_answered",
             "a survey was already answered on " + last_survey_->to_string() + "; the next can be answered from " +
                 program_.survey.next_period_start(event.date()).to_string());
      return Ok{};
    }
  }
  if (event.kind == EventKind::survey) last_survey_ = event.date();
  const int rank = tier_.rank_at(event.date());
  last_repaid_ = 0;
  Award award;
  const std::int64_t day = event.date().days_since_epoch();
  const YearMonth ym = event.date().year_month();
  const int year = event.date().year;
  for (const EarnRule* rule : select_rules(program_, EarnKind::event, rank, [&](const EarnRule& r) {
         return r.event == event.kind && (r.event != EventKind::custom || r.event_name == event.reference);
       })) {
    CapCounter& counter = caps_[rule->id];
    const Caps& caps = rule->caps;
    const bool capped = (caps.lifetime && counter.lifetime >= caps.lifetime) ||
                        (caps.per_year && counter.per_year[year] >= caps.per_year) ||
                        (caps.per_month && counter.per_month[ym] >= caps.per_month) ||
                        (caps.per_day && counter.per_day[day] >= caps.per_day);
    if (capped) {
      award.capped.push_back(rule->id);
      continue;
    }
    ++counter.lifetime;
    ++counter.per_year[year];
    ++counter.per_month[ym];
    ++counter.per_day[day];
    award.points += rule->points;
    if (rule->points != 0) award.breakdown.push_back(AwardLine{rule->id, rule->points});
  }
  if (award.points > 0) {
    auto lot = earn(event, award.points);
    if (!lot) return std::move(lot).error();
    if (program_.tiers.enabled() && program_.tiers.basis == TierBasis::points) {
      tier_.add(event.date(), award.points);
    }
  }
  note_activity(event.date());
  if (LedgerEntry* entry = add_entry(EntryKind::earn, event)) {
    entry->points = award.points - last_repaid_;
    entry->owed = -last_repaid_;
    entry->breakdown = award.breakdown;
    if (!award.capped.empty()) {
      entry->code = "capped";
      entry->message = "cap reached for: " + award.capped.front();
      for (std::size_t i = 1; i < award.capped.size(); ++i) entry->message += ", " + award.capped[i];
    }
  }
  if (out) *out = std::move(award);
  return Ok{};
}

Status CustomerLedger::apply_adjustment(const Event& event) {
  std::int64_t change = 0;
  std::int64_t owed_change = 0;
  if (event.points > 0) {
    last_repaid_ = 0;
    auto lot = earn(event, event.points);
    if (!lot) return std::move(lot).error();
    if (event.qualifying && program_.tiers.enabled() && program_.tiers.basis == TierBasis::points) {
      tier_.add(event.date(), event.points);
    }
    change = event.points - last_repaid_;
    owed_change = -last_repaid_;
  } else {
    // A debit takes what the customer has; the rest is owed from future points.
    const std::int64_t wanted = -event.points;
    const std::int64_t taken = consume(wanted, event.date(), false);
    auto owed = checked_add(owed_, wanted - taken);
    if (!owed) return overflow(event.origin.describe(source_));
    owed_ = *owed;
    clawed_back_ += wanted;
    month(event.date()).clawed_back += wanted;
    change = -taken;
    owed_change = wanted - taken;
  }
  if (LedgerEntry* entry = add_entry(EntryKind::adjust, event)) {
    entry->points = change;
    entry->owed = owed_change;
  }
  return Ok{};
}

Status CustomerLedger::apply_redemption(const Event& event) {
  const Reward* reward = program_.find_reward(event.reference);
  if (!reward) {
    reject(event, "unknown_reward", "the program has no reward " + quote_value(event.reference, 60));
    return Ok{};
  }
  RedemptionRequest request;
  if (event.has_points) request.points = event.points;
  if (event.has_order) request.order_minor = event.order_minor;
  request.cause = event.cause;
  const RedemptionDecision decision =
      decide_redemption(program_, *reward, tier_.rank_at(event.date()), available_at(event.date()), request);
  if (!decision.ok()) {
    reject(event, decision.code, decision.message);
    return Ok{};
  }
  const std::int64_t cost = decision.cost;
  const std::int64_t discount = decision.discount_minor;
  RedemptionRecord record{reward->id, decision.cause, discount, event.date(), {}, false};
  consume(cost, event.date(), true, &record.taken);
  if (!decision.cause.empty()) {
    Giving& given = giving_[decision.cause];
    ++given.donations;
    given.points += cost;
    given.donated_minor += discount;
  }
  redemptions_.insert_or_assign(event.id, std::move(record));
  redeemed_ += cost;
  month(event.date()).redeemed += cost;
  note_activity(event.date());
  if (LedgerEntry* entry = add_entry(EntryKind::redeem, event)) {
    entry->points = -cost;
    entry->reward = reward->id;
    entry->discount_minor = discount;
    entry->cause = decision.cause;
  }
  return Ok{};
}

bool CustomerLedger::lot_expired(std::size_t index, const Date& date) const {
  if (index < wiped_before_) return true;
  const Lot& lot = lots_[index];
  return lot.expires_on && *lot.expires_on <= date;
}

// The redemption's points go back to the lots they came from, so they keep
// the expiry they had: points whose lot has expired meanwhile expire on the
// cancellation's day, as they would have. Returned points pay any debt
// first, like every credit. The redemption no longer counts as redeemed.
Status CustomerLedger::apply_cancellation(const Event& event) {
  auto found = redemptions_.find(event.reference);
  if (found == redemptions_.end()) {
    reject(event, "unknown_redemption",
           "no earlier redemption " + quote_value(event.reference, 60) + " of this customer went through");
    return Ok{};
  }
  RedemptionRecord& redemption = found->second;
  if (redemption.cancelled) {
    reject(event, "already_cancelled",
           "redemption " + quote_value(event.reference, 60) + " was already cancelled; its points came back then");
    return Ok{};
  }
  redemption.cancelled = true;
  std::int64_t returned = 0;
  std::int64_t repaid = 0;
  std::vector<std::size_t> dead;
  for (const auto& [index, points] : redemption.taken) {
    Lot& lot = lots_[index];
    returned += points;
    if (lot_expired(index, event.date())) {
      lot.remaining += points;
      live_total_ += points;
      dead.push_back(index);
      continue;
    }
    const std::int64_t repay = std::min(owed_, points);
    owed_ -= repay;
    repaid += repay;
    lot.remaining += points - repay;
    live_total_ += points - repay;
    first_live_ = std::min(first_live_, index);
  }
  redeemed_ -= returned;
  month(redemption.date).redeemed -= returned;
  if (!redemption.cause.empty()) {  // a donation taken back is no longer given
    Giving& given = giving_[redemption.cause];
    --given.donations;
    given.points -= returned;
    given.donated_minor -= redemption.discount;
  }
  note_activity(event.date());
  if (LedgerEntry* entry = add_entry(EntryKind::cancel, event)) {
    entry->points = returned - repaid;
    entry->owed = -repaid;
    entry->reward = redemption.reward;
    entry->discount_minor = redemption.discount;
    entry->cause = redemption.cause;
    entry->message = "cancels redemption " + quote_value(event.reference, 60);
  }
  for (std::size_t index : dead) expire_lot(lots_[index], event.date());
  return Ok{};
}

Status CustomerLedger::apply_refund(const Event& event, Award* award) {
  auto found = purchases_.find(event.reference);
  if (found == purchases_.end()) {
    reject(event, "unknown_purchase",
           "no earlier purchase " + quote_value(event.reference, 60) + " of this customer");
    return Ok{};
  }
  PurchaseRecord& purchase = found->second;
  // A refund is in its purchase's currency, and so takes back the same share
  // of it whatever the rates did since: proportions below are in that currency.
  if (event.currency != purchase.currency) {
    const std::string& paid = purchase.currency.empty() ? program_.currency.code : purchase.currency;
    reject(event, "refund_currency",
           "purchase " + quote_value(event.reference, 60) + " was paid in " + paid + "; refund it in " + paid +
               (purchase.currency.empty() ? " (give no currency)" : " (\"currency\": \"" + paid + "\")"));
    return Ok{};
  }
  const ForeignCurrency* foreign = purchase.currency.empty() ? nullptr : program_.exchange_rates.find(purchase.currency);
  const int exponent = foreign ? foreign->currency.exponent : program_.currency.exponent;
  const std::string unit = foreign ? " " + purchase.currency : "";
  const std::int64_t left = purchase.charged - purchase.refunded;
  const std::int64_t amount = event.has_amount ? event.amount_minor : left;
  if (amount > left) {
    reject(event, "refund_exceeds_purchase",
           "refunds " + format_scaled(amount, exponent) + unit + " but only " + format_scaled(left, exponent) + unit +
               " of the purchase is left to refund");
    return Ok{};
  }
  if (amount <= 0) {
    reject(event, "refund_exceeds_purchase", "the purchase is already refunded in full");
    return Ok{};
  }
  // Cumulative proportions, so partial refunds add up to exactly the award.
  const std::int64_t refunded = purchase.refunded + amount;
  // The share of `whole` that `refunded` of the purchase's charged total is.
  auto share = [&](std::int64_t whole) {
    return purchase.charged == 0 ? whole
                                 : static_cast<std::int64_t>(static_cast<Wide>(whole) * refunded / purchase.charged);
  };
  const std::int64_t claw_total = share(purchase.awarded);
  const std::int64_t claw = claw_total - purchase.clawed;
  const std::int64_t spend_total = share(std::max<std::int64_t>(purchase.eligible, 0));
  const std::int64_t spend_removed = spend_total - purchase.spend_removed;
  const std::int64_t value_total = share(purchase.amount);
  if (purchase.pledged > 0) {
    const std::int64_t pledge_total = share(purchase.pledged);
    giving_[program_.pledge.cause].pledged_minor -= pledge_total - purchase.pledge_removed;
    purchase.pledge_removed = pledge_total;
  }
  purchase.refunded = refunded;
  last_refund_ = value_total - purchase.value_refunded;  // in the program's currency
  purchase.value_refunded = value_total;
  purchase.clawed = claw_total;
  purchase.spend_removed = spend_total;
  if (award) award->points = -claw;  // the refund's share of the award, expired part included

  // Take the points back: first from the purchase's own lot; points of it
  // that already expired are gone and not taken twice; the rest (points the
  // customer already spent) from other lots, and what is not there is owed.
  std::int64_t taken = 0;
  std::int64_t waived = 0;
  std::int64_t rest = claw;
  if (purchase.lot) {
    Lot& lot = lots_[*purchase.lot];
    const std::int64_t own = std::min(lot.remaining, rest);
    lot.remaining -= own;
    live_total_ -= own;
    taken += own;
    rest -= own;
    waived = std::min(lot.expired, rest);
    lot.expired -= waived;
    rest -= waived;
  }
  const std::int64_t other = consume(rest, event.date(), false);
  taken += other;
  rest -= other;
  owed_ += rest;
  clawed_back_ += claw - waived;
  lifetime_earned_ -= claw;
  month(event.date()).clawed_back += claw - waived;
  if (purchase.contribution) {
    tier_.reduce(*purchase.contribution,
                 program_.tiers.basis == TierBasis::points ? claw : spend_removed);
  }
  if (LedgerEntry* entry = add_entry(EntryKind::clawback, event)) {
    entry->points = -taken;
    entry->owed = rest;
    entry->message = "refund of " + format_scaled(amount, exponent) + unit + " on purchase " +
                     quote_value(event.reference, 60);
  }
  return Ok{};
}

void CustomerLedger::apply_tier_change(const Event& event) {
  if (event.kind == EventKind::tier_invitation) {
    const int rank = program_.tiers.rank_of(event.reference);
    if (rank < 0) {
      reject(event, "unknown_level", "the program has no tier level " + quote_value(event.reference, 60));
      return;
    }
    tier_.invite(rank);
  } else {
    tier_.revoke();
  }
  if (LedgerEntry* entry = add_entry(EntryKind::tier, event)) {
    entry->message = event.kind == EventKind::tier_invitation ? "invited to " + event.reference : "invitation revoked";
  }
}

TierStatus CustomerLedger::tier_status(const Date& as_of) {
  TierStatus status;
  if (!program_.tiers.enabled()) return status;
  status.enabled = true;
  status.rank = tier_.rank_at(as_of);
  status.window_total = tier_.window_total();
  const TierLevel& level = program_.tiers.levels[static_cast<std::size_t>(status.rank)];
  status.id = level.id;
  status.name = level.name;
  status.multiplier_e4 = level.multiplier_e4;
  status.perks = level.perks;
  status.invited = tier_.invited_rank() == status.rank;
  for (std::size_t i = static_cast<std::size_t>(status.rank) + 1; i < program_.tiers.levels.size(); ++i) {
    const TierLevel& next = program_.tiers.levels[i];
    if (next.invitation_only) continue;
    status.next_id = next.id;
    status.next_name = next.name;
    status.next_needed = std::max<std::int64_t>(0, next.threshold - status.window_total);
    break;
  }
  return status;
}

BalanceReport CustomerLedger::report(const std::string& customer, const Date& as_of, bool with_entries) {
  Standing now = standing(as_of);
  BalanceReport out;
  out.customer = customer;
  out.as_of = as_of;
  out.available = now.available;
  out.pending = now.pending;
  out.tier = std::move(now.tier);
  out.lifetime_earned = lifetime_earned_;
  out.redeemed = redeemed_;
  out.expired = expired_;
  out.clawed_back = clawed_back_;
  out.owed = owed_;
  if (program_.survey.enabled) {
    SurveyStatus survey;
    survey.last = last_survey_;
    survey.due = !last_survey_ || program_.survey.period_start(*last_survey_) < program_.survey.period_start(as_of);
    if (!survey.due) survey.next = program_.survey.next_period_start(*last_survey_);
    out.survey = survey;
  }
  const Date horizon = as_of.plus_days(options_.expiring_horizon_days);
  if (program_.expiry.policy == ExpiryPolicy::inactivity_days) {
    if (last_activity_ && live_total_ > 0) {
      const Date due = last_activity_->plus_days(program_.expiry.days);
      if (due <= horizon) out.expiring.push_back(ExpiringPoints{due, live_total_});
    }
  } else {
    for (std::size_t i = first_live_; i < lots_.size(); ++i) {
      const Lot& lot = lots_[i];
      if (!lot.expires_on || *lot.expires_on > horizon) break;
      if (lot.remaining == 0) continue;
      if (!out.expiring.empty() && out.expiring.back().date == *lot.expires_on) {
        out.expiring.back().points += lot.remaining;
      } else {
        out.expiring.push_back(ExpiringPoints{*lot.expires_on, lot.remaining});
      }
    }
  }
  for (const auto& [key, activity] : history_) out.history.push_back(activity);
  for (const Cause& cause : program_.causes) {
    auto found = giving_.find(cause.id);
    Giving line = found == giving_.end() ? Giving{} : found->second;
    line.cause = cause.id;
    out.giving.push_back(std::move(line));
  }
  if (with_entries) out.entries = entries_;
  out.warnings = warnings_;
  return out;
}

CustomerLedger::Standing CustomerLedger::standing(const Date& as_of) {
  settle(as_of);
  Standing out;
  out.available = available_at(as_of);
  out.pending = live_total_ - out.available;
  out.tier = tier_status(as_of);
  return out;
}

CustomerLedger CustomerLedger::trial_copy() {
  // What the trial does not need steps aside while the rest is copied, and
  // comes back even if the copy runs out of memory.
  struct Aside {
    CustomerLedger& ledger;
    std::vector<LedgerEntry> entries;
    std::map<YearMonth, MonthActivity> history;
    std::unordered_map<std::string, PurchaseRecord> purchases;
    std::unordered_map<std::string, RedemptionRecord> redemptions;
    ~Aside() {
      ledger.entries_ = std::move(entries);
      ledger.history_ = std::move(history);
      ledger.purchases_ = std::move(purchases);
      ledger.redemptions_ = std::move(redemptions);
    }
  } aside{*this, std::move(entries_), std::move(history_), std::move(purchases_), std::move(redemptions_)};
  entries_.clear();
  history_.clear();
  purchases_.clear();
  redemptions_.clear();
  CustomerLedger copy(*this);
  copy.options_ = LedgerOptions::totals();
  return copy;
}

}  // namespace loyalty
