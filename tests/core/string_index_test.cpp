// The statement's string index against std::unordered_map (the oracle):
// the same dense index for every text, whatever its length or bytes, and
// texts that share a hash kept apart.
#include "string_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace loyalty {
namespace {

TEST(StringIndex, GivesTheIndexAMapWouldAcrossLengthsAndBytes) {
  std::mt19937 random(7);
  // Short texts (held in the slot) and long ones (compared byte by byte),
  // with NUL bytes, at and around the 7-byte boundary, and the empty text.
  std::vector<std::string> pool = {"", std::string(1, '\0'), std::string(2, '\0'), "c1", std::string("c1\0", 3),
                                   "1234567", "12345678", "123456", "customer-0001", "t999999", "t1000000"};
  for (int i = 0; i < 2000; ++i) {
    std::string text(random() % 12, '\0');
    for (char& c : text) c = static_cast<char>(random() % 4 == 0 ? random() % 256 : 'a' + random() % 3);
    pool.push_back(text);
  }
  StringIndex index;
  std::unordered_map<std::string, std::uint32_t> oracle;
  for (int i = 0; i < 20000; ++i) {
    const std::string& text = pool[random() % pool.size()];
    const auto [expected, fresh] = oracle.try_emplace(text, static_cast<std::uint32_t>(oracle.size()));
    const auto [got, added] = index.intern(text);
    ASSERT_EQ(got, expected->second) << "text of " << text.size() << " bytes";
    ASSERT_EQ(added, fresh);
  }
  ASSERT_EQ(index.size(), oracle.size());
  for (const auto& [text, at] : oracle) EXPECT_EQ(index.text(at), text);
}

TEST(StringIndex, FindsWhatWasInternedAndNothingElse) {
  std::mt19937 random(11);
  StringIndex index;
  EXPECT_FALSE(index.find("c1").has_value());  // before any slot exists
  std::unordered_map<std::string, std::uint32_t> oracle;
  std::vector<std::string> absent = {"", "c", "customer-0001x", std::string("c1\0", 3)};
  for (int i = 0; i < 5000; ++i) {
    std::string text(random() % 14, 'a');
    for (char& c : text) c = static_cast<char>('a' + random() % 5);
    if (i % 2 == 0) {
      oracle.try_emplace(text, index.intern(text).first);
    } else if (!oracle.count(text)) {
      absent.push_back(text);
    }
  }
  for (const auto& [text, at] : oracle) {
    const auto found = index.find(text);
    ASSERT_TRUE(found.has_value()) << text;
    EXPECT_EQ(*found, at) << text;
  }
  for (const std::string& text : absent) {
    if (!oracle.count(text)) {
      EXPECT_FALSE(index.find(text).has_value()) << "text of " << text.size() << " bytes";
    }
  }
  EXPECT_EQ(index.size(), oracle.size());  // finding adds nothing
}

TEST(StringIndex, KeepsApartTextsThatShareAHash) {
  const std::vector<std::string> texts = {"a", "b", std::string("a\0", 2), "", "abcdefg", "abcdefgh", "abcdefgi",
                                          std::string("abcdefg\0", 8)};
  StringIndex index;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto [at, added] = index.intern(texts[i], 42);
    EXPECT_EQ(at, i);
    EXPECT_TRUE(added) << i;
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto [at, added] = index.intern(texts[i], 42);
    EXPECT_EQ(at, i);
    EXPECT_FALSE(added) << i;
  }
}

TEST(StringIndex, FindsEveryTextAfterGrowing) {
  StringIndex index;
  for (std::uint32_t i = 0; i < 100000; ++i) ASSERT_EQ(index.intern("c" + std::to_string(i)).first, i);
  for (std::uint32_t i = 0; i < 100000; ++i) {
    const auto [at, added] = index.intern("c" + std::to_string(i));
    ASSERT_EQ(at, i);
    ASSERT_FALSE(added);
  }
}

}  // namespace
}  // namespace loyalty
