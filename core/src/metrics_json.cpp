// Merchant metrics as JSON (loyalty metrics, program.metrics).
#include <cstdio>

#include "giving_json.hpp"
#include "json_writer.hpp"
#include "loyalty/metrics.hpp"

namespace loyalty {

std::string render_metrics_json(const Metrics& metrics, const Program& program) {
  const int exponent = program.currency.exponent;
  json::Writer w;
  auto ratio = [&w](std::string_view name, const Ratio& r) {
    w.key(name)
        .begin_object()
        .field("numerator", r.numerator)
        .field("denominator", r.denominator)
        .field("percent", r.percent())
        .end_object();
  };
  w.begin_object()
      .field("program", program.id)
      .field("currency", program.currency.code)
      .field("as_of", metrics.as_of.to_string())
      .field("customers", metrics.customers)
      .field("purchases", metrics.purchases)
      .field("repeat_customers", metrics.repeat_customers);
  ratio("repeat_purchase_rate", metrics.repeat_rate());
  w.key("retention").begin_array();
  for (const MonthRetention& row : metrics.retention) {
    w.begin_object()
        .field("month", row.month.to_string())
        .field("previous_active", row.previous_active)
        .field("retained", row.retained)
        .field("percent", row.rate().percent())
        .end_object();
  }
  w.end_array();
  w.key("customer_retention").begin_object().field("active_days", kCustomerActiveDays);
  for (const auto& [name, rows] : {std::pair{"months", &metrics.customer_retention_months},
                                   std::pair{"quarters", &metrics.customer_retention_quarters}}) {
    w.key(name).begin_array();
    for (const PeriodRetention& row : *rows) {
      w.begin_object()
          .field("period", row.period)
          .field("start", row.start.to_string())
          .field("end", row.end.to_string())
          .field("customers_at_start", row.customers_at_start)
          .field("new_customers", row.new_customers)
          .field("customers_at_end", row.customers_at_end);
      ratio("rate", row.rate());
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  auto nps = [&](const NetPromoterScore& row) {
    w.field("responses", row.responses)
        .field("promoters", row.promoters)
        .field("passives", row.passives)
        .field("detractors", row.detractors)
        .field("score", row.score());
  };
  w.key("nps").begin_object();
  nps(metrics.nps);
  w.key("months").begin_array();
  for (const NetPromoterScore& row : metrics.nps_months) {
    w.begin_object().field("month", row.period);
    nps(row);
    w.end_object();
  }
  w.end_array().end_object();
  w.key("membership").begin_array();
  for (const MonthMembership& row : metrics.membership) {
    w.begin_object()
        .field("month", row.month.to_string())
        .field("members", row.members)
        .field("holding_points", row.holding_points)
        .field("holding_percent", row.holding_rate().percent())
        .field("points_outstanding", row.points_outstanding)
        .money_field("points_liability", program.value_of_points(row.points_outstanding), exponent)
        .field("points_expired", row.points_expired)
        .end_object();
  }
  w.end_array();
  w.money_field("net_spend", metrics.net_spend_minor, exponent)
      .money_field("average_customer_lifetime_value", metrics.average_clv_minor, exponent)
      .field("points_earned", metrics.points_earned)
      .field("points_redeemed", metrics.points_redeemed)
      .field("points_expired", metrics.points_expired)
      .field("points_outstanding", metrics.points_outstanding)
      .field("point_value", program.point_value_text())
      .money_field("points_liability", metrics.liability_minor, exponent);
  ratio("breakage", metrics.breakage());
  w.key("giving");
  write_giving(w, metrics.giving, program, true);
  w.key("tiers").begin_array();
  for (std::size_t i = 0; i < metrics.tier_customers.size(); ++i) {
    w.begin_object()
        .field("id", program.tiers.levels[i].id)
        .field("name", program.tiers.levels[i].name)
        .field("customers", metrics.tier_customers[i])
        .end_object();
  }
  w.end_array();
  w.key("warnings");
  json::write_warnings(w, metrics.warnings);
  w.end_object();
  return w.take();
}

}  // namespace loyalty
