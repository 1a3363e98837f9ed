// JS-shaped calls over the core: whole documents in (JSON or CSV text, or
// UTF-8 bytes), one JSON envelope out:
//   {"ok":true,"value":<result>}  or  {"ok":false,"error":{"code","message","where"}}
// One call per document keeps the binding cost (0.3-0.6 us a call without
// dynamic code generation) out of any loop. Nothing here throws: every
// failure, including an exception from deep inside, becomes an envelope.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "loyalty/open_ledger.hpp"
#include "loyalty/program.hpp"

namespace loyalty::wasm {

// The last bulk call's answer, read by JavaScript straight from wasm memory
// and then released.
std::uintptr_t bulk_answer_address();
// Whether the answer is all ASCII: a browser then decodes it as one-byte
// text, which its JSON.parse reads faster (a third of a million-row answer's
// parse in Chromium).
bool bulk_answer_is_ascii();
void release_bulk_answer();

class ProgramHandle {
 public:
  ProgramHandle() = default;

  // Parses and validates a program; the handle keeps it for later calls.
  std::string load(const std::string& program_json);

  // from/to: "YYYY-MM", or empty for an open end. mapping_json: a column
  // mapping document (export_mapping.hpp) for a shop's own export, or empty.
  std::string statement(const std::string& log, const std::string& from, const std::string& to,
                        const std::string& mapping_json) const;
  // The same over a log already in wasm memory (bytes at `log`, `length`
  // long, which the caller allocated and frees). The answer is kept as the
  // bulk answer (below); returns its length. A million-row log crosses
  // embind's std::string conversion in a JavaScript loop over every byte,
  // each way: this path copies it in one set() and decodes it in one call.
  std::size_t statement_at(std::uintptr_t log, std::size_t length, const std::string& from,
                           const std::string& to, const std::string& mapping_json) const;
  // The first max_rows rows of a CSV export as the mapping reads them.
  std::string export_preview(const std::string& log, const std::string& mapping_json, int max_rows) const;
  std::string balance(const std::string& events, const std::string& customer, const std::string& as_of) const;
  std::string simulate(const std::string& events, const std::string& customer, const std::string& cart_json,
                       const std::string& as_of) const;
  // cart_json may be empty: no order to decide minimums and percentages on;
  // points <= 0: the most a points-for-money reward can take.
  std::string rewards(const std::string& events, const std::string& customer, const std::string& cart_json,
                      double points, const std::string& as_of) const;
  // The events of a log as the engine reads them (JSON); customer empty: everyone's.
  // mapping_json: as for statement.
  std::string events(const std::string& log, const std::string& customer, const std::string& mapping_json) const;
  std::string ways_to_earn() const;
  // as_of may be empty: the last event's date.
  std::string metrics(const std::string& events, const std::string& as_of) const;

  // Open ledgers share the program, so disposing the handle first is safe.
  std::shared_ptr<const Program> program() const { return program_; }

 private:
  std::string statement_of(std::string_view log, const std::string& from, const std::string& to,
                           const std::string& mapping_json) const;
  std::shared_ptr<Program> program_;
};

// One customer's ledger kept open between calls (loyalty/open_ledger.hpp).
class LedgerHandle {
 public:
  LedgerHandle() = default;

  std::string open(const ProgramHandle& program, const std::string& customer);
  // {"entries":[...],"warnings":[...]} of the appended events.
  std::string append(const std::string& events);
  std::string balance(const std::string& as_of, bool with_entries);
  std::string rewards(const std::string& cart_json, double points, const std::string& as_of);
  std::string simulate(const std::string& cart_json, const std::string& as_of);

 private:
  std::shared_ptr<const Program> program_;
  std::unique_ptr<OpenLedger> ledger_;
};

std::string engine_version();
// Bytes the module's linear memory spans, and bytes malloc has handed out.
double heap_bytes();
double allocated_bytes();

}  // namespace loyalty::wasm
