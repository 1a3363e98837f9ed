// libFuzzer: any bytes as a shop's export, through a statement under the
// guessed mapping, the line-items preset, and a hand-made mapping with a
// 12-hour date format; and through the mapping step's preview.
#include "loyalty/export_mapping.hpp"
#include "statement_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace loyalty;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const MappingRequest requests[] = {
      MappingRequest{},
      *parse_mapping_document(R"({"preset":"line-items","returns":"refund"})", "fuzz"),
      *parse_mapping_document(R"({"columns":"id=a,customer=b,date=c,amount=d","date_format":"MM/DD/YYYY hh:mm A Z",
                                  "cancellation_prefix":"R"})", "fuzz"),
      // Line items with a currency column (the tiered program has EUR, JPY and KWD rates).
      *parse_mapping_document(R"({"columns":"id=Order,customer=Customer,date=Date,sku=SKU,quantity=Quantity,price=Price,currency=Currency",
                                  "returns":"refund","cancellation_prefix":"C"})", "fuzz"),
  };
  for (const MappingRequest& request : requests) {
    for (const Program* program : {&fuzz::classic(), &fuzz::tiered()}) {
      StatementOptions options;
      options.mapping = request;
      auto statement = compute_statement(*program, text, LogFormat::csv, "fuzz", options);
      if (statement.ok()) (void)render_statement_json(*statement);
    }
    (void)render_export_preview_json(preview_export(text, "fuzz", fuzz::classic().currency, request, 20),
                                     fuzz::classic().currency);
    (void)render_export_preview_json(
        preview_export(text, "fuzz", fuzz::tiered().currency, request, 20, fuzz::tiered().exchange_rates),
        fuzz::tiered().currency);
  }
  return 0;
}
