// libFuzzer: any bytes as a CSV transaction log, through a statement. Where
// the per-row path (a StatementBuilder fed by read_transactions_csv) reads
// the log, the engine's statement (its one-pass path for plain logs) must
// be the same, warnings included.
#include <cstdlib>
#include <string>

#include "statement_fuzz.hpp"

namespace {

std::string per_row(std::string_view text, const loyalty::StatementOptions& options) {
  using namespace loyalty;
  StatementBuilder builder(fuzz::classic(), options);
  Status read = read_transactions_csv(text, "fuzz", fuzz::classic().currency,
                                      [&](Transaction&& t, const Origin& origin) { return builder.add(t, origin, "fuzz"); });
  if (!read) return {};
  auto statement = builder.finish();
  return statement.ok() ? render_statement_json(*statement) : std::string{};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  loyalty::fuzz::statement_of(data, size, loyalty::LogFormat::csv);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  loyalty::StatementOptions ranged;
  ranged.from = loyalty::YearMonth{2026, 1};
  ranged.max_warnings = 2;
  for (const loyalty::StatementOptions& options : {loyalty::StatementOptions{}, ranged}) {
    const std::string expected = per_row(text, options);
    if (expected.empty()) continue;
    auto statement = loyalty::compute_statement(loyalty::fuzz::classic(), text, loyalty::LogFormat::csv, "fuzz", options);
    if (!statement.ok() || loyalty::render_statement_json(*statement) != expected) std::abort();
  }
  return 0;
}
