// libFuzzer: any bytes as a program document. Must never crash, leak or
// trip a sanitizer; a program that parses must describe itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "loyalty/program.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto program = loyalty::parse_program(text, "fuzz");
  if (program.ok()) {
    (void)loyalty::render_ways_to_earn_json(*program);
    (void)program->points_for_purchase(12345);
  } else {
    (void)program.error().describe();
  }
  return 0;
}
