// One vocabulary: the error codes, event types and ledger entry kinds the
// core names are the ones the typed API (wasm/loyalty-engine.d.ts), the
// contract's schema and the program format's documentation name. Adding one
// in C++ without the others fails here.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>
#include <set>
#include <string>

#include "loyalty/documents.hpp"
#include "loyalty/error.hpp"
#include "loyalty/event_kind.hpp"
#include "loyalty/ledger.hpp"
#include "loyalty/program.hpp"
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

// Names (lower case, digits, underscores) written between `quote`s.
std::set<std::string> quoted(const std::string& text, char quote) {
  std::set<std::string> out;
  for (std::size_t at = text.find(quote); at != std::string::npos;) {
    const std::size_t end = text.find(quote, at + 1);
    if (end == std::string::npos) break;
    const std::string name = text.substr(at + 1, end - at - 1);
    const bool is_name = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (is_name) out.insert(name);
    at = is_name ? text.find(quote, end + 1) : end;  // an unpaired quote starts the next candidate
  }
  return out;
}

// Each line's text after `prefix` (from the line's start) up to `stop`.
std::vector<std::string> after_each(const std::string& text, const std::string& prefix, char stop) {
  std::vector<std::string> out;
  std::size_t line = 0;
  while (line < text.size()) {
    std::size_t next = text.find('\n', line);
    if (next == std::string::npos) next = text.size();
    const std::string content = text.substr(line, next - line);
    const std::size_t at = content.find(prefix);
    if (at != std::string::npos) {
      const std::size_t from = at + prefix.size();
      out.push_back(content.substr(from, content.find(stop, from) - from));
    }
    line = next + 1;
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
  auto typed = quoted(between(kTypes, "export type LoyaltyErrorCode =", ";"), '\'');
  // Codes only the JS wrapper raises (bad arguments, a disposed handle, ...).
  // `unsupported` is both: the wrapper's for batch calls the widget's build
  // leaves out, the core's for a CSV log given to that build.
  for (const char* js : {"invalid_argument", "no_program", "no_ledger", "disposed", "out_of_memory", "internal"}) {
    EXPECT_EQ(typed.erase(js), 1u) << js;
  }
  EXPECT_EQ(typed, core);
}

TEST(Vocabulary, EventTypesAreTheTypedApisTheContractsAndTheDocs) {
  const auto core = names_of<EventKind>(event_kind_name);
  ASSERT_GT(core.size(), 10u);
  std::set<std::string> typed;
  for (const std::string& type : after_each(between(kTypes, "export type LoyaltyEvent =", "\n\n"), "type", ';')) {
    for (const std::string& name : quoted(type, '\'')) typed.insert(name);
  }
  EXPECT_EQ(typed, core);

  const auto schema = nlohmann::json::parse(testing::read_text(kRoot + "/web/contract/customer.schema.json"));
  std::set<std::string> contract;
  for (const auto& name : schema["properties"]["events"]["items"]["properties"]["type"]["enum"]) contract.insert(name);
  EXPECT_EQ(contract, core);

  const std::string docs = testing::read_text(kRoot + "/core/programs/README.md");
  std::set<std::string> documented;
  for (const std::string& cell : after_each(between(docs, "| type | fields |", "\n\n"), "| ", '|')) {
    for (const std::string& name : quoted(cell, '`')) documented.insert(name);
  }
  EXPECT_EQ(documented, core);
}

TEST(Vocabulary, LedgerEntryKindsAreTheTypedApis) {
  const auto core = names_of<EntryKind>(entry_kind_name);
  ASSERT_GT(core.size(), 5u);
  EXPECT_EQ(quoted(between(kTypes, "export interface LedgerEntry {\n  kind:", ";\n"), '\''), core);
}

// The program format's choices (rounding, reward types, tier basis, window
// and downgrade, expiry policies, rule kinds): each name the reader accepts
// is documented for merchants.
template <typename Enum>
void expect_documented(std::span<const Named<Enum>> table, const std::string& docs) {
  ASSERT_FALSE(table.empty());
  for (const Named<Enum>& entry : table) {
    EXPECT_NE(docs.find("`" + std::string(entry.name) + "`"), std::string::npos) << entry.name;
    EXPECT_EQ(value_named(table, entry.name), entry.value) << entry.name;
  }
}

TEST(Vocabulary, ProgramChoicesAreDocumented) {
  const std::string docs = testing::read_text(kRoot + "/core/programs/README.md");
  expect_documented<Rounding>(kRoundingNames, docs);
  expect_documented<EarnKind>(kEarnKindNames, docs);
  expect_documented<RewardKind>(kRewardKindNames, docs);
  expect_documented<TierBasis>(kTierBasisNames, docs);
  expect_documented<TierWindow>(kTierWindowNames, docs);
  expect_documented<Downgrade>(kDowngradeNames, docs);
  expect_documented<ExpiryPolicy>(kExpiryPolicyNames, docs);
}

// Whether `word` occurs in `text` on its own (not inside a longer name).
bool has_word(const std::string& text, const std::string& word) {
  const auto is_name_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !is_name_char(text[at - 1]);
    const bool ends = at + word.size() == text.size() || !is_name_char(text[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

void collect_keys(const nlohmann::json& value, std::set<std::string>& keys) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      keys.insert(key);
      collect_keys(child, keys);
    }
  } else if (value.is_array()) {
    for (const auto& child : value) collect_keys(child, keys);
  }
}

// Every field balance, simulate, statement and metrics print, on a history
// that has all of them (tiers, expiry, refunds, redemptions, rejections), is
// defined in the programs README's field table.
TEST(Vocabulary, EveryPrintedFieldIsDefined) {
  const std::string docs = between(testing::read_text(kRoot + "/core/programs/README.md"),
                                   "## What every printed field means", "\n## ");
  const Program program = testing::shipped_program("demo.json");
  const std::string events = testing::read_text(kRoot + "/core/samples/demo-events.json");
  const EventLog log = event_log(events, "events", "events.json");
  const Date as_of = *parse_date("2026-04-30");
  const std::string cart = R"({"items":[{"sku":"JKT","price":"180.00","category":"outerwear"}]})";
  const std::string csv = "id,customer,date,amount\n1,a,2026-03-01,120.00\n1,a,2026-03-01,120.00\n2,b,2026-03-02,5.00\n";
  const std::string shop_export = testing::read_text(kRoot + "/tests/fixtures/exports/line-items.csv");
  std::set<std::string> keys;
  for (const auto& document : {balance_document(program, log, "ada", as_of),
                               statement_document(program, event_log(shop_export, "line-items.csv", "line-items.csv"),
                                                  StatementOptions{}),
                               simulation_document(program, log, "ada", CartText{cart, "cart"}, as_of),
                               metrics_document(program, log, as_of),
                               statement_document(program, event_log(csv, "log.csv", "log.csv"), StatementOptions{})}) {
    ASSERT_TRUE(document.ok()) << document.error().describe();
    collect_keys(nlohmann::json::parse(document.value()), keys);
  }
  EXPECT_GT(keys.size(), 60u);
  for (const std::string& key : keys) EXPECT_TRUE(has_word(docs, key)) << "`" << key << "` is printed but not defined";
}

// One version: version.hpp, which CMake reads, and the engine's package.
TEST(Vocabulary, OneVersion) {
  const auto package = nlohmann::json::parse(testing::read_text(kRoot + "/wasm/package.json"));
  EXPECT_EQ(package["version"], kVersion);
}

}  // namespace
}  // namespace loyalty
