// Reads a program document. Unknown keys are errors (a misspelt rule must
// not silently do nothing), except annotations ("_comment", "$schema").
#include <initializer_list>

#include "json_reader.hpp"
#include "loyalty/program.hpp"
#include "text.hpp"

namespace loyalty {
namespace {

using json::Json;

Error at(std::string path, ErrorCode code, std::string message) {
  return Error{code, std::move(path), std::move(message)};
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

Status reject_unknown_keys(const Json& object, const std::string& path,
                           std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    if (json::is_annotation_key(key)) continue;
    bool found = false;
    for (std::string_view name : known) found = found || name == key;
    if (!found) {
      std::string list;
      for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
            return at(child(path, shorten(key)), ErrorCode::invalid_program,
                "unknown field (expected one of: " + list + ")");
    }
  }
  return Ok{};
}

Result<std::string> read_string(const Json& object, const std::string& path, const char* key,
                                bool required, std::string fallback = "") {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) return at(child(path, key), ErrorCode::missing_field, "is required");
    return fallback;
  }
  if (!it->is_string()) {
    return at(child(path, key), ErrorCode::wrong_type,
              "expected a string, found " + json::type_name(*it));
  }
  return it->get<std::string>();
}

// An exact decimal given as a JSON number or a string.
Result<std::int64_t> read_decimal(const Json& object, const std::string& path, const char* key,
                                  int scale) {
  auto it = object.find(key);
  if (it == object.end()) return at(child(path, key), ErrorCode::missing_field, "is required");
  auto text = json::number_or_string_text(*it);
  if (!text) {
    return at(child(path, key), ErrorCode::wrong_type,
              "expected a number or a decimal string, found " + json::type_name(*it));
  }
  auto value = parse_scaled_decimal(*text, scale, key);
  if (!value) return located(std::move(value).error(), child(path, key));
  return value;
}

Result<Currency> read_currency(const Json& document) {
  auto it = document.find("currency");
  if (it == document.end()) return at("currency", ErrorCode::missing_field, "is required");
  if (it->is_string()) {
    const auto& code = it->get_ref<const std::string&>();
    if (auto known = find_currency(code)) return *known;
    if (!is_currency_code(code)) {
      return at("currency", ErrorCode::invalid_value, "is not a three-letter ISO 4217 code");
    }
    return at("currency", ErrorCode::invalid_value,
              quote_value(code) + " is not a currency the engine knows: give {\"code\": \"" + code +
                  "\", \"minor_units\": N}");
  }
  if (!it->is_object()) {
    return at("currency", ErrorCode::wrong_type,
              "expected a currency code or {code, minor_units}, found " + json::type_name(*it));
  }
  if (auto status = reject_unknown_keys(*it, "currency", {"code", "minor_units"}); !status) {
    return std::move(status).error();
  }
  auto code = read_string(*it, "currency", "code", true);
  if (!code) return std::move(code).error();
  if (!is_currency_code(*code)) {
    return at("currency.code", ErrorCode::invalid_value, "is not a three-letter ISO 4217 code");
  }
  auto units = it->find("minor_units");
  if (units == it->end()) {
    if (auto known = find_currency(*code)) return *known;
    return at("currency.minor_units", ErrorCode::missing_field, "is required for " + *code);
  }
  if (!units->is_number_integer() || units->get<std::int64_t>() < 0 ||
      units->get<std::int64_t>() > 4) {
    return at("currency.minor_units", ErrorCode::invalid_value,
              "must be a whole number from 0 to 4");
  }
  return Currency{*code, static_cast<int>(units->get<std::int64_t>())};
}

Result<Rounding> read_rounding(const Json& rule, const std::string& path) {
  auto name = read_string(rule, path, "rounding", false, "truncate_amount");
  if (!name) return std::move(name).error();
  for (Rounding r : {Rounding::truncate_amount, Rounding::round_amount_half_up,
                     Rounding::truncate_points, Rounding::round_points_half_up}) {
    if (rounding_name(r) == *name) return r;
  }
  return at(child(path, "rounding"), ErrorCode::invalid_value,
            "must be one of truncate_amount, round_amount_half_up, truncate_points, "
            "round_points_half_up");
}

Result<SpendBandRule> read_spend_band_rule(const Json& rule, const std::string& path,
                                           const Currency& currency) {
  if (auto status = reject_unknown_keys(rule, path,
                                        {"type", "id", "description", "rounding", "bands"});
      !status) {
    return std::move(status).error();
  }
  SpendBandRule out;
  auto id = read_string(rule, path, "id", true);
  if (!id) return std::move(id).error();
  if (id->empty()) return at(child(path, "id"), ErrorCode::invalid_value, "must not be empty");
  out.id = std::move(*id);
  if (auto description = read_string(rule, path, "description", false); !description) {
    return std::move(description).error();
  }
  auto rounding = read_rounding(rule, path);
  if (!rounding) return std::move(rounding).error();
  out.rounding = *rounding;

  auto bands = rule.find("bands");
  const std::string bands_path = child(path, "bands");
  if (bands == rule.end()) return at(bands_path, ErrorCode::missing_field, "is required");
  if (!bands->is_array()) {
    return at(bands_path, ErrorCode::wrong_type, "expected an array, found " + json::type_name(*bands));
  }
  if (bands->empty()) return at(bands_path, ErrorCode::invalid_value, "needs at least one band");
  for (std::size_t i = 0; i < bands->size(); ++i) {
    const Json& band = (*bands)[i];
    const std::string band_path = item(bands_path, i);
    if (!band.is_object()) {
      return at(band_path, ErrorCode::wrong_type, "expected an object, found " + json::type_name(band));
    }
    if (auto status = reject_unknown_keys(band, band_path, {"above", "points_per_unit"}); !status) {
      return std::move(status).error();
    }
    auto above = read_decimal(band, band_path, "above", currency.exponent);
    if (!above) return std::move(above).error();
    auto rate = read_decimal(band, band_path, "points_per_unit", 4);
    if (!rate) return std::move(rate).error();
    if (*above < 0) {
      return at(child(band_path, "above"), ErrorCode::invalid_value, "must not be negative");
    }
    if (*rate < 0) {
      return at(child(band_path, "points_per_unit"), ErrorCode::invalid_value,
                "must not be negative");
    }
    if (!out.bands.empty() && *above <= out.bands.back().above_minor) {
      return at(child(band_path, "above"), ErrorCode::invalid_value,
                "must be greater than the previous band's threshold");
    }
    out.bands.push_back(SpendBand{*above, *rate});
  }
  return out;
}

Result<Program> read_program(const Json& document) {
  if (!document.is_object()) {
    return at("", ErrorCode::wrong_type,
              "a program is a JSON object, found " + json::type_name(document));
  }
  if (auto status = reject_unknown_keys(document, "", {"version", "id", "name", "currency", "earn"});
      !status) {
    return std::move(status).error();
  }
  if (auto version = document.find("version"); version != document.end()) {
    if (!version->is_number_integer() || version->get<std::int64_t>() != 1) {
      return at("version", ErrorCode::invalid_value, "this engine reads program version 1");
    }
  }
  Program program;
  auto id = read_string(document, "", "id", true);
  if (!id) return std::move(id).error();
  if (id->empty()) return at("id", ErrorCode::invalid_value, "must not be empty");
  program.id = std::move(*id);
  auto name = read_string(document, "", "name", false, program.id);
  if (!name) return std::move(name).error();
  program.name = std::move(*name);
  auto currency = read_currency(document);
  if (!currency) return std::move(currency).error();
  program.currency = std::move(*currency);

  auto earn = document.find("earn");
  if (earn == document.end()) return at("earn", ErrorCode::missing_field, "is required");
  if (!earn->is_array()) {
    return at("earn", ErrorCode::wrong_type, "expected an array of rules, found " + json::type_name(*earn));
  }
  for (std::size_t i = 0; i < earn->size(); ++i) {
    const Json& rule = (*earn)[i];
    const std::string path = item("earn", i);
    if (!rule.is_object()) {
      return at(path, ErrorCode::wrong_type, "expected a rule object, found " + json::type_name(rule));
    }
    auto type = read_string(rule, path, "type", true);
    if (!type) return std::move(type).error();
    if (*type != "spend_bands") {
      return at(child(path, "type"), ErrorCode::invalid_value,
                "unknown earn rule type " + quote_value(*type) + " (known: spend_bands)");
    }
    auto parsed = read_spend_band_rule(rule, path, program.currency);
    if (!parsed) return std::move(parsed).error();
    for (const SpendBandRule& existing : program.spend_band_rules) {
      if (existing.id == parsed->id) {
        return at(child(path, "id"), ErrorCode::invalid_value,
                  quote_value(parsed->id) + " is already the id of another rule");
      }
    }
    program.spend_band_rules.push_back(std::move(*parsed));
  }
  return program;
}

}  // namespace

Result<Program> parse_program(std::string_view json_text, std::string_view source) {
  auto document = json::parse_document(json_text);
  if (!document) return located(std::move(document).error(), source);
  auto program = read_program(*document);
  if (!program) return located(std::move(program).error(), source);
  return program;
}

}  // namespace loyalty
