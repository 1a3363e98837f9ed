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
