// The engine's JSON reader held to nlohmann/json, an independent and widely
// used parser: both must accept and refuse the same texts, and what they
// accept must be the same tree. Shared by the unit test and the fuzzer.
// Where the engine is deliberately stricter (duplicate keys, nesting past 64
// levels), only the engine's refusal is checked. Where nlohmann refuses a
// number a double cannot hold (1e400), the engine keeps its text: no rule
// reads a double, and the field's reader refuses it as too large. And where
// nlohmann stops at a NUL byte, the engine refuses it.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "json_reader.hpp"

namespace loyalty::json_oracle {

inline std::string show(std::string_view text) { return std::string(text.substr(0, 80)); }

inline std::optional<std::string> tree_difference(const json::Value& ours, const nlohmann::json& theirs,
                                                  const std::string& path) {
  using Kind = json::Value::Kind;
  auto differ = [&](const std::string& what) { return std::optional<std::string>(path + ": " + what); };
  switch (ours.kind()) {
    case Kind::null:
      return theirs.is_null() ? std::nullopt : differ("null vs " + theirs.dump());
    case Kind::boolean:
      return theirs.is_boolean() && theirs.get<bool>() == ours.as_bool() ? std::nullopt
                                                                         : differ("boolean vs " + theirs.dump());
    case Kind::unsigned_integer:
      return theirs.is_number_unsigned() && theirs.get<std::uint64_t>() == ours.as_uint64()
                 ? std::nullopt
                 : differ("unsigned vs " + theirs.dump());
    case Kind::negative_integer:
      return theirs.is_number_integer() && !theirs.is_number_unsigned() &&
                     theirs.get<std::int64_t>() == ours.as_int64()
                 ? std::nullopt
                 : differ("integer vs " + theirs.dump());
    case Kind::decimal:
      // nlohmann keeps a double; the engine keeps the text. The same text
      // read by strtod must give the same double.
      return theirs.is_number_float() && theirs.get<double>() == std::strtod(ours.text().c_str(), nullptr)
                 ? std::nullopt
                 : differ("decimal " + ours.text() + " vs " + theirs.dump());
    case Kind::string:
      return theirs.is_string() && theirs.get_ref<const std::string&>() == ours.text()
                 ? std::nullopt
                 : differ("string vs " + theirs.dump());
    case Kind::array: {
      if (!theirs.is_array() || theirs.size() != ours.size()) return differ("array vs " + theirs.dump());
      for (std::size_t i = 0; i < ours.size(); ++i) {
        if (auto d = tree_difference(ours[i], theirs[i], path + "[" + std::to_string(i) + "]")) return d;
      }
      return std::nullopt;
    }
    case Kind::object: {
      if (!theirs.is_object() || theirs.size() != ours.size()) return differ("object vs " + theirs.dump());
      auto it = theirs.begin();
      for (const auto& member : ours.members()) {
        if (it.key() != member.key) return differ("key " + member.key + " vs " + it.key());
        if (auto d = tree_difference(member.value, it.value(), path + "." + member.key)) return d;
        ++it;
      }
      return std::nullopt;
    }
  }
  return differ("unknown kind");
}

// nullopt when the engine and nlohmann agree on `text`.
inline std::optional<std::string> difference(std::string_view text) {
  auto ours = json::parse_document(text);
  const nlohmann::json theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                                      /*allow_exceptions=*/false, /*ignore_comments=*/false);
  if (!ours) {
    const ErrorCode code = ours.error().code;
    if (code == ErrorCode::duplicate_key || code == ErrorCode::json_too_deep) return std::nullopt;
    if (code != ErrorCode::json_syntax) return "refused with an unexpected code: " + ours.error().describe();
    // nlohmann reads a NUL byte as the end of the input ("[1]\0junk" is
    // [1]); JSON has no such rule, and the engine refuses it.
    const bool nul = ours.error().message.find("unexpected byte 0x00") != std::string::npos;
    if (!theirs.is_discarded() && !nul) return "the engine refused what nlohmann accepts: " + show(text) + " (" +
                                       ours.error().describe() + ")";
    return std::nullopt;
  }
  if (theirs.is_discarded()) {
    try {
      const nlohmann::json again = nlohmann::json::parse(text.begin(), text.end());
      (void)again;
    } catch (const nlohmann::json::exception& e) {
      if (std::string_view(e.what()).find("number overflow") != std::string_view::npos) return std::nullopt;
    }
    return "the engine accepted what nlohmann refuses: " + show(text);
  }
  return tree_difference(*ours, theirs, "$");
}

}  // namespace loyalty::json_oracle
