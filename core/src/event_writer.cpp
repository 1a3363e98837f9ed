// Events back as JSON, in the shape read_events reads: reading the output
// again gives the same events (same dates as written, same instants), so a
// caller that needs one customer's events (the studio's preview) gets them
// from the engine's own readers rather than splitting a log itself.
#include "json_writer.hpp"
#include "loyalty/event.hpp"
#include "text.hpp"

namespace loyalty {

std::string format_moment(const Moment& moment) {
  const std::int64_t midnight = moment.date.days_since_epoch() * 86400;
  if (moment.utc_seconds == midnight) return moment.date.to_string();
  // Any offset that puts the instant on the date as written reads back the
  // same: UTC when it does, else the smallest whole number of hours that does
  // (which gives back the original for New York's -05:00 at 23:30, say).
  std::int64_t offset = 0;
  if (moment.utc_seconds < midnight) {
    offset = (midnight - moment.utc_seconds + 3599) / 3600 * 3600;
  } else if (moment.utc_seconds > midnight + 86399) {
    offset = -((moment.utc_seconds - (midnight + 86399) + 3599) / 3600 * 3600);
  }
  const std::int64_t local = moment.utc_seconds + offset - midnight;
  auto two = [](std::int64_t n) { return std::string(n < 10 ? "0" : "") + to_text(n); };
  std::string text = moment.date.to_string() + "T" + two(local / 3600) + ":" + two(local / 60 % 60) + ":" + two(local % 60);
  if (offset == 0) return text + "Z";
  const std::int64_t minutes = (offset < 0 ? -offset : offset) / 60;
  return text + (offset < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60);
}

std::string render_events_json(const std::vector<Event>& events, const Currency& currency,
                               const ExchangeRates& rates) {
  json::Writer w;
  w.begin_array();
  for (const Event& event : events) {
    const ForeignCurrency* foreign = event.currency.empty() ? nullptr : rates.find(event.currency);
    const int exponent = currency.exponent;
    const int paid_exponent = foreign ? foreign->currency.exponent : exponent;
    w.begin_object()
        .field("id", event.id)
        .field("customer", event.customer)
        .field("type", event_kind_name(event.kind))
        .field("date", format_moment(event.moment));
    if (foreign) w.field("currency", event.currency);
    switch (event.kind) {
      case EventKind::purchase:
        if (event.in_store) w.field("channel", "store");
        if (event.has_amount) {
          w.money_field("amount", foreign ? event.charged_minor : event.amount_minor, paid_exponent);
        }
        if (!event.items.empty()) {
          w.key("items").begin_array();
          for (std::size_t i = 0; i < event.items.size(); ++i) {
            const Item& item = event.items[i];
            w.begin_object().field("sku", item.sku);
            if (!item.category.empty()) w.field("category", item.category);
            w.money_field("price", foreign ? event.charged_prices[i] : item.price_minor, paid_exponent)
                .field("quantity", item.quantity)
                .end_object();
          }
          w.end_array();
        }
        break;
      case EventKind::refund:
        w.field("purchase", event.reference);
        if (event.has_amount) w.money_field("amount", event.amount_minor, paid_exponent);
        break;
      case EventKind::adjustment:
        w.field("points", event.points).field("qualifying", event.qualifying);
        break;
      case EventKind::redemption:
        w.field("reward", event.reference);
        if (!event.cause.empty()) w.field("cause", event.cause);
        if (event.has_points) w.field("points", event.points);
        if (event.has_order) w.money_field("order_amount", event.order_minor, exponent);
        break;
      case EventKind::custom:
        w.field("name", event.reference);
        break;
      case EventKind::cancellation:
        w.field("redemption", event.reference);
        break;
      case EventKind::tier_invitation:
        w.field("level", event.reference);
        break;
      case EventKind::survey:
        w.field("score", event.score);
        if (!event.comment.empty()) w.field("comment", event.comment);
        break;
      default:
        break;
    }
    w.end_object();
  }
  w.end_array();
  return w.take();
}

}  // namespace loyalty
