#include "loyalty/export_mapping.hpp"

#include <algorithm>

#include "csv_records.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"
#include "text.hpp"
#include "try.hpp"

namespace loyalty {
namespace {

constexpr std::array<std::string_view, kExportFieldCount> kFieldNames{
    "id", "customer", "date", "amount", "quantity", "price", "sku", "category", "currency"};

std::size_t slot(ExportField field) { return static_cast<std::size_t>(field); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A header's column by name: exactly, else ignoring ASCII case (exports
// differ in "Customer ID" and "Customer Id").
std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (same_name(header[i], name)) return i;
  }
  return std::nullopt;
}

std::string listed(const std::vector<std::string>& header) {
  std::string out;
  for (const auto& name : header) out += (out.empty() ? "" : ",") + shorten(name);
  return out;
}

// Reads up to `most` digits (at least `least`).
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t least, std::size_t most) {
  std::size_t start = pos;
  int value = 0;
  while (pos < text.size() && pos - start < most && is_digit(text[pos])) value = value * 10 + (text[pos++] - '0');
  if (pos - start < least) {
    pos = start;
    return std::nullopt;
  }
  return value;
}

struct Preset {
  ExportPreset info;
  // For each field, the columns it may be called, most likely first.
  std::array<std::vector<std::string_view>, kExportFieldCount> candidates;
  std::string_view date_format;  // "" for ISO
  std::string_view cancellation_prefix;
};

const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = [] {
    std::vector<Preset> out;
    Preset shopify{{"shopify", "Shopify orders export"}, {}, "", ""};
    // Points are earned on the subtotal (after discounts, before shipping
    // and tax), as merchants expect; Total when the export lacks it. Line
    // rows after an order's first repeat its Name and leave Subtotal empty.
    shopify.candidates[slot(ExportField::id)] = {"Name"};
    shopify.candidates[slot(ExportField::customer)] = {"Email"};
    shopify.candidates[slot(ExportField::date)] = {"Created at", "Paid at"};
    shopify.candidates[slot(ExportField::amount)] = {"Subtotal", "Total"};
    shopify.candidates[slot(ExportField::currency)] = {"Currency"};
    out.push_back(shopify);

    Preset woo{{"woocommerce", "WooCommerce orders export"}, {}, "", ""};
    woo.candidates[slot(ExportField::id)] = {"Order ID", "Order Number"};
    woo.candidates[slot(ExportField::customer)] = {"Customer Email", "Billing Email", "Customer ID"};
    woo.candidates[slot(ExportField::date)] = {"Order Date", "Date Created"};
    woo.candidates[slot(ExportField::amount)] = {"Order Subtotal", "Order Subtotal Amount", "Order Total",
                                                 "Order Total Amount"};
    woo.candidates[slot(ExportField::currency)] = {"Order Currency", "Currency"};
    out.push_back(woo);

    Preset lines{{"line-items", "line-item export (one row per product; cancellations prefixed C)"},
                 {}, "MM/DD/YYYY HH:mm", "C"};
    lines.candidates[slot(ExportField::id)] = {"InvoiceNo", "Invoice", "Invoice No", "Invoice Number",
                                               "Order ID", "Order Number", "order_id"};
    lines.candidates[slot(ExportField::customer)] = {"CustomerID", "Customer ID", "customer_id", "Customer",
                                                     "Customer Email", "Email"};
    lines.candidates[slot(ExportField::date)] = {"InvoiceDate", "Invoice Date", "Order Date", "Date"};
    lines.candidates[slot(ExportField::quantity)] = {"Quantity", "Qty"};
    lines.candidates[slot(ExportField::price)] = {"UnitPrice", "Unit Price", "Price"};
    lines.candidates[slot(ExportField::sku)] = {"StockCode", "Stock Code", "SKU"};
    lines.candidates[slot(ExportField::category)] = {"Category"};
    out.push_back(lines);
    return out;
  }();
  return table;
}

const Preset* preset_named(std::string_view name) {
  for (const Preset& preset : presets()) {
    if (preset.info.name == name) return &preset;
  }
  return nullptr;
}

// The preset's columns found in `header`; nullopt unless every field it
// needs is there.
std::optional<std::array<std::string, kExportFieldCount>> columns_in(const Preset& preset,
                                                                     const std::vector<std::string>& header) {
  std::array<std::string, kExportFieldCount> columns;
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    for (std::string_view candidate : preset.candidates[f]) {
      if (auto at = find_column(header, candidate)) {
        columns[f] = header[*at];
        break;
      }
    }
  }
  for (ExportField needed : {ExportField::id, ExportField::customer, ExportField::date}) {
    if (columns[slot(needed)].empty()) return std::nullopt;
  }
  const bool lines = !columns[slot(ExportField::quantity)].empty() && !columns[slot(ExportField::price)].empty();
  if (columns[slot(ExportField::amount)].empty() && !lines) return std::nullopt;
  return columns;
}

Error mapping_error(std::string where, std::string message) {
  return Error{ErrorCode::usage, std::move(where), std::move(message)};
}

}  // namespace

std::string_view export_field_name(ExportField field) { return kFieldNames[slot(field)]; }

std::optional<ExportField> export_field_named(std::string_view name) {
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    if (kFieldNames[f] == name) return static_cast<ExportField>(f);
  }
  return std::nullopt;
}

std::string_view return_policy_name(ReturnPolicy policy) {
  return policy == ReturnPolicy::refund ? "refund" : "ignore";
}

// ---------------------------------------------------------------- dates

Result<DateFormat> DateFormat::parse(std::string_view pattern) {
  DateFormat format;
  if (pattern.empty() || pattern == "ISO" || pattern == "iso") return format;
  format.pattern_ = std::string(pattern);
  bool has[3] = {false, false, false};
  bool twelve = false;
  bool meridiem = false;
  for (std::size_t i = 0; i < pattern.size();) {
    auto starts = [&](std::string_view token) { return pattern.substr(i, token.size()) == token; };
    auto add = [&](Token token, std::size_t length) {
      format.tokens_.push_back(Part{token, 0});
      i += length;
    };
    if (starts("YYYY")) { add(Token::year, 4); has[0] = true; }
    else if (starts("MM")) { add(Token::month, 2); has[1] = true; }
    else if (starts("M")) { add(Token::month, 1); has[1] = true; }
    else if (starts("DD")) { add(Token::day, 2); has[2] = true; }
    else if (starts("D")) { add(Token::day, 1); has[2] = true; }
    else if (starts("HH")) add(Token::hour24, 2);
    else if (starts("H")) add(Token::hour24, 1);
    else if (starts("hh")) { add(Token::hour12, 2); twelve = true; }
    else if (starts("h")) { add(Token::hour12, 1); twelve = true; }
    else if (starts("mm")) add(Token::minute, 2);
    else if (starts("ss")) add(Token::second, 2);
    else if (starts("A")) { add(Token::meridiem, 1); meridiem = true; }
    else if (starts("Z")) add(Token::offset, 1);
    else if (pattern[i] == ' ') {
      while (i < pattern.size() && pattern[i] == ' ') ++i;
      format.tokens_.push_back(Part{Token::space, 0});
    } else if ((pattern[i] >= 'a' && pattern[i] <= 'z' && pattern[i] != 't') ||
               (pattern[i] >= 'A' && pattern[i] <= 'Z' && pattern[i] != 'T')) {
      return mapping_error("--date-format",
                           "\"" + std::string(pattern.substr(i, 1)) + "\" in " + quote_value(pattern) +
                               " is not a token (tokens: YYYY MM DD HH hh mm ss A Z; or ISO)");
    } else {
      format.tokens_.push_back(Part{Token::literal, pattern[i]});
      ++i;
    }
  }
  if (!has[0] || !has[1] || !has[2]) {
    return mapping_error("--date-format", quote_value(pattern) + " needs a year, a month and a day (YYYY, MM, DD)");
  }
  if (twelve != meridiem) {
    return mapping_error("--date-format", quote_value(pattern) + ": a 12-hour clock (hh) goes with AM/PM (A)");
  }
  return format;
}

Result<Moment> DateFormat::read(std::string_view text) const {
  if (tokens_.empty()) {
    auto iso = parse_moment(text);
    if (iso) return iso;
    // Shop exports write "2026-01-31 14:05" and "2026-01-31 14:05:00 -0500".
    static const DateFormat kExportShapes[] = {*parse("YYYY-MM-DD HH:mm"), *parse("YYYY-MM-DD HH:mm Z"),
                                               *parse("YYYY-MM-DD HH:mm:ss Z")};
    for (const DateFormat& shape : kExportShapes) {
      if (auto moment = shape.read(text)) return moment;
    }
    return iso;
  }
  auto misfit = [&] {
    return Error{ErrorCode::invalid_date, "",
                 "date " + quote_value(text) + " does not fit the date format " + quote_value(pattern_)};
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::int64_t offset = 0;
  int meridiem = -1;  // 0 AM, 1 PM
  std::size_t pos = 0;
  for (const Part& part : tokens_) {
    std::optional<int> value;
    switch (part.token) {
      case Token::year: value = digits(text, pos, 4, 4); if (value) year = *value; break;
      case Token::month: value = digits(text, pos, 1, 2); if (value) month = *value; break;
      case Token::day: value = digits(text, pos, 1, 2); if (value) day = *value; break;
      case Token::hour24:
      case Token::hour12: value = digits(text, pos, 1, 2); if (value) hour = *value; break;
      case Token::minute: value = digits(text, pos, 1, 2); if (value) minute = *value; break;
      case Token::second: value = digits(text, pos, 1, 2); if (value) second = *value; break;
      case Token::meridiem:
        if (pos + 2 <= text.size() && lower(text[pos + 1]) == 'm' && (lower(text[pos]) == 'a' || lower(text[pos]) == 'p')) {
          meridiem = lower(text[pos]) == 'p' ? 1 : 0;
          pos += 2;
          value = 0;
        }
        break;
      case Token::offset:
        if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
          ++pos;
          value = 0;
        } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
          const bool ahead = text[pos++] == '+';
          auto hours = digits(text, pos, 2, 2);
          if (pos < text.size() && text[pos] == ':') ++pos;
          auto minutes = digits(text, pos, 0, 2);
          if (hours && *hours <= 23 && (!minutes || *minutes <= 59)) {
            offset = (*hours * 3600 + minutes.value_or(0) * 60) * (ahead ? 1 : -1);
            value = 0;
          }
        }
        break;
      case Token::space:
        if (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
          while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
          value = 0;
        }
        break;
      case Token::literal:
        if (pos < text.size() && text[pos] == part.literal) {
          ++pos;
          value = 0;
        }
        break;
    }
    if (!value) return misfit();
  }
  if (pos != text.size()) return misfit();
  if (meridiem >= 0) {
    if (hour < 1 || hour > 12) return misfit();
    hour = hour % 12 + (meridiem == 1 ? 12 : 0);
  }
  if (month < 1 || month > 12) {
    return Error{ErrorCode::invalid_date, "", "date " + quote_value(text) + " has no month " + to_text(month)};
  }
  const Date date{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
  if (!date.ymd().ok()) {
    return Error{ErrorCode::invalid_date, "", "date " + quote_value(text) + " does not exist in the calendar"};
  }
  if (hour > 23 || minute > 59 || second > 60) {
    return Error{ErrorCode::invalid_date, "", "date " + quote_value(text) + " has an impossible time of day"};
  }
  const std::int64_t local = date.days_since_epoch() * 86400 + hour * 3600 + minute * 60 + second;
  return Moment{date, local - offset};
}

// ---------------------------------------------------------------- requests

bool MappingRequest::empty() const {
  return preset.empty() && !date_format && !returns && !cancellation_prefix &&
         std::all_of(columns.begin(), columns.end(), [](const auto& c) { return !c; });
}

Result<MappingRequest> parse_columns_option(std::string_view spec) {
  MappingRequest request;
  std::size_t pos = 0;
  // Splits on commas outside double quotes; "" inside quotes is a quote.
  auto next_part = [&]() {
    std::string part;
    bool quoted = false;
    while (pos < spec.size()) {
      char c = spec[pos++];
      if (c == '"') {
        if (quoted && pos < spec.size() && spec[pos] == '"') {
          part += '"';
          ++pos;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        break;
      } else {
        part += c;
      }
    }
    return part;
  };
  while (pos < spec.size()) {
    std::string part = next_part();
    std::size_t equals = part.find('=');
    if (equals == std::string::npos) {
      return mapping_error("--columns", quote_value(part) + " is not FIELD=COLUMN (e.g. id=InvoiceNo)");
    }
    std::string field(trim(std::string_view(part).substr(0, equals)));
    std::string column(trim(std::string_view(part).substr(equals + 1)));
    auto named = export_field_named(field);
    if (!named) {
      return mapping_error("--columns", quote_value(field) +
                                            " is not a field (fields: id, customer, date, amount, quantity, "
                                            "price, sku, category, currency)");
    }
    if (request.columns[slot(*named)]) {
      return mapping_error("--columns", "the field " + field + " is mapped twice");
    }
    request.columns[slot(*named)] = column;
  }
  return request;
}

Result<MappingRequest> parse_mapping_document(std::string_view json_text, std::string_view source) {
  const std::string where(source.empty() ? "mapping" : source);
  auto document = json::parse_document(json_text);
  if (!document) return located(std::move(document).error(), where);
  LOYALTY_LET(fields, json::object_at(*document, ""));
  auto at = [&](Error e) { return located(std::move(e), where); };
  if (auto s = fields.only({"preset", "columns", "date_format", "returns", "cancellation_prefix"},
                           ErrorCode::invalid_value);
      !s) {
    return at(std::move(s).error());
  }
  MappingRequest request;
  auto preset = fields.string("preset", false);
  if (!preset) return at(std::move(preset).error());
  request.preset = *preset;
  const json::Json* columns = fields.find("columns");
  if (columns && columns->is_string()) {
    // The --columns text, as the engine API passes it through.
    auto parsed = parse_columns_option(columns->text());
    if (!parsed) {
      Error e = std::move(parsed).error();
      e.where = "columns";
      return at(std::move(e));
    }
    request.columns = parsed->columns;
  } else if (columns) {
    auto object = json::object_at(*columns, "columns");
    if (!object) return at(std::move(object).error());
    for (const auto& [key, value] : columns->members()) {
      if (json::is_annotation_key(key)) continue;
      auto field = export_field_named(key);
      if (!field) {
        return at(Error{ErrorCode::invalid_value, "columns." + key,
                        "is not a field (fields: id, customer, date, amount, quantity, price, sku, category, "
                        "currency)"});
      }
      auto column = object->string(key.c_str(), true, "", true);
      if (!column) return at(std::move(column).error());
      request.columns[slot(*field)] = *column;
    }
  }
  if (fields.has("date_format")) {
    auto format = fields.string("date_format", true);
    if (!format) return at(std::move(format).error());
    request.date_format = *format;
  }
  if (const json::Json* returns = fields.find("returns")) {
    if (!returns->is_string() || (returns->text() != "refund" && returns->text() != "ignore")) {
      return at(Error{ErrorCode::invalid_value, "returns", "must be \"refund\" or \"ignore\""});
    }
    request.returns = returns->text() == "refund" ? ReturnPolicy::refund : ReturnPolicy::ignore;
  }
  if (fields.has("cancellation_prefix")) {
    auto prefix = fields.string("cancellation_prefix", true, "", true);
    if (!prefix) return at(std::move(prefix).error());
    request.cancellation_prefix = *prefix;
  }
  return request;
}

MappingRequest merge_requests(MappingRequest base, const MappingRequest& over) {
  if (!over.preset.empty()) base.preset = over.preset;
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    if (over.columns[f]) base.columns[f] = over.columns[f];
  }
  if (over.date_format) base.date_format = over.date_format;
  if (over.returns) base.returns = over.returns;
  if (over.cancellation_prefix) base.cancellation_prefix = over.cancellation_prefix;
  return base;
}

// ---------------------------------------------------------------- resolving

const std::vector<ExportPreset>& export_presets() {
  static const std::vector<ExportPreset> list = [] {
    std::vector<ExportPreset> out;
    for (const Preset& preset : presets()) out.push_back(preset.info);
    return out;
  }();
  return list;
}

bool header_is_plain_log(const std::vector<std::string>& header) {
  for (ExportField needed : {ExportField::id, ExportField::customer, ExportField::date, ExportField::amount}) {
    if (std::find(header.begin(), header.end(), export_field_name(needed)) == header.end()) return false;
  }
  return true;
}

Result<ColumnMapping> resolve_mapping(const MappingRequest& request, const std::vector<std::string>& header,
                                      const std::string& where) {
  ColumnMapping mapping;
  const bool any_columns =
      std::any_of(request.columns.begin(), request.columns.end(), [](const auto& c) { return c.has_value(); });
  const Preset* preset = nullptr;
  if (!request.preset.empty()) {
    preset = preset_named(request.preset);
    if (!preset) {
      std::string names;
      for (const Preset& p : presets()) names += (names.empty() ? "" : ", ") + std::string(p.info.name);
      return mapping_error("--preset", quote_value(request.preset) + " is not a preset (presets: " + names + ")");
    }
  } else if (!any_columns && !header_is_plain_log(header)) {
    for (const Preset& candidate : presets()) {
      if (columns_in(candidate, header)) {
        preset = &candidate;
        mapping.guessed = true;
        break;
      }
    }
  }
  if (preset) {
    mapping.preset = std::string(preset->info.name);
    for (std::size_t f = 0; f < kExportFieldCount; ++f) {
      for (std::string_view candidate : preset->candidates[f]) {
        if (auto at = find_column(header, candidate)) {
          mapping.columns[f] = header[*at];
          break;
        }
      }
    }
    mapping.cancellation_prefix = std::string(preset->cancellation_prefix);
  } else if (!any_columns || header_is_plain_log(header)) {
    // A plain log's own names (and extra fields such as quantity or currency).
    for (std::size_t f = 0; f < kExportFieldCount; ++f) {
      if (find_column(header, kFieldNames[f])) mapping.columns[f] = std::string(kFieldNames[f]);
    }
  }
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    if (request.columns[f]) mapping.columns[f] = *request.columns[f];
  }
  if (request.cancellation_prefix) mapping.cancellation_prefix = *request.cancellation_prefix;
  if (request.returns) mapping.returns = *request.returns;
  const std::string_view pattern =
      request.date_format ? std::string_view(*request.date_format) : (preset ? preset->date_format : "");
  auto format = DateFormat::parse(pattern);
  if (!format) return std::move(format).error();
  mapping.date_format = std::move(*format);

  // Every mapped column must be in the header; the fields that make a
  // purchase must be mapped.
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    if (mapping.columns[f].empty()) continue;
    auto at = find_column(header, mapping.columns[f]);
    if (!at) {
      return Error{ErrorCode::csv_header, where,
                   "the header lacks the column " + quote_value(mapping.columns[f], 60) + " mapped to " +
                       std::string(kFieldNames[f]) + " (found " + listed(header) + ")"};
    }
    mapping.index[f] = *at;
  }
  const bool quantity = mapping.has(ExportField::quantity);
  const bool price = mapping.has(ExportField::price);
  const bool amount = mapping.has(ExportField::amount);
  std::string missing;
  for (ExportField needed : {ExportField::id, ExportField::customer, ExportField::date}) {
    if (!mapping.has(needed)) missing += (missing.empty() ? "" : ", ") + std::string(export_field_name(needed));
  }
  if (!amount && !(quantity && price)) {
    missing += std::string(missing.empty() ? "" : ", ") +
               (quantity ? "price" : price ? "quantity" : "amount (or quantity and price)");
  }
  if (!missing.empty() && preset) {
    std::string looked;
    for (ExportField needed : {ExportField::id, ExportField::customer, ExportField::date, ExportField::amount,
                               ExportField::quantity, ExportField::price}) {
      if (mapping.has(needed) || preset->candidates[slot(needed)].empty()) continue;
      std::string names;
      for (std::string_view c : preset->candidates[slot(needed)]) names += (names.empty() ? "" : " or ") + quote_value(c);
      looked += (looked.empty() ? "" : "; ") + std::string(export_field_name(needed)) + ": " + names;
    }
    return Error{ErrorCode::csv_header, where,
                 "this is not a " + std::string(preset->info.label) + ": the header (" + listed(header) +
                     ") has no column for " + looked + "; map them with --columns"};
  }
  if (!missing.empty()) {
    std::string known;
    for (const Preset& p : presets()) known += (known.empty() ? "" : ", ") + std::string(p.info.name);
    if (!any_columns) {
      // Neither a plain log nor a known export: name the first plain column missing.
      std::string_view lacking;
      for (ExportField f : {ExportField::id, ExportField::customer, ExportField::date, ExportField::amount}) {
        if (lacking.empty() && !find_column(header, kFieldNames[slot(f)])) lacking = kFieldNames[slot(f)];
      }
      return Error{ErrorCode::csv_header, where,
                   "the header lacks the column \"" + std::string(lacking) +
                       "\" (expected id,customer,date,amount; found " + listed(header) +
                       "); for a shop's own export, map its columns with --columns or name a preset (" + known +
                       ")"};
    }
    return Error{ErrorCode::csv_header, where,
                 "no column is mapped to " + missing + " (found " + listed(header) +
                     "); map them with --columns, e.g. id=Order,customer=Email,date=Date,amount=Total, or "
                     "name a preset (" + known + ")"};
  }
  if (amount && (quantity || price)) {
    return Error{ErrorCode::csv_header, where,
                 "map either amount (an order total) or quantity and price (line items), not both"};
  }
  return mapping;
}

std::string render_mapping_json(const ColumnMapping& mapping) {
  json::Writer w;
  w.begin_object();
  w.key("preset");
  if (mapping.preset.empty()) w.null(); else w.value(mapping.preset);
  w.field("guessed", mapping.guessed).key("columns").begin_object();
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    if (!mapping.columns[f].empty()) w.field(std::string(kFieldNames[f]), mapping.columns[f]);
  }
  w.end_object()
      .field("date_format", mapping.date_format.pattern())
      .field("returns", std::string(return_policy_name(mapping.returns)))
      .field("cancellation_prefix", mapping.cancellation_prefix)
      .end_object();
  return w.take();
}

namespace {

void write_error(json::Writer& w, const Error& error) {
  w.begin_object()
      .field("code", std::string(error_code_name(error.code)))
      .field("where", error.where)
      .field("message", error.message)
      .end_object();
}

}  // namespace

std::string render_export_preview_json(const ExportPreview& preview, const Currency& currency) {
  json::Writer w;
  w.begin_object().key("header").begin_array();
  for (const auto& name : preview.header) w.value(name);
  w.end_array().key("mapping");
  if (preview.mapping) w.raw(render_mapping_json(*preview.mapping)); else w.null();
  w.key("error");
  if (preview.error) write_error(w, *preview.error); else w.null();
  w.key("presets").begin_array();
  for (const ExportPreset& preset : export_presets()) {
    w.begin_object().field("name", std::string(preset.name)).field("label", std::string(preset.label)).end_object();
  }
  w.end_array().key("rows").begin_array();
  for (const PreviewRow& row : preview.rows) {
    w.begin_object().field("line", static_cast<std::int64_t>(row.line)).key("cells").begin_array();
    for (const auto& cell : row.cells) w.value(is_valid_utf8(cell) ? cell : std::string("\xEF\xBF\xBD"));
    w.end_array();
    if (row.error) {
      w.key("error");
      write_error(w, *row.error);
    } else {
      w.field("kind", row.kind).field("id", row.id).field("customer", row.customer);
      if (!row.date.empty()) w.field("date", row.date);
      if (row.money) w.money_field("amount", *row.money, row.currency ? row.currency->exponent : currency.exponent);
      if (row.currency) w.field("currency", row.currency->code);
    }
    w.end_object();
  }
  w.end_array().end_object();
  return w.take();
}

std::string describe_reading(const ExportReading& reading, std::string_view source, const Currency& currency,
                             bool full) {
  const ColumnMapping& mapping = reading.mapping;
  std::string label = "a column mapping";
  for (const Preset& preset : presets()) {
    if (preset.info.name == mapping.preset) label = "a " + std::string(preset.info.label);
  }
  std::string out = "loyalty statement: read " + std::string(source) + " as " + label;
  if (mapping.guessed) out += " (recognised from its header)";
  if (!full) return out + "; --explain shows the columns\n";
  out += "\n";
  for (std::size_t f = 0; f < kExportFieldCount; ++f) {
    if (mapping.columns[f].empty()) continue;
    std::string name(kFieldNames[f]);
    name.resize(10, ' ');
    out += "  " + name + "<- " + quote_value(mapping.columns[f], 60) + "\n";
  }
  out += "  date format: " + mapping.date_format.pattern() + "\n";
  out += "  returns: " + std::string(return_policy_name(mapping.returns));
  if (!mapping.cancellation_prefix.empty()) {
    out += " (ids starting with " + quote_value(mapping.cancellation_prefix) + " are cancellations)";
  }
  out += "\n  rows: " + to_text(reading.rows) + "; " + counted(reading.purchases, "order");
  if (mapping.line_items()) out += " from " + counted(reading.line_items, "line item");
  out += "; " + counted(reading.return_rows, "return row");
  if (mapping.returns == ReturnPolicy::refund) {
    out += " made " + counted(reading.refunds, "refund");
    if (reading.unmatched_return_minor > 0) {
      out += " (" + format_scaled(reading.unmatched_return_minor, currency.exponent) + " " + currency.code +
             " matched no earlier purchase)";
    }
  } else {
    out += " ignored";
  }
  out += "; " + counted(reading.guest_rows, "guest row") + " skipped\n";
  return out;
}

}  // namespace loyalty
