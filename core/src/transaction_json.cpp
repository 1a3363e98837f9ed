#include "json_reader.hpp"
#include "loyalty/transaction.hpp"

namespace loyalty {
namespace {

using json::Json;

class JsonTransactionReader {
 public:
  JsonTransactionReader(const Currency& currency, const TransactionSink& sink)
      : currency_(currency), sink_(sink) {}

  Status operator()(std::size_t index, Json& element) {
    index_ = index;
    if (!element.is_object()) {
      return fail("", ErrorCode::wrong_type,
                  "expected a transaction object, found " + json::type_name(element));
    }
    Transaction transaction;
    if (auto status = read_key(element, "id", transaction.id); !status) return status;
    if (auto status = read_key(element, "customer", transaction.customer); !status) return status;

    auto date = element.find("date");
    if (date == element.end()) return fail("date", ErrorCode::missing_field, "is required");
    if (!date->is_string()) {
      return fail("date", ErrorCode::wrong_type,
                  "expected a date string, found " + json::type_name(*date));
    }
    auto parsed_date = parse_moment(date->get_ref<const std::string&>());
    if (!parsed_date) return fail("date", std::move(parsed_date).error());
    transaction.date = parsed_date->date;
    transaction.utc_seconds = parsed_date->utc_seconds;

    auto amount = element.find("amount");
    if (amount == element.end()) return fail("amount", ErrorCode::missing_field, "is required");
    auto amount_text = json::number_or_string_text(*amount);
    if (!amount_text) {
      return fail("amount", ErrorCode::wrong_type,
                  "expected a number or a decimal string, found " + json::type_name(*amount));
    }
    auto minor = parse_amount(*amount_text, currency_);
    if (!minor) return fail("amount", std::move(minor).error());
    transaction.amount_minor = *minor;

    if (auto code = element.find("currency"); code != element.end()) {
      if (!code->is_string() || code->get_ref<const std::string&>() != currency_.code) {
        return fail("currency", ErrorCode::invalid_value,
                    "the program's currency is " + currency_.code +
                        "; transactions in other currencies are not converted");
      }
    }
    Status accepted = sink_(std::move(transaction), Origin{LogFormat::json, index});
    if (!accepted && accepted.error().where.empty()) return fail("", std::move(accepted).error());
    return accepted;
  }

 private:
  // Identifiers are strings; whole numbers are accepted and kept as their text.
  Status read_key(const Json& element, const char* key, std::string& out) {
    auto it = element.find(key);
    if (it == element.end()) return fail(key, ErrorCode::missing_field, "is required");
    auto text = json::identifier_text(*it);
    if (!text) return fail(key, ErrorCode::wrong_type, "expected a string, found " + json::type_name(*it));
    out = std::move(*text);
    if (out.empty()) return fail(key, ErrorCode::invalid_value, "must not be empty");
    return Ok{};
  }

  Error fail(std::string_view field, ErrorCode code, std::string message) {
    return fail(field, Error{code, "", std::move(message)});
  }

  Error fail(std::string_view field, Error error) {
    error.where = "[" + std::to_string(index_) + "]";
    if (!field.empty()) error.where += "." + std::string(field);
    return error;
  }

  const Currency& currency_;
  const TransactionSink& sink_;
  std::size_t index_ = 0;
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
