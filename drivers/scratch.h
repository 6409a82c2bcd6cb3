// Scratch databases for `--dev-url` (SPEC §10.3): an empty database the
// migrations are built on, so `check` needs no migrated database. Each
// driver decides what "scratch" means on its server; strata only ever
// touches a database it made (or an empty SQLite file / in-memory database).
#pragma once

#include <memory>

#include "core/database_url.h"
#include "core/session.h"

namespace strata::drivers {

class ScratchDatabase {
 public:
  virtual ~ScratchDatabase() = default;  ///< drops what it made
  virtual core::Session& session() = 0;
};

/// SQLite: URL must be in-memory, or a file that does not exist yet (it is
/// removed afterwards). PostgreSQL: URL names a server (and a database to
/// connect to there); a database of strata's own is created on it and
/// dropped afterwards. Throws UsageError (exit 2) for a URL that does not
/// qualify, DatabaseError (exit 1) when the server refuses.
std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url);

}  // namespace strata::drivers
