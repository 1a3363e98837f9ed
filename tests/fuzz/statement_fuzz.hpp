// Shared by the log fuzzers: the classic and a tiered program, and a
// statement over the input in the given format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "loyalty/program.hpp"
#include "loyalty/statement.hpp"

namespace loyalty::fuzz {

inline const Program& classic() {
  static const Program program = *parse_program(R"({"id":"c","currency":"USD","earn":[{"type":"spend_bands","id":"b",
    "bands":[{"above":50,"points_per_unit":1},{"above":100,"points_per_unit":2}]}]})");
  return program;
}

inline const Program& tiered() {
  static const Program program = *parse_program(R"({"id":"t","currency":"USD","pending_days":3,
    "expiry":{"policy":"after_days","days":30},"earn":[{"type":"per_unit","id":"base","points_per_unit":"1.5"},
    {"type":"comeback","id":"back","points":5,"within_days":10},{"type":"surprise","id":"s","points":7,"one_in":3},
    {"type":"event","id":"bday","event":"birthday","points":100},
    {"type":"event","id":"nps","event":"survey","points":3}],"survey":{"every":"month"},
    "exchange_rates":{"EUR":[{"rate":"1.085"},{"from":"2026-03-01","rate":"1.1"}],"JPY":"0.0067","KWD":"3.25"},
    "tiers":{"window":"rolling_12_months","downgrade":"end_of_window","levels":[{"id":"a","threshold":0},
    {"id":"b","threshold":100,"retention":50,"multiplier":2}]},
    "causes":[{"id":"a"},{"id":"b"}],"pledge":{"cause":"a","percent":"2.5"},
    "rewards":[{"id":"r","type":"amount_off","cost":10,"value":"1.00"},{"id":"p","type":"points_to_discount","cost":5,"value":"0.05"},
    {"id":"g","type":"donation","cost":3,"value":"0.50"}]})");
  return program;
}

inline void statement_of(const std::uint8_t* data, std::size_t size, LogFormat format) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  StatementOptions options;
  options.from = YearMonth{2020, 1};
  options.to = YearMonth{2030, 12};
  for (const Program* program : {&classic(), &tiered()}) {
    auto statement = compute_statement(*program, text, format, "fuzz");
    if (statement.ok()) (void)render_statement_json(*statement);
    auto ranged = compute_statement(*program, text, format, "fuzz", options);
    if (ranged.ok()) (void)render_statement_json(*ranged);
  }
}

}  // namespace loyalty::fuzz
