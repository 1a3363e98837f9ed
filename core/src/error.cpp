#include "loyalty/error.hpp"

namespace loyalty {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::io: return "io";
    case ErrorCode::json_syntax: return "json_syntax";
    case ErrorCode::json_too_deep: return "json_too_deep";
    case ErrorCode::duplicate_key: return "duplicate_key";
    case ErrorCode::wrong_type: return "wrong_type";
    case ErrorCode::missing_field: return "missing_field";
    case ErrorCode::invalid_value: return "invalid_value";
    case ErrorCode::invalid_amount: return "invalid_amount";
    case ErrorCode::amount_out_of_range: return "amount_out_of_range";
    case ErrorCode::invalid_date: return "invalid_date";
    case ErrorCode::csv_header: return "csv_header";
    case ErrorCode::csv_row: return "csv_row";
    case ErrorCode::invalid_utf8: return "invalid_utf8";
    case ErrorCode::overflow: return "overflow";
    case ErrorCode::invalid_program: return "invalid_program";
    case ErrorCode::usage: return "usage";
    case ErrorCode::out_of_order: return "out_of_order";
    case ErrorCode::unsupported: return "unsupported";
  }
  return "unknown";
}

std::string Error::describe() const {
  if (where.empty()) return message;
  return where + ": " + message;
}

Error located(Error error, std::string_view outer) {
  if (outer.empty()) return error;
  if (error.where.empty()) {
    error.where = std::string(outer);
  } else {
    error.where = std::string(outer) + ": " + error.where;
  }
  return error;
}

}  // namespace loyalty
