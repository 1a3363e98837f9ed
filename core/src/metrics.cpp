#include "loyalty/metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "customer_ledger.hpp"
#include "loyalty/checked.hpp"
#include "text.hpp"

namespace loyalty {

namespace {

// Months from `from` to `to`.
std::int64_t months_between(const YearMonth& from, const YearMonth& to) {
  return (std::int64_t{to.year} - from.year) * 12 + to.month - from.month;
}

Date last_day_of(const YearMonth& month) {
  const YearMonth next = month.next();
  return Date{next.year, next.month, 1}.plus_days(-1);
}

// Whether a customer with these purchase days (ascending) is a customer on
// `day`: a purchase in the kCustomerActiveDays days ending on it.
bool customer_on(const std::vector<Date>& purchases, const Date& day) {
  const auto first = std::lower_bound(purchases.begin(), purchases.end(), day.plus_days(-(kCustomerActiveDays - 1)));
  return first != purchases.end() && !(day < *first);
}

PeriodRetention retention_of(std::string period, const Date& start, const Date& end,
                             const std::vector<std::vector<Date>>& customers) {
  PeriodRetention row{std::move(period), start, end};
  const Date eve = start.plus_days(-1);
  for (const std::vector<Date>& purchases : customers) {
    if (customer_on(purchases, eve)) ++row.customers_at_start;
    if (customer_on(purchases, end)) ++row.customers_at_end;
    if (!(purchases.front() < start) && !(end < purchases.front())) ++row.new_customers;
  }
  return row;
}

void add_customer_retention(Metrics& metrics, const YearMonth& first_month, const std::vector<std::vector<Date>>& customers) {
  const YearMonth last_month = metrics.as_of.year_month();
  for (YearMonth m = first_month; m <= last_month; m = m.next()) {
    metrics.customer_retention_months.push_back(
        retention_of(m.to_string(), Date{m.year, m.month, 1}, std::min(last_day_of(m), metrics.as_of), customers));
  }
  const auto quarter_start = [](const YearMonth& m) { return YearMonth{m.year, (m.month - 1) / 3 * 3 + 1}; };
  for (YearMonth q = quarter_start(first_month); q <= last_month; q = q.next().next().next()) {
    const YearMonth last{q.year, q.month + 2};
    std::string label = to_text(q.year) + "-Q" + to_text((q.month - 1) / 3 + 1);
    metrics.customer_retention_quarters.push_back(
        retention_of(std::move(label), Date{q.year, q.month, 1}, std::min(last_day_of(last), metrics.as_of), customers));
  }
}

}  // namespace

std::string Ratio::percent() const {
  if (denominator <= 0) return "0.00";
  __extension__ typedef __int128 Wide;
  const Wide hundredths = (static_cast<Wide>(numerator) * 10000 + denominator / 2) / denominator;
  return format_scaled(static_cast<std::int64_t>(hundredths), 2);
}

void NetPromoterScore::add(std::int64_t score) {
  ++responses;
  if (score >= 9) ++promoters;
  else if (score >= 7) ++passives;
  else ++detractors;
}

std::string NetPromoterScore::score() const {
  const std::int64_t difference = promoters - detractors;
  const std::string magnitude = Ratio{difference < 0 ? -difference : difference, responses}.percent();
  return difference < 0 ? "-" + magnitude : magnitude;
}

Result<Metrics> compute_metrics(const Program& program, std::vector<Event> events,
                                std::optional<Date> as_of, std::string_view source) {
  Metrics metrics;
  if (!as_of) {
    Date last{1970, 1, 1};
    for (const Event& event : events) last = std::max(last, event.date());
    as_of = last;
  }
  metrics.as_of = *as_of;

  std::unordered_map<std::string, std::vector<Event>> by_customer;
  for (Event& event : events) {
    if (event.date() > *as_of) continue;
    std::string customer = event.customer;
    by_customer[customer].push_back(std::move(event));
  }
  std::map<YearMonth, std::set<std::string>> active;  // buyers per month
  metrics.tier_customers.assign(program.tiers.levels.size(), 0);
  YearMonth first_month = as_of->year_month();
  for (const auto& [customer, list] : by_customer) {
    for (const Event& event : list) first_month = std::min(first_month, event.date().year_month());
  }
  for (YearMonth m = first_month; m <= as_of->year_month(); m = m.next()) metrics.membership.push_back(MonthMembership{m});
  std::vector<std::string> customers;
  customers.reserve(by_customer.size());
  for (const auto& [customer, list] : by_customer) customers.push_back(customer);
  std::sort(customers.begin(), customers.end());  // deterministic warnings order
  std::vector<std::vector<Date>> purchase_days;  // per customer with a purchase, ascending
  std::map<YearMonth, NetPromoterScore> nps_by_month;
  for (const Cause& cause : program.causes) metrics.giving.push_back(Giving{cause.id});

  for (const std::string& customer : customers) {
    std::vector<Event> ordered = prepare_events(std::move(by_customer[customer]), source, metrics.warnings);
    std::vector<Date> days;
    CustomerLedger ledger(program, std::string(source), LedgerOptions::totals());
    std::int64_t purchases = 0;
    // Month-end snapshots, taken as the customer's events pass each month's
    // end (settling expiry up to that day first); the last one is at as_of.
    std::size_t next_month = ordered.empty()
        ? metrics.membership.size()
        : static_cast<std::size_t>(months_between(first_month, ordered.front().date().year_month()));
    std::int64_t expired_before = 0;
    auto snapshot = [&]() -> bool {
      MonthMembership& row = metrics.membership[next_month++];
      ledger.settle(std::min(last_day_of(row.month), *as_of));
      ++row.members;
      if (ledger.live_total() > 0) ++row.holding_points;
      auto outstanding = checked_add(row.points_outstanding, ledger.live_total());
      auto expired = checked_add(row.points_expired, ledger.expired() - expired_before);
      if (!outstanding || !expired) return false;
      row.points_outstanding = *outstanding;
      row.points_expired = *expired;
      expired_before = ledger.expired();
      return true;
    };
    const Error month_overflow{ErrorCode::overflow, "", "a month's points outstanding exceed the int64 range"};
    for (const Event& event : ordered) {
      while (next_month < metrics.membership.size() && last_day_of(metrics.membership[next_month].month) < event.date()) {
        if (!snapshot()) return month_overflow;
      }
      if (auto status = ledger.apply(event); !status) return std::move(status).error();
      if (event.kind == EventKind::survey && !ledger.last_rejected()) {
        metrics.nps.add(event.score);
        nps_by_month[event.date().year_month()].add(event.score);
      }
      if (event.kind == EventKind::purchase) {
        ++purchases;
        days.push_back(event.date());
        active[event.date().year_month()].insert(customer);
        auto spend = checked_add(metrics.net_spend_minor, event.amount_minor);
        if (!spend) return Error{ErrorCode::overflow, "", "the log's total spend exceeds the int64 range"};
        metrics.net_spend_minor = *spend;
      } else {
        // What the ledger accepted as refunded lowers the spend (it never
        // refunds more than a purchase's amount, so this cannot wrap).
        metrics.net_spend_minor -= ledger.last_refund();
      }
    }
    while (next_month < metrics.membership.size()) {
      if (!snapshot()) return month_overflow;
    }
    BalanceReport report = ledger.report(customer, *as_of);
    auto earned = checked_add(metrics.points_earned, report.lifetime_earned);
    auto redeemed = checked_add(metrics.points_redeemed, report.redeemed);
    auto expired = checked_add(metrics.points_expired, report.expired);
    auto outstanding = checked_add(metrics.points_outstanding, report.available + report.pending);
    if (!earned || !redeemed || !expired || !outstanding) {
      return Error{ErrorCode::overflow, "", "the program's points total exceeds the int64 range"};
    }
    metrics.points_earned = *earned;
    metrics.points_redeemed = *redeemed;
    metrics.points_expired = *expired;
    metrics.points_outstanding = *outstanding;
    if (report.tier.enabled && purchases > 0) ++metrics.tier_customers[static_cast<std::size_t>(report.tier.rank)];
    for (std::size_t i = 0; i < report.giving.size(); ++i) {  // both in the program's cause order
      Giving& total = metrics.giving[i];
      total.donations += report.giving[i].donations;
      total.points += report.giving[i].points;
      total.donated_minor += report.giving[i].donated_minor;
      total.pledged_minor += report.giving[i].pledged_minor;
    }
    for (Warning& warning : ledger.warnings()) metrics.warnings.push_back(std::move(warning));
    if (purchases > 0) {
      ++metrics.customers;
      purchase_days.push_back(std::move(days));  // in order: the ledger applies events by date
    }
    if (purchases > 1) ++metrics.repeat_customers;
    metrics.purchases += purchases;
  }
  if (metrics.customers > 0) {
    metrics.average_clv_minor = (metrics.net_spend_minor + metrics.customers / 2) / metrics.customers;
  }
  metrics.liability_minor = program.value_of_points(metrics.points_outstanding);
  add_customer_retention(metrics, first_month, purchase_days);
  for (auto& [month, row] : nps_by_month) {
    row.period = month.to_string();
    metrics.nps_months.push_back(row);
  }

  if (!active.empty()) {
    YearMonth previous_month = active.begin()->first;
    for (YearMonth m = previous_month.next(); m <= active.rbegin()->first; previous_month = m, m = m.next()) {
      MonthRetention row{m, 0, 0};
      auto previous = active.find(previous_month);
      auto current = active.find(m);
      if (previous != active.end()) {
        row.previous_active = static_cast<std::int64_t>(previous->second.size());
        if (current != active.end()) {
          for (const auto& customer : previous->second) row.retained += current->second.count(customer);
        }
      }
      metrics.retention.push_back(row);
    }
  }
  return metrics;
}

}  // namespace loyalty
