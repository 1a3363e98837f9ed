// libFuzzer: any bytes as a CSV transaction log, through a statement.
#include "statement_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loyalty::fuzz::statement_of(data, size, loyalty::LogFormat::csv);
  return 0;
}
