// libFuzzer: any bytes through the engine's JSON reader and through
// nlohmann/json; they must agree (tests/core/json_oracle.hpp). A
// disagreement aborts, so libFuzzer keeps the input as a crash.
#include <cstdio>
#include <cstdlib>

#include "../core/json_oracle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto difference = loyalty::json_oracle::difference(text)) {
    std::fprintf(stderr, "JSON readers disagree: %s\n", difference->c_str());
    std::abort();
  }
  return 0;
}
