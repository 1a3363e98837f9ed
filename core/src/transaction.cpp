#include "loyalty/transaction.hpp"
#include "text.hpp"

namespace loyalty {

std::string Origin::describe(std::string_view source) const {
  std::string name = source.empty() ? std::string("<input>") : std::string(source);
  if (format == LogFormat::csv) return name + ":" + to_text(position);
  return name + ": [" + to_text(position) + "]";
}

namespace {
bool ends_with_ci(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  text = text.substr(text.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}
}  // namespace

LogFormat detect_log_format(std::string_view file_name, std::string_view text) {
  if (ends_with_ci(file_name, ".json")) return LogFormat::json;
  if (ends_with_ci(file_name, ".csv")) return LogFormat::csv;
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  auto first = text.find_first_not_of(" \t\r\n", start);
  if (first != std::string_view::npos && (text[first] == '[' || text[first] == '{')) {
    return LogFormat::json;
  }
  return LogFormat::csv;
}

Status read_transactions(std::string_view text, LogFormat format, std::string_view source,
                         const Currency& currency, const TransactionSink& sink) {
  return format == LogFormat::csv ? read_transactions_csv(text, source, currency, sink)
                                  : read_transactions_json(text, source, currency, sink);
}

}  // namespace loyalty
