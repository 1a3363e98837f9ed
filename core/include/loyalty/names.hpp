// The names of an enum's values, written once as a table that the readers,
// the writers, the CLI's help and the error messages all use.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace loyalty {

template <typename Enum>
struct Named {
  Enum value;
  std::string_view name;
};

template <typename Enum>
constexpr std::string_view name_in(std::span<const Named<Enum>> table, Enum value) {
  for (const Named<Enum>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "unknown";
}

template <typename Enum>
constexpr std::optional<Enum> value_named(std::span<const Named<Enum>> table, std::string_view name) {
  for (const Named<Enum>& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// "a, b, c"
template <typename Enum>
std::string names_list(std::span<const Named<Enum>> table) {
  std::string list;
  for (const Named<Enum>& entry : table) {
    if (!list.empty()) list += ", ";
    list += entry.name;
  }
  return list;
}

}  // namespace loyalty
