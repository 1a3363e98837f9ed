// A shop's own export read as it is: which column holds each field the
// statement needs (`--columns`, a mapping document, or a preset for
// Shopify's, WooCommerce's or a line-item export), how its dates are written
// (`--date-format "MM/DD/YYYY HH:mm"`), and how returns are read. The CLI
// and the engine API (program.statement(bytes, {columns, dateFormat})) take
// the same mapping, so both read a file identically.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loyalty/date.hpp"
#include "loyalty/error.hpp"
#include "loyalty/event.hpp"
#include "loyalty/money.hpp"

namespace loyalty {

// What a column can mean. Either `amount` (the order's total) or `quantity`
// and `price` (a line item; rows sharing an id are one order) is needed.
enum class ExportField { id, customer, date, amount, quantity, price, sku, category, currency };
inline constexpr std::size_t kExportFieldCount = 9;
std::string_view export_field_name(ExportField field);  // "id", "customer", ...
std::optional<ExportField> export_field_named(std::string_view name);

// How a return is read: a negative line, or every line of an order whose id
// starts with the cancellation prefix ("C536379").
enum class ReturnPolicy {
  refund,  // a refund of the customer's earlier purchases, latest first (the default)
  ignore,  // skipped, and counted in one warning
};
std::string_view return_policy_name(ReturnPolicy policy);

// Dates written by tokens: YYYY, MM or M, DD or D (one or two digits),
// HH or H (0-23), hh or h (1-12, with A for AM/PM), mm, ss, Z (an offset:
// "Z", "+05:00", "-0500"); anything else must appear as written, and a space
// matches one or more spaces. "ISO" (or empty) reads YYYY-MM-DD, RFC 3339,
// and the "YYYY-MM-DD HH:mm[:ss][ +HHMM]" shape shop exports use. As
// everywhere in the engine, the date as written decides the month.
class DateFormat {
 public:
  static Result<DateFormat> parse(std::string_view pattern);  // usage error naming the bad token
  Result<Moment> read(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }  // "ISO" for the default
  bool is_iso() const { return tokens_.empty(); }

 private:
  enum class Token { year, month, day, hour24, hour12, minute, second, meridiem, offset, space, literal };
  struct Part {
    Token token;
    char literal = 0;
  };
  std::string pattern_ = "ISO";
  std::vector<Part> tokens_;
};

// What a caller asks for; every part is optional. Columns given here win
// over the preset's.
struct MappingRequest {
  std::string preset;  // "shopify", "woocommerce", "line-items"; empty: guessed when the header needs it
  std::array<std::optional<std::string>, kExportFieldCount> columns;  // "" unmaps a preset's column
  std::optional<std::string> date_format;
  std::optional<ReturnPolicy> returns;
  std::optional<std::string> cancellation_prefix;

  bool empty() const;
};

// "id=InvoiceNo,customer=CustomerID,date=InvoiceDate,quantity=Quantity,price=UnitPrice"
// (a column name may be quoted when it holds a comma or an equals sign).
Result<MappingRequest> parse_columns_option(std::string_view spec);
// {"preset", "columns": {"id": "InvoiceNo", ...}, "date_format", "returns",
//  "cancellation_prefix"}: the same as a document, e.g. for `--mapping FILE`.
Result<MappingRequest> parse_mapping_document(std::string_view json_text, std::string_view source);
// `over`'s parts replace `base`'s (the CLI's flags over its --mapping file).
MappingRequest merge_requests(MappingRequest base, const MappingRequest& over);

// The mapping as resolved against a header.
struct ColumnMapping {
  std::string preset;  // the preset it started from, "" for none
  bool guessed = false;  // the preset was recognised from the header, not asked for
  std::array<std::string, kExportFieldCount> columns;  // header names; "" when not mapped
  std::array<std::size_t, kExportFieldCount> index{};  // positions in the header
  DateFormat date_format;
  ReturnPolicy returns = ReturnPolicy::refund;
  std::string cancellation_prefix;

  bool has(ExportField field) const { return !columns[static_cast<std::size_t>(field)].empty(); }
  bool line_items() const { return has(ExportField::quantity); }
};

struct ExportPreset {
  std::string_view name;   // "shopify"
  std::string_view label;  // "Shopify orders export"
};
const std::vector<ExportPreset>& export_presets();

// The header as exactly id,customer,date,amount (and the other field names)
// needs no mapping: the plain log reader reads it faster.
bool header_is_plain_log(const std::vector<std::string>& header);

// Resolves `request` against `header` (its first record): a named preset
// takes, for each field, the first of its candidate columns the header has;
// with no preset and no columns, a header that is not a plain log is matched
// against the presets. Errors name `where` (the header's line) and list the
// header.
Result<ColumnMapping> resolve_mapping(const MappingRequest& request, const std::vector<std::string>& header,
                                      const std::string& where);

// The mapping as JSON ({"preset","guessed","columns":{...},"date_format",
// "returns","cancellation_prefix"}): what --explain prints and the studio shows.
std::string render_mapping_json(const ColumnMapping& mapping);

// How the rows of an export were read: the statement says how many rows it
// treated each way.
struct ExportReading {
  ColumnMapping mapping;
  std::int64_t rows = 0;                // data rows in the file
  std::int64_t purchases = 0;           // orders (rows sharing an id count once)
  std::int64_t line_items = 0;          // rows read as lines of an order
  std::int64_t return_rows = 0;         // negative lines and cancellation rows
  std::int64_t refunds = 0;             // refunds made of them (one per purchase reached)
  std::int64_t ignored_return_rows = 0;  // by the "ignore" policy
  std::int64_t guest_rows = 0;          // rows without a customer, skipped
  std::int64_t unmatched_return_minor = 0;  // returned money no earlier purchase in the file covered
};

// Reads a CSV export through `request`: each order (the rows sharing an id)
// becomes a purchase of the exact sum of its lines; returns become refunds
// of the customer's purchases at or before them, latest first (what no
// earlier purchase in the file covers takes no points and is counted); rows
// without a customer are skipped and counted. Stops at the first bad row
// with an error naming the file, the line and the column. Orders in another
// currency (its column) need a rate in `rates` and become purchases naming
// that currency, converted at the rate of their day; a return reaches only
// purchases paid in its own currency and is valued at their rate.
Result<std::vector<Event>> read_export(std::string_view text, std::string_view source, const Currency& currency,
                                       const MappingRequest& request, ExportReading& reading,
                                       std::vector<Warning>& warnings, const ExchangeRates& rates = ExchangeRates{});

// For a person: which export it was read as, each field's column, the date
// format and return policy, and (in full) how many rows were read each way.
std::string describe_reading(const ExportReading& reading, std::string_view source, const Currency& currency,
                             bool full);

// The first rows of an export as a mapping reads them, for a person to check
// before the statement is computed (the studio's mapping step).
struct PreviewRow {
  std::uint64_t line = 0;
  std::vector<std::string> cells;
  std::string kind;  // "order", "line", "return", "guest"; empty with an error
  std::string id;
  std::string customer;
  std::string date;                   // the date that decides the month
  std::optional<std::int64_t> money;  // the line's or order's money, negative for a return line
  std::optional<Currency> currency;   // the money's, when not the program's
  std::optional<Error> error;         // this row would stop the statement
};
struct ExportPreview {
  std::vector<std::string> header;
  std::optional<ColumnMapping> mapping;
  std::optional<Error> error;  // the mapping does not fit the header
  std::vector<PreviewRow> rows;
};
ExportPreview preview_export(std::string_view text, std::string_view source, const Currency& currency,
                             const MappingRequest& request, std::size_t max_rows,
                             const ExchangeRates& rates = ExchangeRates{});
// {"header", "mapping", "error", "presets": [{name, label}], "rows": [{line,
//  cells, kind, id, customer, date, amount, error}]}
std::string render_export_preview_json(const ExportPreview& preview, const Currency& currency);

// Whether a CSV text is read as a shop's export (through `mapping`, or a
// preset guessed from its header) rather than as a plain log: the statement
// and the events document decide alike.
Result<bool> reads_as_export(std::string_view text, std::string_view source, const MappingRequest& mapping);

}  // namespace loyalty
