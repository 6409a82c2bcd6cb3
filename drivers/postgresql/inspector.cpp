// PLACEHOLDER: being written now (issue 4); not finished.
#include "drivers/postgresql/inspector.h"

#include "core/error.h"

namespace strata::drivers::postgresql {

core::Schema PostgresInspector::reflect(const core::ReflectOptions&) {
  throw core::DatabaseError("reflection of PostgreSQL schemas is not implemented yet");
}

}  // namespace strata::drivers::postgresql
