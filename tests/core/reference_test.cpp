// The classic task's figures from three independent public implementations
// (tests/fixtures/classic/*/expected.json names each source), checked
// against the shipped classic program.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loyalty/statement.hpp"
#include "test_support.hpp"

namespace loyalty {
namespace {

using testing::classic;
using testing::fixture;

class ReferenceData : public ::testing::TestWithParam<const char*> {};

TEST_P(ReferenceData, PerTransactionPoints) {
  auto expected = nlohmann::json::parse(fixture(std::string("classic/") + GetParam() + "/expected.json"));
  for (const auto& row : expected["per_transaction"]) {
    auto amount = parse_amount(row["amount"].get<std::string>(), classic().currency);
    ASSERT_TRUE(amount.ok()) << row.dump();
    auto points = classic().points_for_purchase(*amount);
    ASSERT_TRUE(points.ok());
    EXPECT_EQ(*points, row["points"].get<std::int64_t>()) << row.dump();
  }
}

TEST_P(ReferenceData, Statements) {
  const std::string dir = std::string("classic/") + GetParam();
  auto expected = nlohmann::json::parse(fixture(dir + "/expected.json"));
  const std::string log = fixture(dir + "/transactions.json");
  ASSERT_FALSE(expected["statements"].empty());
  for (const auto& want : expected["statements"]) {
    StatementOptions options;
    if (!want["from"].is_null()) options.from = *parse_year_month(want["from"].get<std::string>());
    if (!want["to"].is_null()) options.to = *parse_year_month(want["to"].get<std::string>());
    auto statement = compute_statement(classic(), log, LogFormat::json, dir, options);
    ASSERT_TRUE(statement.ok()) << statement.error().describe();
    EXPECT_EQ(statement->customers.size(), want["customer_count"].get<std::size_t>()) << want.dump();
    for (const auto& [id, figures] : want["customers"].items()) {
      const CustomerStatement* found = nullptr;
      for (const auto& c : statement->customers) {
        if (c.customer == id) found = &c;
      }
      ASSERT_NE(found, nullptr) << id;
      EXPECT_EQ(found->total, figures["total"].get<std::int64_t>()) << id;
      EXPECT_EQ(found->months.size(), figures["months_count"].get<std::size_t>()) << id;
      for (const auto& [ym, points] : figures["months"].items()) {
        bool matched = false;
        for (const auto& m : found->months) {
          if (m.month.to_string() == ym) {
            EXPECT_EQ(m.points, points.get<std::int64_t>()) << id << " " << ym;
            matched = true;
          }
        }
        EXPECT_TRUE(matched) << id << " has no month " << ym;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Classic, ReferenceData,
                         ::testing::Values("JudeHuang2004-customers-rewards-demo",
                                           "sadineni25-Awarding-Service",
                                           "vasnimartin-retailer-rewards"),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                           std::string name = param_info.param;
                           return name.substr(0, name.find('-'));
                         });

}  // namespace
}  // namespace loyalty
