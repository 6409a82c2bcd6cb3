// libFuzzer target of database URLs (core/database_url.h): any bytes must
// give a DatabaseUrl or a core::Error, never a crash, a hang, a leak or
// another exception. And the password must never show, in redacted() or in
// a message. The password's place is found here independently (what follows
// the first ':' of the user info, which ends at the last '@'); the URL is
// parsed a second time with the password's letters, digits and blanks
// swapped for others of the same kind (hex digits stay hex digits, so the
// parse takes the same path), and redacted() or the message must come out
// the same: one that differs shows something of the password. A parsed
// password must also be absent from redacted() (unless the correct redaction
// has it elsewhere: a one-letter password, say). abort() on a leak. How to
// build and run it: the STRATA_FUZZ block of CMakeLists.txt (seed corpus:
// tests/fuzz/corpus/database_url).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/database_url.h"
#include "core/error.h"

namespace {

// Where the parser takes the password from: [begin, end) of URL.
struct Span {
  std::size_t begin = 0, end = 0;
};

Span password_span(const std::string& url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos) return {};
  const auto at = url.rfind('@');
  const auto colon = url.find(':', sep + 3);
  if (at == std::string::npos || at < sep + 3 || colon == std::string::npos || colon > at) return {};
  return {colon + 1, at};
}

char rotate(char c, char first, char last) { return c == last ? first : static_cast<char>(c + 1); }

char swap_same_kind(char c) {
  if (c >= '0' && c <= '9') return rotate(c, '0', '9');
  if (c >= 'a' && c <= 'f') return rotate(c, 'a', 'f');
  if (c >= 'A' && c <= 'F') return rotate(c, 'A', 'F');
  if (c >= 'g' && c <= 'z') return rotate(c, 'g', 'z');
  if (c >= 'G' && c <= 'Z') return rotate(c, 'G', 'Z');
  if (c == ' ') return '\t';
  if (c == '\t') return ' ';
  return c;
}

// What the user sees: redacted() on success, the message on failure.
struct Outcome {
  bool parsed = false;
  std::string shown, password;
};

Outcome outcome(const std::string& url) {
  try {
    const strata::core::DatabaseUrl u = strata::core::parse_database_url(url, "/base");
    volatile std::size_t sink = u.host.size() + u.query.size() + static_cast<std::size_t>(u.port);
    (void)sink;
    return {true, u.redacted(), u.password};
  } catch (const strata::core::Error& e) {
    return {false, e.what(), ""};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const Outcome first = outcome(url);
  const Span span = password_span(url);
  if (span.end > span.begin) {
    std::string masked = url, other = url;
    masked.replace(span.begin, span.end - span.begin, "***");
    for (std::size_t i = span.begin; i < span.end; ++i) other[i] = swap_same_kind(other[i]);
    const Outcome second = outcome(other);
    if (second.parsed == first.parsed && second.shown != first.shown) std::abort();
    if (first.parsed && !first.password.empty() && first.shown.find(first.password) != std::string::npos &&
        masked.find(first.password) == std::string::npos)
      std::abort();
  }
  volatile std::size_t sink = strata::core::redact_passwords(url).size() + strata::core::redact_url(url).size();
  (void)sink;
  return 0;
}
