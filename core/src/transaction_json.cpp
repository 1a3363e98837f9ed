#include "json_fields.hpp"
#include "loyalty/transaction.hpp"
#include "try.hpp"

namespace loyalty {
namespace {

using json::Json;

class JsonTransactionReader {
 public:
  JsonTransactionReader(const Currency& currency, const TransactionSink& sink)
      : currency_(currency), sink_(sink) {}

  Status operator()(std::size_t index, Json& element) {
    LOYALTY_LET(fields, json::object_at(element, json::item("", index), "a transaction object"));
    Transaction transaction;
    LOYALTY_TRY(transaction.id, fields.identifier("id", true));
    LOYALTY_TRY(transaction.customer, fields.identifier("customer", true));
    LOYALTY_LET(moment, fields.moment("date"));
    transaction.date = moment.date;
    transaction.utc_seconds = moment.utc_seconds;
    LOYALTY_TRY(transaction.amount_minor, fields.amount("amount", currency_, false));
    LOYALTY_CHECK(fields.same_currency(currency_, "transactions"));
    Status accepted = sink_(std::move(transaction), Origin{LogFormat::json, index});
    if (!accepted && accepted.error().where.empty()) return located(std::move(accepted).error(), fields.path());
    return accepted;
  }

 private:
  const Currency& currency_;
  const TransactionSink& sink_;
};

}  // namespace

Status read_transactions_json(std::string_view text, std::string_view source,
                              const Currency& currency, const TransactionSink& sink) {
  JsonTransactionReader reader(currency, sink);
  Status status = json::parse_array_stream(
      text, [&reader](std::size_t index, Json& element) { return reader(index, element); });
  if (!status) return located(std::move(status).error(), source.empty() ? "<input>" : source);
  return Ok{};
}

}  // namespace loyalty
