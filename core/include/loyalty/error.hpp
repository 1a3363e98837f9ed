// Errors as values: the engine never lets an exception cross its API, so the
// same code behaves identically natively and as WebAssembly (where a throw
// aborts the module by default) and bindings can map codes to typed errors.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace loyalty {

// Stable identifiers: bindings and the CLI expose these strings, so a code is
// never renamed once shipped.
enum class ErrorCode {
  io,                 // a file could not be read
  json_syntax,        // malformed or truncated JSON
  json_too_deep,      // nesting beyond the parser's limit
  duplicate_key,      // the same key twice in one JSON object
  wrong_type,         // a value of the wrong JSON type
  missing_field,      // a required field is absent
  invalid_value,      // a value of the right type but not allowed
  invalid_amount,     // not an exact decimal amount
  amount_out_of_range,
  invalid_date,
  csv_header,
  csv_row,
  invalid_utf8,
  overflow,           // a computed figure would leave the int64 range
  invalid_program,
  usage,
  out_of_order,       // an open ledger was given an event or date before what it holds
  unsupported,        // work this build of the engine leaves out (the widget's: CSV logs)
};

std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string where;    // "file:line", "file: [3].amount", "earn[0].bands[1]"
  std::string message;  // what is wrong, for a person

  // "where: message", or just the message when there is no location.
  std::string describe() const;
};

// Something a computation noticed and went on past (a duplicate, a rejected
// event): reported beside the result, never instead of it.
struct Warning {
  std::string code;  // stable: "duplicate_transaction", "negative_amount", "warnings_truncated"
  std::string where;
  std::string message;
};

// Prefixes a location onto an error raised deeper down:
// "classic.json" + "earn[0].id" -> "classic.json: earn[0].id".
Error located(Error error, std::string_view outer);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace loyalty
