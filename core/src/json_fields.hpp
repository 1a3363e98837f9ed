// Typed reads of one JSON object's fields, each failure naming its path
// ("earn[0].bands[1].above", "[12].amount"). The one field reader that the
// program, event, cart and transaction readers share (private to core/src).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "json_reader.hpp"
#include "loyalty/date.hpp"
#include "loyalty/money.hpp"
#include "loyalty/names.hpp"

namespace loyalty::json {

// "path.key", or "key" at the top.
std::string child(const std::string& path, std::string_view key);
// "path[index]".
std::string item(const std::string& path, std::size_t index);

class Fields {
 public:
  Fields(const Json& object, std::string path) : object_(&object), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;
  // An error at this object (empty key) or at one of its fields.
  Error fail(std::string_view key, ErrorCode code, std::string message) const;
  const Json* find(const char* key) const;
  bool has(const char* key) const { return find(key) != nullptr; }

  // Rejects keys outside `known` (annotations aside) with `code`; the message
  // lists the known keys unless `message` is given.
  Status only(std::initializer_list<std::string_view> known, ErrorCode code = ErrorCode::invalid_program,
              std::string_view message = {}) const;

  Result<std::string> string(const char* key, bool required, std::string fallback = "",
                             bool allow_empty = false) const;
  // An id or customer: a non-empty string, or a whole number kept as its digits.
  Result<std::string> identifier(const char* key, bool required) const;
  Result<std::int64_t> integer(const char* key, bool required, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) const;
  // An exact decimal (a JSON number or a decimal string) in units of 10^-scale.
  Result<std::int64_t> decimal(const char* key, int scale, bool required, std::int64_t fallback,
                               std::int64_t min = 0) const;
  // A required money amount in the currency's minor units; negatives allowed
  // unless `non_negative`.
  Result<std::int64_t> amount(const char* key, const Currency& currency, bool non_negative = true) const;
  Result<bool> boolean(const char* key, bool fallback) const;
  // An array of non-empty strings; absent is empty.
  Result<std::vector<std::string>> strings(const char* key) const;
  // A required date with optional time and offset.
  Result<Moment> moment(const char* key) const;
  Result<std::optional<Date>> optional_date(const char* key) const;
  // An optional "currency" that must be the program's (nothing is converted).
  Status same_currency(const Currency& currency, std::string_view what) const;

  // One of an enum's names (from its one name table), or `fallback` when absent.
  template <typename Enum>
  Result<Enum> choice(const char* key, Enum fallback, std::span<const Named<Enum>> table) const {
    const Json* value = find(key);
    if (!value) return fallback;
    if (value->is_string()) {
      if (auto found = value_named(table, value->text())) return *found;
    }
    return fail(key, ErrorCode::invalid_value, "must be one of " + names_list(table));
  }

 private:
  const Json* object_;
  std::string path_;
};

// `value` as Fields at `path`, or a wrong_type error naming `what` it should be.
Result<Fields> object_at(const Json& value, std::string path, std::string_view what = "an object");

}  // namespace loyalty::json
