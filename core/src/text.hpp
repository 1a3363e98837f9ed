// Text helpers private to the engine: UTF-8 validation (for the JSON reader
// and writer, and for CSV), and the shortening of user-supplied values quoted
// in messages (a hostile 100 KB id must not flood an error).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace loyalty {

// The length of the well-formed UTF-8 character starting at `text[i]` (a
// byte at or above 0x80), or 0 when it is ill-formed: truncated, overlong,
// a UTF-16 surrogate or past U+10FFFF.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  std::size_t length;
  unsigned min_code;
  unsigned code;
  if ((c & 0xE0) == 0xC0) {
    length = 2, min_code = 0x80, code = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3, min_code = 0x800, code = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4, min_code = 0x10000, code = c & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

inline bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// At most `limit` bytes of `text`, cut on a UTF-8 character boundary, with
// "..." when anything was dropped.
inline std::string shorten(std::string_view text, std::size_t limit = 40) {
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// `text` shortened and in double quotes, for messages.
inline std::string quote_value(std::string_view text, std::size_t limit = 40) {
  return "\"" + shorten(text, limit) + "\"";
}

// A whole number as text. std::to_string goes through snprintf, which
// brings printf and long-double arithmetic into the wasm for nothing.
template <typename Integer>
std::string to_text(Integer value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// "1 row", "3 rows": a count and an English noun that takes an s.
inline std::string counted(std::int64_t n, std::string_view noun) {
  return to_text(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

// `value` zero-padded to `width` characters, a sign included (as printf's %0*d).
inline void append_padded(std::string& out, long long value, int width) {
  std::string digits = to_text(value < 0 ? -value : value);
  if (value < 0) {
    out += '-';
    --width;
  }
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out += '0';
  out += digits;
}

}  // namespace loyalty
