// One vocabulary: the error codes, event types and ledger entry kinds the
// core names are the ones the typed API (wasm/loyalty-engine.d.ts), the
// contract's schema and the program format's documentation name. Adding one
// in C++ without the others fails here.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "loyalty/error.hpp"
#include "loyalty/event_kind.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/version.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

const std::string kRoot = LOYALTY_SOURCE_DIR;

// The text between `start` and the first `end` after it.
std::string between(const std::string& text, const std::string& start, const std::string& end) {
  const auto from = text.find(start);
  EXPECT_NE(from, std::string::npos) << start;
  if (from == std::string::npos) return "";
  const auto to = text.find(end, from + start.size());
  return text.substr(from + start.size(), to == std::string::npos ? std::string::npos : to - from - start.size());
}

std::set<std::string> matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

// Every enumerator's name: the enums number from 0, and their name switches
// (complete, or the build fails) answer "unknown" past the last one. The
// bound keeps an optimizer that assumes in-range values from looping.
template <typename Enum, typename Name>
std::set<std::string> names_of(Name name) {
  std::set<std::string> out;
  for (int i = 0; i < 64; ++i) {
    const std::string_view text = name(static_cast<Enum>(i));
    if (text == "unknown") break;
    out.insert(std::string(text));
  }
  return out;
}

const std::string kTypes = testing::read_text(kRoot + "/wasm/loyalty-engine.d.ts");

TEST(Vocabulary, ErrorCodesAreTheTypedApis) {
  const auto core = names_of<ErrorCode>(error_code_name);
  ASSERT_GT(core.size(), 10u);
  auto typed = matches(between(kTypes, "export type LoyaltyErrorCode =", ";"), "'([a-z0-9_]+)'");
  // Codes only the JS wrapper raises (bad arguments, a disposed handle, ...).
  for (const char* js : {"invalid_argument", "no_program", "no_ledger", "disposed", "out_of_memory", "internal"}) {
    EXPECT_EQ(typed.erase(js), 1u) << js;
  }
  EXPECT_EQ(typed, core);
}

TEST(Vocabulary, EventTypesAreTheTypedApisTheContractsAndTheDocs) {
  const auto core = names_of<EventKind>(event_kind_name);
  ASSERT_GT(core.size(), 10u);
  std::set<std::string> typed;
  for (const std::string& union_ : matches(between(kTypes, "export type LoyaltyEvent =", "\n\n"), "type\\??: ([^;]+);")) {
    for (const std::string& name : matches(union_, "'([a-z0-9_]+)'")) typed.insert(name);
  }
  EXPECT_EQ(typed, core);

  const auto schema = nlohmann::json::parse(testing::read_text(kRoot + "/web/contract/customer.schema.json"));
  std::set<std::string> contract;
  for (const auto& name : schema["properties"]["events"]["items"]["properties"]["type"]["enum"]) contract.insert(name);
  EXPECT_EQ(contract, core);

  const std::string docs = testing::read_text(kRoot + "/core/programs/README.md");
  std::set<std::string> documented;
  for (const std::string& row : matches(between(docs, "| type | fields |", "\n\n"), "\n\\| ([^|]+) \\|")) {
    for (const std::string& name : matches(row, "`([a-z0-9_]+)`")) documented.insert(name);
  }
  EXPECT_EQ(documented, core);
}

TEST(Vocabulary, LedgerEntryKindsAreTheTypedApis) {
  const auto core = names_of<EntryKind>(entry_kind_name);
  ASSERT_GT(core.size(), 5u);
  EXPECT_EQ(matches(between(kTypes, "export interface LedgerEntry {\n  kind:", ";\n"), "'([a-z0-9_]+)'"), core);
}

// One version: version.hpp, which CMake reads, and the engine's package.
TEST(Vocabulary, OneVersion) {
  const auto package = nlohmann::json::parse(testing::read_text(kRoot + "/wasm/package.json"));
  EXPECT_EQ(package["version"], kVersion);
}

}  // namespace
}  // namespace loyalty
