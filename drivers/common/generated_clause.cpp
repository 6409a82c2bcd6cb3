// SqlDialect::generated_clause: a computed column's GENERATED ALWAYS AS, the
// same words on MySQL, PostgreSQL and SQLite; what each lacks is refused.
#include "core/error.h"
#include "drivers/common/sql_dialect.h"

namespace strata::drivers::common {

std::string SqlDialect::generated_clause(const core::Column& column) const {
  if (!column.computed) return "";
  const core::Computed& g = *column.computed;
  if (column.server_default || column.identity)
    throw core::ScriptError("column " + quote(column.name) + ": a computed column has no server_default or identity");
  const bool stored = g.persisted.value_or(computed_stored_by_default());
  if (!stored && !supports_virtual_computed())
    throw core::ScriptError("column " + quote(column.name) + ": " + name() +
                            " has only stored generated columns (computed: persisted: false)");
  std::string out = " GENERATED ALWAYS AS (" + g.sqltext + ")";
  // The kind is written when the models give it, or when it is not the default.
  if (g.persisted || stored) out += stored ? " STORED" : " VIRTUAL";
  return out;
}

}  // namespace strata::drivers::common
