// Integer arithmetic that reports overflow instead of wrapping: money and
// points are int64, and a silent wrap would hand out (or take away) points.
#pragma once

#include <cstdint>
#include <optional>

namespace loyalty {

inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

inline std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_sub_overflow(a, b, &out)) return std::nullopt;
  return out;
}

inline std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

// 10^n for 0 <= n <= 18; nullopt beyond what int64 holds.
inline std::optional<std::int64_t> power_of_ten(int n) {
  if (n < 0 || n > 18) return std::nullopt;
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace loyalty
