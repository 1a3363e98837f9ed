// SplitMix64: a tiny, well-distributed generator that gives the same numbers
// on every platform, so a seed reproduces a generated log or test case
// natively and as WebAssembly. Shared by the property tests and the log tool.
#pragma once

#include <cstdint>

namespace loyalty::testing {

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

}  // namespace loyalty::testing
