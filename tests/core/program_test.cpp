#include <gtest/gtest.h>

#include <limits>

#include "loyalty/program.hpp"
#include "test_support.hpp"

#include <nlohmann/json.hpp>

namespace loyalty {
namespace {

using testing::classic;

std::int64_t classic_points(std::string_view amount) {
  auto minor = parse_amount(amount, classic().currency);
  EXPECT_TRUE(minor.ok()) << amount;
  auto points = classic().points_for_purchase(minor.ok() ? *minor : 0);
  EXPECT_TRUE(points.ok());
  return points.ok() ? *points : -1;
}

TEST(ClassicProgram, IssueFigures) {
  EXPECT_EQ(classic_points("120"), 90);
  EXPECT_EQ(classic_points("50"), 0);
  EXPECT_EQ(classic_points("100"), 50);
  EXPECT_EQ(classic_points("100.75"), 50);
  EXPECT_EQ(classic_points("101.01"), 52);
}

TEST(ClassicProgram, BandEdges) {
  EXPECT_EQ(classic_points("0"), 0);
  EXPECT_EQ(classic_points("49.99"), 0);
  EXPECT_EQ(classic_points("50.99"), 0);  // truncated to $50: thresholds are strict
  EXPECT_EQ(classic_points("51"), 1);
  EXPECT_EQ(classic_points("99.99"), 49);
  EXPECT_EQ(classic_points("100.99"), 50);
  EXPECT_EQ(classic_points("101"), 52);
  EXPECT_EQ(classic_points("120.75"), 90);  // the majority convention
  EXPECT_EQ(classic_points("1000"), 1850);
}

TEST(ClassicProgram, NegativeAmountsEarnNothing) {
  EXPECT_EQ(classic_points("-10"), 0);
  EXPECT_EQ(classic_points("-200"), 0);
}

TEST(ClassicProgram, IsDescribed) {
  EXPECT_EQ(classic().id, "classic");
  EXPECT_EQ(classic().currency.code, "USD");
  ASSERT_EQ(classic().earn.size(), 1u);
  EXPECT_EQ(classic().earn[0].kind, EarnKind::spend_bands);
  EXPECT_EQ(classic().earn[0].rounding, Rounding::truncate_amount);
}

Program with_rounding(const char* rounding) {
  std::string text = R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"b",
    "rounding":")" + std::string(rounding) + R"(","bands":[{"above":50,"points_per_unit":1},
    {"above":100,"points_per_unit":2}]}]})";
  auto program = parse_program(text);
  EXPECT_TRUE(program.ok()) << (program.ok() ? "" : program.error().describe());
  return program.ok() ? std::move(program).value() : Program{};
}

std::int64_t points(const Program& program, std::int64_t minor) {
  auto result = program.points_for_purchase(minor);
  EXPECT_TRUE(result.ok());
  return result.ok() ? *result : -1;
}

TEST(Rounding, EachModeSettlesFractionsAsDocumented) {
  Program truncate_amount = with_rounding("truncate_amount");
  Program round_amount = with_rounding("round_amount_half_up");
  Program truncate_points = with_rounding("truncate_points");
  Program round_points = with_rounding("round_points_half_up");
  // $120.75: whole dollars 120 -> 90; rounded 121 -> 92; exact 91.5 -> 91 / 92.
  EXPECT_EQ(points(truncate_amount, 12075), 90);
  EXPECT_EQ(points(round_amount, 12075), 92);
  EXPECT_EQ(points(truncate_points, 12075), 91);
  EXPECT_EQ(points(round_points, 12075), 92);
  // $120.49: 90; 90; exact 90.98 -> 90 / 91.
  EXPECT_EQ(points(round_amount, 12049), 90);
  EXPECT_EQ(points(truncate_points, 12049), 90);
  EXPECT_EQ(points(round_points, 12049), 91);
  // $120.50 rounds up to $121.
  EXPECT_EQ(points(round_amount, 12050), 92);
  // $50.60: nothing truncated, $51 rounded, 0.6 point exact.
  EXPECT_EQ(points(truncate_amount, 5060), 0);
  EXPECT_EQ(points(round_amount, 5060), 1);
  EXPECT_EQ(points(truncate_points, 5060), 0);
  EXPECT_EQ(points(round_points, 5060), 1);
}

TEST(SpendBands, FractionalRatesAreExact) {
  auto program = parse_program(R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands",
    "id":"half","bands":[{"above":0,"points_per_unit":"0.5"}]}]})");
  ASSERT_TRUE(program.ok()) << program.error().describe();
  EXPECT_EQ(points(*program, 300), 1);   // $3 -> 1.5 -> 1
  EXPECT_EQ(points(*program, 400), 2);
  EXPECT_EQ(points(*program, 10001), 50);  // $100.01 -> $100 -> 50
}

TEST(SpendBands, ZeroDecimalCurrency) {
  auto program = parse_program(R"({"id":"p","currency":"JPY","earn":[{"type":"spend_bands",
    "id":"yen","bands":[{"above":1000,"points_per_unit":"0.01"}]}]})");
  ASSERT_TRUE(program.ok()) << program.error().describe();
  EXPECT_EQ(points(*program, 1000), 0);
  EXPECT_EQ(points(*program, 1550), 5);
}

TEST(SpendBands, HugeAmountsDoNotOverflow) {
  auto program = parse_program(R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands",
    "id":"big","bands":[{"above":0,"points_per_unit":1000000}]}]})");
  ASSERT_TRUE(program.ok());
  auto result = program->points_for_purchase(std::numeric_limits<std::int64_t>::max());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::overflow);
  EXPECT_EQ(points(classic(), std::numeric_limits<std::int64_t>::max()),
            (std::numeric_limits<std::int64_t>::max() / 100 - 100) * 2 + 50);
}

TEST(SpendBands, RulesAddUp) {
  auto program = parse_program(R"({"id":"p","currency":"USD","earn":[
    {"type":"spend_bands","id":"a","bands":[{"above":0,"points_per_unit":1}]},
    {"type":"spend_bands","id":"b","bands":[{"above":100,"points_per_unit":1}]}]})");
  ASSERT_TRUE(program.ok());
  EXPECT_EQ(points(*program, 15000), 200);
}

struct BadProgram {
  const char* text;
  ErrorCode code;
  const char* where;

  friend void PrintTo(const BadProgram& bad, std::ostream* os) {
    *os << error_code_name(bad.code) << " at " << bad.where;
  }
};

class InvalidPrograms : public ::testing::TestWithParam<BadProgram> {};

TEST_P(InvalidPrograms, NameTheFieldAndReason) {
  const BadProgram& bad = GetParam();
  auto program = parse_program(bad.text, "p.json");
  ASSERT_FALSE(program.ok()) << bad.text;
  EXPECT_EQ(program.error().code, bad.code) << program.error().describe();
  EXPECT_EQ(program.error().where, bad.where) << program.error().describe();
  EXPECT_FALSE(program.error().message.empty());
}


INSTANTIATE_TEST_SUITE_P(
    Program, InvalidPrograms,
    ::testing::Values(
        BadProgram{"", ErrorCode::json_syntax, "p.json"},
        BadProgram{R"({"id":"p",)", ErrorCode::json_syntax, "p.json: id"},
        BadProgram{"[]", ErrorCode::wrong_type, "p.json"},
        BadProgram{R"({"currency":"USD","earn":[]})", ErrorCode::missing_field, "p.json: id"},
        BadProgram{R"({"id":7,"currency":"USD","earn":[]})", ErrorCode::wrong_type, "p.json: id"},
        BadProgram{R"({"id":"p","earn":[]})", ErrorCode::missing_field, "p.json: currency"},
        BadProgram{R"({"id":"p","currency":"usd","earn":[]})", ErrorCode::invalid_value,
                   "p.json: currency"},
        BadProgram{R"({"id":"p","currency":"XTS","earn":[]})", ErrorCode::invalid_value,
                   "p.json: currency"},
        BadProgram{R"({"id":"p","currency":{"code":"XTS","minor_units":9},"earn":[]})",
                   ErrorCode::invalid_value, "p.json: currency.minor_units"},
        BadProgram{R"({"id":"p","currency":"USD"})", ErrorCode::missing_field, "p.json: earn"},
        BadProgram{R"({"id":"p","currency":"USD","earn":{}})", ErrorCode::wrong_type,
                   "p.json: earn"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"ern":1})", ErrorCode::invalid_program,
                   "p.json: ern"},
        BadProgram{R"({"id":"p","version":2,"currency":"USD","earn":[]})",
                   ErrorCode::invalid_value, "p.json: version"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"bogus"}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].type"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","bands":[]}]})",
                   ErrorCode::missing_field, "p.json: earn[0].id"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r"}]})",
                   ErrorCode::missing_field, "p.json: earn[0].bands"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r","bands":[]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].bands"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "bands":[{"above":50,"points_per_unit":1},{"above":"50.00","points_per_unit":2}]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].bands[1].above"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "bands":[{"above":"fifty","points_per_unit":1}]}]})",
                   ErrorCode::invalid_amount, "p.json: earn[0].bands[0].above"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "bands":[{"above":50.001,"points_per_unit":1}]}]})",
                   ErrorCode::invalid_amount, "p.json: earn[0].bands[0].above"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "bands":[{"above":50,"points_per_unit":true}]}]})",
                   ErrorCode::wrong_type, "p.json: earn[0].bands[0].points_per_unit"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "bands":[{"above":50,"points_per_unit":-1}]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].bands[0].points_per_unit"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "rounding":"banker","bands":[{"above":50,"points_per_unit":1}]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].rounding"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"spend_bands","id":"r",
                   "bands":[{"above":50,"points_per_unit":1}]},{"type":"spend_bands","id":"r",
                   "bands":[{"above":50,"points_per_unit":1}]}]})",
                   ErrorCode::invalid_value, "p.json: earn[1].id"},
        BadProgram{R"({"id":"p","id":"q","currency":"USD","earn":[]})", ErrorCode::duplicate_key,
                   "p.json: id"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"per_visit","id":"v"}]})",
                   ErrorCode::missing_field, "p.json: earn[0].points"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"per_visit","id":"v","points":-1}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].points"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"category_multiplier","id":"m","multiplier":2}]})",
                   ErrorCode::missing_field, "p.json: earn[0].categories"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"category_multiplier","id":"m","multiplier":0.5,"categories":["a"]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].multiplier"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"event","id":"e","event":"purchase","points":1}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].event"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"event","id":"e","event":"custom","points":1}]})",
                   ErrorCode::missing_field, "p.json: earn[0].name"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"event","id":"e","event":"review","points":1,"caps":{"week":1}}]})",
                   ErrorCode::invalid_program, "p.json: earn[0].caps.week"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"promotion","id":"x","multiplier":2,"from":"2026-02-01","to":"2026-01-01"}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].to"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"promotion","id":"x","multiplier":2,"weekdays":[0]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].weekdays[0]"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"promotion","id":"x","multiplier":2,"from":"2026-02-30"}]})",
                   ErrorCode::invalid_date, "p.json: earn[0].from"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"surprise","id":"s","points":5,"one_in":0}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].one_in"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[{"type":"per_visit","id":"v","points":1,"tiers":["gold"]}]})",
                   ErrorCode::invalid_value, "p.json: earn[0].tiers[0]"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"tiers":{"levels":[{"id":"a","threshold":10}]}})",
                   ErrorCode::invalid_value, "p.json: tiers.levels[0].threshold"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"tiers":{"levels":[{"id":"a","threshold":0},{"id":"b","threshold":0}]}})",
                   ErrorCode::invalid_value, "p.json: tiers.levels[1].threshold"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"tiers":{"levels":[{"id":"a","threshold":0},{"id":"b","threshold":10,"retention":20}]}})",
                   ErrorCode::invalid_value, "p.json: tiers.levels[1].retention"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"tiers":{"levels":[{"id":"a","threshold":0},{"id":"v","invitation_only":true,"threshold":5}]}})",
                   ErrorCode::invalid_value, "p.json: tiers.levels[1].threshold"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"tiers":{"window":"weekly","levels":[{"id":"a","threshold":0}]}})",
                   ErrorCode::invalid_value, "p.json: tiers.window"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"expiry":{"policy":"after_days"}})",
                   ErrorCode::missing_field, "p.json: expiry.days"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"expiry":{"policy":"never","days":3}})",
                   ErrorCode::invalid_value, "p.json: expiry.days"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"amount_off","cost":0,"value":1}]})",
                   ErrorCode::invalid_value, "p.json: rewards[0].cost"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"amount_off","cost":1.5,"value":1}]})",
                   ErrorCode::wrong_type, "p.json: rewards[0].cost"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"percent_off","cost":10,"percent":101}]})",
                   ErrorCode::invalid_value, "p.json: rewards[0].percent"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"free_product","cost":10}]})",
                   ErrorCode::missing_field, "p.json: rewards[0].sku"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"points_to_discount","cost":100,"value":1,"max_points":150}]})",
                   ErrorCode::invalid_value, "p.json: rewards[0].max_points"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"free_shipping","cost":10,"min_tier":"gold"}]})",
                   ErrorCode::invalid_value, "p.json: rewards[0].min_tier"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"coupon","cost":10}]})",
                   ErrorCode::invalid_value, "p.json: rewards[0].type"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"rewards":[{"id":"r","type":"free_shipping","cost":10},{"id":"r","type":"free_shipping","cost":5}]})",
                   ErrorCode::invalid_value, "p.json: rewards[1].id"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"pending_days":-1})", ErrorCode::invalid_value,
                   "p.json: pending_days"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"time_zone":"../etc/passwd"})", ErrorCode::invalid_value,
                   "p.json: time_zone"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"time_zone":"America//New_York"})", ErrorCode::invalid_value,
                   "p.json: time_zone"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"time_zone":"New York"})", ErrorCode::invalid_value,
                   "p.json: time_zone"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"time_zone":7})", ErrorCode::wrong_type,
                   "p.json: time_zone"},
        BadProgram{R"({"id":"p","currency":"USD","earn":[],"exclusions":{"categories":[""]}})", ErrorCode::wrong_type,
                   "p.json: exclusions.categories[0]"}));

TEST(Program, TheShippedDemoProgramLoads) {
  Program demo = testing::shipped_program("demo.json");
  EXPECT_EQ(demo.id, "demo");
  EXPECT_EQ(demo.tiers.levels.size(), 4u);
  EXPECT_TRUE(demo.tiers.levels.back().invitation_only);
  EXPECT_EQ(demo.rewards.size(), 6u);
  EXPECT_EQ(demo.causes.size(), 2u);
  EXPECT_EQ(demo.pledge.percent_e2, 100);  // 1%
  EXPECT_EQ(demo.exchange_rates.codes(), "EUR, GBP");
  EXPECT_EQ(demo.expiry.policy, ExpiryPolicy::inactivity_days);
  EXPECT_FALSE(demo.is_stateless());
  EXPECT_TRUE(classic().is_stateless());
}

TEST(Program, WaysToEarnDescribeEveryRule) {
  Program demo = testing::shipped_program("demo.json");
  auto ways = nlohmann::json::parse(render_ways_to_earn_json(demo));
  ASSERT_EQ(ways["earn"].size(), demo.earn.size());
  for (const auto& rule : ways["earn"]) EXPECT_FALSE(rule["description"].get<std::string>().empty());
  EXPECT_EQ(ways["tiers"]["levels"][1]["threshold"], "300.00");
  EXPECT_EQ(ways["rewards"][0]["value"], "5.00");
  EXPECT_EQ(ways["point_value"], "0.01");
  Program plain = testing::program_from(R"({"id":"p","currency":"USD","earn":[
    {"type":"per_visit","id":"v","points":10,"min_spend":"25.00"},
    {"type":"category_multiplier","id":"m","multiplier":"1.5","categories":["shoes"]}]})");
  auto described = nlohmann::json::parse(render_ways_to_earn_json(plain));
  EXPECT_EQ(described["earn"][0]["description"], "10 points for every order of USD 25.00 or more");
  EXPECT_EQ(described["earn"][1]["description"], "1.5x points on shoes");
}

TEST(Program, TimeZoneIsTheShopsAndDefaultsToUtc) {
  EXPECT_EQ(classic().time_zone, "UTC");
  EXPECT_EQ(testing::shipped_program("demo.json").time_zone, "America/New_York");
  for (const char* zone : {"Asia/Tokyo", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Etc/GMT-14", "UTC"}) {
    Program program = testing::program_from(std::string(R"({"id":"p","currency":"USD","earn":[],"time_zone":")") + zone + "\"}");
    EXPECT_EQ(program.time_zone, zone);
    EXPECT_EQ(nlohmann::json::parse(render_ways_to_earn_json(program))["time_zone"], zone);
  }
}

TEST(Program, AnnotationsAreAllowed) {
  auto program = parse_program(R"({"$schema":"x","_comment":"hi","id":"p","currency":"USD",
    "earn":[{"_note":"n","type":"spend_bands","id":"r","bands":[{"above":0,"points_per_unit":1}]}]})");
  EXPECT_TRUE(program.ok()) << program.error().describe();
}

TEST(Program, CustomCurrencyWithMinorUnits) {
  auto program = parse_program(R"({"id":"p","currency":{"code":"XTS","minor_units":3},"earn":[]})");
  ASSERT_TRUE(program.ok()) << program.error().describe();
  EXPECT_EQ(program->currency.exponent, 3);
}

TEST(Program, PathologicalNestingIsRejected) {
  std::string deep = R"({"id":"p","currency":"USD","earn":[],"_x":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  auto program = parse_program(deep);
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.error().code, ErrorCode::json_too_deep);
}

}  // namespace
}  // namespace loyalty
