#include "versions/python_string_escapes.h"

namespace strata::versions::py {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads exactly DIGITS hex digits at TEXT[AT]; false if there are fewer.
bool read_hex(std::string_view text, size_t at, int digits, unsigned long& value) {
  if (at + static_cast<size_t>(digits) > text.size()) return false;
  value = 0;
  for (int i = 0; i < digits; ++i) {
    const int v = hex_value(text[at + static_cast<size_t>(i)]);
    if (v < 0) return false;
    value = value * 16 + static_cast<unsigned long>(v);
  }
  return true;
}

}  // namespace

void append_utf8(std::string& out, unsigned long cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t decode_escape(std::string_view text, size_t at, bool bytes, std::string& out, std::string& error) {
  const char kind = text[at + 1];
  switch (kind) {
    case '\\': out += '\\'; return at + 2;
    case '\'': out += '\''; return at + 2;
    case '"': out += '"'; return at + 2;
    case 'a': out += '\a'; return at + 2;
    case 'b': out += '\b'; return at + 2;
    case 'f': out += '\f'; return at + 2;
    case 'n': out += '\n'; return at + 2;
    case 'r': out += '\r'; return at + 2;
    case 't': out += '\t'; return at + 2;
    case 'v': out += '\v'; return at + 2;
    default: break;
  }
  if (kind >= '0' && kind <= '7') {  // one to three octal digits
    size_t i = at + 1;
    unsigned long value = 0;
    for (int n = 0; n < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7'; ++n, ++i)
      value = value * 8 + static_cast<unsigned long>(text[i] - '0');
    if (bytes)
      out += static_cast<char>(value & 0xFF);
    else
      append_utf8(out, value);
    return i;
  }
  if (kind == 'x') {
    unsigned long value = 0;
    if (!read_hex(text, at + 2, 2, value)) {
      error = "invalid \\x escape (two hex digits are needed)";
      return std::string_view::npos;
    }
    if (bytes)
      out += static_cast<char>(value);
    else
      append_utf8(out, value);
    return at + 4;
  }
  if (!bytes && (kind == 'u' || kind == 'U')) {
    const int digits = kind == 'u' ? 4 : 8;
    unsigned long value = 0;
    if (!read_hex(text, at + 2, digits, value)) {
      error = std::string("invalid \\") + kind + " escape (" + std::to_string(digits) + " hex digits are needed)";
      return std::string_view::npos;
    }
    if (value > 0x10FFFF) {
      error = "invalid \\U escape (past U+10FFFF)";
      return std::string_view::npos;
    }
    append_utf8(out, value);
    return at + 2 + static_cast<size_t>(digits);
  }
  if (!bytes && kind == 'N') {
    // \N{LATIN SMALL LETTER E WITH ACUTE}: the reader has no table of
    // Unicode names, so the escape is kept as written.
    size_t close = at + 3;
    // Names are letters, digits, spaces and hyphens: the scan stops at the
    // first other character, so it never runs past the escape.
    while (close < text.size() && (hex_value(text[close]) >= 0 || (text[close] >= 'A' && text[close] <= 'Z') ||
                                   (text[close] >= 'a' && text[close] <= 'z') || text[close] == ' ' ||
                                   text[close] == '-'))
      ++close;
    if (at + 2 >= text.size() || text[at + 2] != '{' || close >= text.size() || text[close] != '}' ||
        close == at + 3) {
      error = "malformed \\N character escape";
      return std::string_view::npos;
    }
    out.append(text.substr(at, close + 1 - at));
    return close + 1;
  }
  out += '\\';  // an unknown escape keeps its backslash
  return at + 1;
}

}  // namespace strata::versions::py
