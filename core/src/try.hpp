// Early return on error, for Result and Status: the core's one way of
// passing an error up (no exception crosses its API).
#pragma once

#include <utility>

#define LOYALTY_CONCAT_(a, b) a##b
#define LOYALTY_CONCAT(a, b) LOYALTY_CONCAT_(a, b)

// Assigns the value of a Result to `target`, or returns its error.
#define LOYALTY_TRY(target, expression)                          \
  do {                                                           \
    auto loyalty_result_ = (expression);                         \
    if (!loyalty_result_) return std::move(loyalty_result_).error(); \
    target = std::move(*loyalty_result_);                        \
  } while (false)

// Declares `name` from the value of a Result, or returns its error.
#define LOYALTY_LET(name, expression)                                     \
  auto LOYALTY_CONCAT(name, _result) = (expression);                      \
  if (!LOYALTY_CONCAT(name, _result)) return std::move(LOYALTY_CONCAT(name, _result)).error(); \
  auto name = std::move(*LOYALTY_CONCAT(name, _result))

// Returns the error of a failed Status.
#define LOYALTY_CHECK(expression)                                \
  do {                                                           \
    auto loyalty_status_ = (expression);                         \
    if (!loyalty_status_) return std::move(loyalty_status_).error(); \
  } while (false)
