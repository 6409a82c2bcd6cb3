// libFuzzer target of the SQL readers: the revision-file reader
// (versions/revision_sql.h: header lines, sections) and the statement
// splitter under it (versions/sql_splitter.h), which also splits SQL model
// sources. Any bytes must give a header, a revision, statements or a
// core::Error, never a crash, a hang, a leak or another exception; the
// splitter's promises are checked too (statements trimmed and not empty,
// lines in order and inside the text), abort() when one is broken. How to
// build and run it: the STRATA_FUZZ block of CMakeLists.txt (seed corpus:
// tests/fuzz/corpus/sql_revision).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/error.h"
#include "versions/revision_sql.h"
#include "versions/sql_splitter.h"

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The splitter's contract (sql_splitter.h), checked on every result.
std::size_t check_split(std::string_view text, int first_line) {
  const auto statements = strata::versions::split_sql(text, "fuzz.sql", first_line);
  const int last_line = first_line + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  int previous = first_line;
  std::size_t total = 0, from = 0;
  for (const auto& s : statements) {
    if (s.sql.empty() || is_space(s.sql.front()) || is_space(s.sql.back())) std::abort();
    if (s.line < previous || s.line > last_line) std::abort();
    // A slice of the text, verbatim, after the previous one.
    const std::size_t at = text.find(s.sql, from);
    if (at == std::string_view::npos) std::abort();
    from = at + s.sql.size();
    previous = s.line;
    total += s.sql.size();
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  try {
    total += check_split(text, 1);
  } catch (const strata::core::Error&) {
  }
  try {
    total += strata::versions::parse_sql_header(text, "fuzz.sql").id.size();
  } catch (const strata::core::Error&) {
  }
  try {
    const auto revision = strata::versions::parse_sql_revision(text, "fuzz.sql");
    total += revision.body.upgrade.size() + revision.body.downgrade.size();
  } catch (const strata::core::Error&) {
  }
  volatile std::size_t sink = total;  // keeps the work from being optimized away
  (void)sink;
  return 0;
}
