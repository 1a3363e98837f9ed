// libFuzzer: any bytes as a JSON transaction log, through a statement.
#include "statement_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loyalty::fuzz::statement_of(data, size, loyalty::LogFormat::json);
  return 0;
}
