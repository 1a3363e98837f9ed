// The "giving" object of a balance and of metrics: per program cause, what
// donations and the pledge gave, and the totals; null without causes.
#pragma once

#include <vector>

#include "json_writer.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/program.hpp"

namespace loyalty {

// `with_liability` adds, per cause, the points liability its donations
// settled (their points at the program's point value): for metrics.
inline void write_giving(json::Writer& w, const std::vector<Giving>& giving, const Program& program,
                         bool with_liability = false) {
  if (program.causes.empty()) {
    w.null();
    return;
  }
  const int exponent = program.currency.exponent;
  std::int64_t donated = 0;
  std::int64_t pledged = 0;
  for (const Giving& line : giving) {
    donated += line.donated_minor;
    pledged += line.pledged_minor;
  }
  w.begin_object()
      .money_field("given", donated + pledged, exponent)
      .money_field("donated", donated, exponent)
      .money_field("pledged", pledged, exponent);
  w.key("causes").begin_array();
  for (const Giving& line : giving) {
    const Cause* cause = program.find_cause(line.cause);
    w.begin_object()
        .field("cause", line.cause)
        .field("name", cause ? cause->name : line.cause)
        .field("donations", line.donations)
        .field("points", line.points)
        .money_field("donated", line.donated_minor, exponent)
        .money_field("pledged", line.pledged_minor, exponent)
        .money_field("given", line.donated_minor + line.pledged_minor, exponent);
    if (with_liability) w.money_field("liability_settled", program.value_of_points(line.points), exponent);
    w.end_object();
  }
  w.end_array().end_object();
}

}  // namespace loyalty
