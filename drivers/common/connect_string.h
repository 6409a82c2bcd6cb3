// What the SOCI backends' connection strings and run locks share: values
// quoted as `key='value'` (backslash escapes, which both libpq and SOCI's
// mysql parser read), and a stable 64-bit hash of a version table's name
// for a lock key (PostgreSQL's advisory lock, MySQL's GET_LOCK name).
#pragma once

#include <cstdint>
#include <string>

namespace strata::drivers::common {

inline std::string quote_connect_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

/// FNV-1a of TEXT: the same on every run and machine.
inline std::uint64_t stable_hash(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace strata::drivers::common
