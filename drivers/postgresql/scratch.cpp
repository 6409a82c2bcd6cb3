#include "drivers/postgresql/scratch.h"

#include "drivers/common/server_scratch.h"
#include "drivers/postgresql/session.h"

namespace strata::drivers::postgresql {

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url) {
  return std::make_unique<common::ServerScratch>(
      url, common::ServerScratchSpec{
               [](const core::DatabaseUrl& u) { return std::make_unique<PostgresSession>(u); },
               [](const std::string& name) { return "CREATE DATABASE \"" + name + "\""; },
               // The plain form works on every server version once our own
               // connection is closed (WITH (FORCE) needs PostgreSQL 13).
               [](const std::string& name) { return "DROP DATABASE IF EXISTS \"" + name + "\""; },
               "CREATEDB"});
}

}  // namespace strata::drivers::postgresql
