// The engine's own JSON reader: held to nlohmann/json on tricky and mutated
// texts (json_oracle.hpp), and to hand-written expectations where the engine
// keeps more than a DOM of doubles would (exact decimals, paths in errors).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "json_oracle.hpp"
#include "json_reader.hpp"

namespace loyalty {
namespace {

const std::vector<std::string> kTricky = {
    "", " ", "null", "true", "false", "nul", "tru", "True", "0", "-0", "-", "01", "-01", "1.", ".5", "1.5",
    "1e5", "1E+5", "1e-5", "1e", "1e+", "-1.25e-3", "+1", "0x10", "NaN", "Infinity", "18446744073709551615",
    "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
    "\"\"", "\"a\"", "\"a", "\"\\\"\"", "\"\\/\\b\\f\\n\\r\\t\"", "\"\\x\"", "\"\\u00e9\"", "\"\\u00E9\"",
    "\"\\u12\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83dx\"", "\"\\ud83d\\u0041\"",
    "\"\\u0000\"", "\"tab\there\"", "\"line\nbreak\"", "\"\x7f\"", "\"caf\xc3\xa9\"", "\"\xc3\"", "\"\xc0\xaf\"",
    "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xf0\x9f\x98\x80\"", "\"\xff\"", "\xef\xbb\xbf[1]",
    "[", "]", "[]", "[1,]", "[,1]", "[1 2]", "[1,2]", "[[[]]]", "[\"a\",{\"b\":[null]}]", "{", "}", "{}",
    "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{a:1}", "{'a':1}", "{\"b\":1,\"a\":2}",
    "{\"a\":1}x", "{\"a\":1} ", " \t\r\n{\"a\" : [ 1 , 2 ] }\n", "[1]/*c*/", "[1] // c", std::string("[1]\0junk", 8), "{\"\":0}",
    "{\"a\":{\"a\":{\"a\":{}}}}", "[true,false,null]", "[1e400]", "[-1e-400]", "[0.1]", "[168.26]",
};

TEST(JsonReader, AgreesWithNlohmannOnTrickyTexts) {
  for (const std::string& text : kTricky) {
    auto difference = json_oracle::difference(text);
    EXPECT_FALSE(difference) << "text: " << text << "\n" << *difference;
  }
}

// Random edits of valid documents land on every kind of near-miss: a
// deterministic seed, so a failure reproduces.
TEST(JsonReader, AgreesWithNlohmannOnMutatedTexts) {
  const std::vector<std::string> seeds = {
      R"({"id":"p","currency":"USD","earn":[{"type":"per_unit","points":1,"unit":"1.00"}],"tiers":{"levels":[]}})",
      R"([{"type":"purchase","id":"o1","customer":"ada","date":"2026-03-01T10:00:00-05:00","amount":120.5,"items":[{"sku":"A","quantity":2,"price":"9.99"}]}])",
      R"({"a":[1,-2,3.25e2,"\u00e9\n",true,false,null,{"":{}}],"b":"caf)" "\xc3\xa9" R"("})",
  };
  const std::string alphabet = "{}[]:,\"\\/ 0123456789-+.eEtrufalsn\x01\x7f\xc3\xa9\xed\xa0\xff";
  std::mt19937 random(20261129);
  int accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: text[at] = c; break;
        case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: text.erase(at, 1); break;
      }
    }
    auto difference = json_oracle::difference(text);
    ASSERT_FALSE(difference) << "text: " << text << "\n" << *difference;
    if (json::parse_document(text)) ++accepted;
  }
  // Both outcomes were exercised, not only refusals.
  EXPECT_GT(accepted, 1000);
  EXPECT_LT(accepted, 19000);
}

TEST(JsonReader, KeepsTheExactTextOfDecimals) {
  auto value = json::parse_document(R"({"a":168.26,"b":1e2,"c":-0.10,"d":123456789012345678901234})");
  ASSERT_TRUE(value) << value.error().describe();
  EXPECT_EQ(value->find("a")->text(), "168.26");
  EXPECT_EQ(value->find("b")->text(), "1e2");
  EXPECT_EQ(value->find("c")->text(), "-0.10");
  // Past 64 bits a whole number is kept as text, for the readers to refuse.
  EXPECT_TRUE(value->find("d")->is_decimal());
  EXPECT_EQ(value->find("d")->text(), "123456789012345678901234");
}

TEST(JsonReader, SortsMembersByKey) {
  auto value = json::parse_document(R"({"b":1,"a":2,"c":3})");
  ASSERT_TRUE(value);
  std::string keys;
  for (const auto& member : value->members()) keys += member.key;
  EXPECT_EQ(keys, "abc");
  EXPECT_EQ(value->find("a")->as_uint64(), 2u);
  EXPECT_EQ(value->find("z"), nullptr);
}

TEST(JsonReader, ErrorsNameThePathAndThePlace) {
  auto duplicate = json::parse_document(R"({"x":{"id":1,"n":2,"id":3}})");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::duplicate_key);
  EXPECT_EQ(duplicate.error().where, "x.id");

  auto syntax = json::parse_document("{\n  \"a\": [1,\n  2,,\n]}");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::json_syntax);
  EXPECT_EQ(syntax.error().where, "a[1]");
  EXPECT_EQ(syntax.error().message, "parse error at line 3, column 5: unexpected ','; expected a value");

  auto cut = json::parse_document(R"({"a":"tex)");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("unexpected end of input"), std::string::npos) << cut.error().message;

  auto deep = json::parse_document(std::string(65, '[') + std::string(65, ']'));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code, ErrorCode::json_too_deep);
}

TEST(JsonReader, StreamsTheElementsOfATopLevelArray) {
  std::vector<std::string> seen;
  Status status = json::parse_array_stream(R"([{"id":1},{"id":"b"},7])", [&](std::size_t index, json::Value& v) -> Status {
    seen.push_back(std::to_string(index) + ":" + json::type_name(v));
    return Ok{};
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"0:an object", "1:an object", "2:a number"}));

  Status object = json::parse_array_stream(R"({"id":1})", [](std::size_t, json::Value&) -> Status { return Ok{}; });
  ASSERT_FALSE(object.ok());
  EXPECT_EQ(object.error().code, ErrorCode::wrong_type);
}

}  // namespace
}  // namespace loyalty
