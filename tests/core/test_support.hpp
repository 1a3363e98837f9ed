// Helpers shared by the core test files: fixtures and the shipped programs.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "loyalty/program.hpp"

namespace loyalty::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string fixture(const std::string& relative) {
  return read_text(std::string(LOYALTY_FIXTURES_DIR) + "/" + relative);
}

inline Program shipped_program(const std::string& name) {
  auto program = parse_program(read_text(std::string(LOYALTY_PROGRAMS_DIR) + "/" + name), name);
  EXPECT_TRUE(program.ok()) << (program.ok() ? "" : program.error().describe());
  return program.ok() ? std::move(program).value() : Program{};
}

inline const Program& classic() {
  static const Program program = shipped_program("classic.json");
  return program;
}

}  // namespace loyalty::testing

#include <vector>

#include "loyalty/event.hpp"
#include "loyalty/ledger.hpp"

namespace loyalty::testing {

inline Program program_from(const std::string& json_text) {
  auto program = parse_program(json_text, "program");
  EXPECT_TRUE(program.ok()) << (program.ok() ? "" : program.error().describe());
  return program.ok() ? std::move(program).value() : Program{};
}

inline std::vector<Event> events_from(const std::string& json_text, const Currency& currency = {"USD", 2},
                                      const ExchangeRates& rates = {}) {
  std::vector<Event> events;
  Status status = read_events(json_text, LogFormat::json, "events", currency, rates, [&](Event&& e) {
    events.push_back(std::move(e));
    return Status(Ok{});
  });
  EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().describe());
  return events;
}

inline Date day(const char* text) { return *parse_date(text); }

inline BalanceReport balance_of(const Program& program, const std::string& events_json, const char* as_of,
                                const std::string& customer = "c") {
  auto report = compute_balance(program, events_from(events_json, program.currency, program.exchange_rates), customer,
                                day(as_of), "events");
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().describe());
  return report.ok() ? std::move(report).value() : BalanceReport{};
}

}  // namespace loyalty::testing
