#include "json_fields.hpp"

#include <algorithm>
#include <limits>

#include "text.hpp"

namespace loyalty::json {

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t index) {
  return path + "[" + to_text(index) + "]";
}

std::string Fields::path_of(std::string_view key) const {
  return key.empty() ? path_ : child(path_, key);
}

Error Fields::fail(std::string_view key, ErrorCode code, std::string message) const {
  return Error{code, path_of(key), std::move(message)};
}

const Json* Fields::find(const char* key) const {
  return object_->find(key);
}

Status Fields::only(std::initializer_list<std::string_view> known, ErrorCode code,
                    std::string_view message) const {
  for (const auto& [key, value] : object_->members()) {
    if (is_annotation_key(key)) continue;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    if (!message.empty()) return fail(shorten(key), code, std::string(message));
    std::string list;
    for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
    return fail(shorten(key), code, "unknown field (expected one of: " + list + ")");
  }
  return Ok{};
}

Result<std::string> Fields::string(const char* key, bool required, std::string fallback,
                                   bool allow_empty) const {
  const Json* value = find(key);
  if (!value) {
    if (required) return fail(key, ErrorCode::missing_field, "is required");
    return fallback;
  }
  if (!value->is_string()) {
    return fail(key, ErrorCode::wrong_type, "expected a string, found " + type_name(*value));
  }
  std::string out = value->text();
  if (out.empty() && !allow_empty) return fail(key, ErrorCode::invalid_value, "must not be empty");
  return out;
}

Result<std::string> Fields::identifier(const char* key, bool required) const {
  const Json* value = find(key);
  if (!value) {
    if (required) return fail(key, ErrorCode::missing_field, "is required");
    return std::string();
  }
  auto out = identifier_text(*value);
  if (!out) return fail(key, ErrorCode::wrong_type, "expected a string, found " + type_name(*value));
  if (out->empty()) return fail(key, ErrorCode::invalid_value, "must not be empty");
  return std::move(*out);
}

Result<std::int64_t> Fields::integer(const char* key, bool required, std::int64_t fallback,
                                     std::int64_t min, std::int64_t max) const {
  const Json* value = find(key);
  if (!value) {
    if (required) return fail(key, ErrorCode::missing_field, "is required");
    return fallback;
  }
  if (!value->is_number_integer()) {
    return fail(key, ErrorCode::wrong_type, "expected a whole number, found " + type_name(*value));
  }
  if (value->is_number_unsigned() &&
      value->as_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return fail(key, ErrorCode::invalid_value, "is too large");
  }
  const std::int64_t out = value->as_int64();
  if (out < min || out > max) {
    return fail(key, ErrorCode::invalid_value,
                "must be from " + to_text(min) + " to " + to_text(max));
  }
  return out;
}

Result<std::int64_t> Fields::decimal(const char* key, int scale, bool required, std::int64_t fallback,
                                     std::int64_t min) const {
  const Json* value = find(key);
  if (!value) {
    if (required) return fail(key, ErrorCode::missing_field, "is required");
    return fallback;
  }
  auto text = number_or_string_text(*value);
  if (!text) {
    return fail(key, ErrorCode::wrong_type,
                "expected a number or a decimal string, found " + type_name(*value));
  }
  auto parsed = parse_scaled_decimal(*text, scale, key);
  if (!parsed) return located(std::move(parsed).error(), path_of(key));
  if (*parsed < min) {
    return fail(key, ErrorCode::invalid_value,
                min == 0 ? "must not be negative" : "must be at least " + format_scaled(min, scale));
  }
  return parsed;
}

Result<std::int64_t> Fields::amount(const char* key, const Currency& currency, bool non_negative) const {
  const Json* value = find(key);
  if (!value) return fail(key, ErrorCode::missing_field, "is required");
  auto text = number_or_string_text(*value);
  if (!text) {
    return fail(key, ErrorCode::wrong_type,
                "expected a number or a decimal string, found " + type_name(*value));
  }
  auto parsed = parse_amount(*text, currency);
  if (!parsed) return located(std::move(parsed).error(), path_of(key));
  if (non_negative && *parsed < 0) return fail(key, ErrorCode::invalid_value, "must not be negative");
  return parsed;
}

Result<bool> Fields::boolean(const char* key, bool fallback) const {
  const Json* value = find(key);
  if (!value) return fallback;
  if (!value->is_boolean()) {
    return fail(key, ErrorCode::wrong_type, "expected true or false, found " + type_name(*value));
  }
  return value->as_bool();
}

Result<std::vector<std::string>> Fields::strings(const char* key) const {
  std::vector<std::string> out;
  const Json* value = find(key);
  if (!value) return out;
  if (!value->is_array()) {
    return fail(key, ErrorCode::wrong_type, "expected an array of strings, found " + type_name(*value));
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& entry = (*value)[i];
    if (!entry.is_string() || entry.text().empty()) {
      return Error{ErrorCode::wrong_type, item(path_of(key), i), "expected a non-empty string"};
    }
    out.push_back(entry.text());
  }
  return out;
}

Result<Moment> Fields::moment(const char* key) const {
  const Json* value = find(key);
  if (!value) return fail(key, ErrorCode::missing_field, "is required");
  if (!value->is_string()) {
    return fail(key, ErrorCode::wrong_type, "expected a date string, found " + type_name(*value));
  }
  auto moment = parse_moment(value->text());
  if (!moment) return located(std::move(moment).error(), path_of(key));
  return moment;
}

Result<std::optional<Date>> Fields::optional_date(const char* key) const {
  const Json* value = find(key);
  if (!value) return std::optional<Date>{};
  if (!value->is_string()) {
    return fail(key, ErrorCode::wrong_type, "expected a date string, found " + type_name(*value));
  }
  auto date = parse_date(value->text());
  if (!date) return located(std::move(date).error(), path_of(key));
  return std::optional<Date>(*date);
}

Status Fields::same_currency(const Currency& currency, std::string_view what) const {
  const Json* code = find("currency");
  if (code && (!code->is_string() || code->text() != currency.code)) {
    return fail("currency", ErrorCode::invalid_value,
                "the program's currency is " + currency.code + "; " + std::string(what) +
                    " in other currencies are not converted");
  }
  return Ok{};
}

Result<Fields> object_at(const Json& value, std::string path, std::string_view what) {
  if (!value.is_object()) {
    return Error{ErrorCode::wrong_type, std::move(path),
                 "expected " + std::string(what) + ", found " + type_name(value)};
  }
  return Fields(value, std::move(path));
}

}  // namespace loyalty::json
