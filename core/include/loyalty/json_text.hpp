// JSON string literals for code outside the core that writes JSON (the wasm
// bindings' envelopes), with the core's own escaping: always valid UTF-8 JSON.
#pragma once

#include <string>
#include <string_view>

namespace loyalty {

// Appends `text` to `out` as a JSON string literal (quotes included);
// invalid UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view text);

}  // namespace loyalty
