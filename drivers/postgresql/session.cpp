#include "drivers/postgresql/session.h"

#include <algorithm>

#include <soci/postgresql/soci-postgresql.h>

#include "drivers/common/connect_string.h"
#include "drivers/postgresql/libpq_loader.h"

namespace strata::drivers::postgresql {

namespace {

using common::quote_connect_value;

// A stable 64-bit advisory-lock key per version table.
long long lock_key(const std::string& text) { return static_cast<long long>(common::stable_hash(text)); }

}  // namespace

std::string connection_string(const core::DatabaseUrl& url) {
  std::string s;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) s += std::string(s.empty() ? "" : " ") + key + "=" + quote_connect_value(value);
  };
  add("host", url.host);
  if (url.port) add("port", std::to_string(url.port));
  add("dbname", url.database);
  add("user", url.user);
  add("password", url.password);
  for (const auto& [k, v] : url.query) add(k.c_str(), v);
  add("application_name", "strata");
  return s;
}

// libpq's connection under SOCI's session (UBSan's vptr check skipped: SOCI's
// shared library keeps the backend's type info hidden; the type is known).
static __attribute__((no_sanitize("vptr"))) PGconn* native_connection(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

PostgresSession::PostgresSession(const core::DatabaseUrl& url) : SociSession(url) {
  std::string where = (url.host.empty() ? std::string("the local server") : url.host) +
                      (url.port ? ":" + std::to_string(url.port) : "") +
                      (url.database.empty() ? "" : ", database " + url.database);
  try {
    load_libpq();  // a missing libpq fails this connection, named in its error
    sql_ = std::make_unique<soci::session>(*soci::factory_postgresql(), connection_string(url));
    // libpq prints the server's notices to stderr by itself, among strata's
    // lines ("FATAL: terminating connection ..." before the error that says
    // the connection was lost): not printed; the last of those that end a
    // connection (FATAL, PANIC, WARNING) is kept for that error.
    PQsetNoticeProcessor(native_connection(*sql_), [](void* self, const char* message) {
      std::string text = message;
      if (text.rfind("FATAL:", 0) != 0 && text.rfind("PANIC:", 0) != 0 && text.rfind("WARNING:", 0) != 0) return;
      text = text.substr(0, text.find('\n'));
      for (size_t pos; (pos = text.find("  ")) != std::string::npos;) text.erase(pos, 1);
      while (!text.empty() && text.back() == ' ') text.pop_back();
      static_cast<PostgresSession*>(self)->notice_ = text;
    }, this);
    // A strata killed in the middle of a long statement: without this the
    // server runs the statement to its end before it sees the client gone,
    // holding the run lock all that while, so a waiting run waits for it
    // (PostgreSQL 14 and later look for a dead client every second instead).
    if (PQserverVersion(native_connection(*sql_)) >= 140000) *sql_ << "SET client_connection_check_interval = 1000";
  } catch (const std::exception& e) {
    // libpq's text spans lines; keep its first meaningful one.
    std::string msg = scrub(e.what());
    for (auto& c : msg)
      if (c == '\n') c = ' ';
    throw core::DatabaseError("cannot connect to PostgreSQL at " + where + ": " + msg);
  }
}

bool PostgresSession::lost(const std::exception&) const {
  return sql_ && PQstatus(native_connection(*sql_)) == CONNECTION_BAD;
}

PostgresSession::~PostgresSession() {
  try {
    unlock();
  } catch (...) {
  }
}

bool PostgresSession::has_table(const std::string& schema, const std::string& name) {
  auto rows = query_column("SELECT CASE WHEN to_regclass(" + core::Dialect::quote_string(dialect_.qualify(schema, name)) +
                           ") IS NULL THEN 0 ELSE 1 END");
  return !rows.empty() && rows[0] == "1";
}

void PostgresSession::begin() {
  guarded("starting a transaction", [&] { *sql_ << "BEGIN"; });
  in_transaction_ = true;
}

void PostgresSession::lock(const std::string& key, std::chrono::milliseconds timeout) {
  if (locked_) return;
  lock_key_ = lock_key("strata:" + key);
  try {
    // PostgreSQL takes 1 ms to INT_MAX ms (0 would mean "wait forever").
    long long ms = std::clamp<long long>(timeout.count(), 1, 2147483647LL);
    *sql_ << ("SET lock_timeout = " + std::to_string(ms));
    *sql_ << ("SELECT pg_advisory_lock(" + std::to_string(lock_key_) + ")");
    *sql_ << "RESET lock_timeout";
  } catch (const std::exception& e) {
    std::string msg = e.what();
    if (msg.find("lock timeout") != std::string::npos || msg.find("55P03") != std::string::npos)
      throw core::DatabaseError("timed out waiting for another strata run on this database (see --lock-timeout)");
    raise("taking the migration lock", e);
  }
  locked_ = true;
}

void PostgresSession::unlock() {
  if (!locked_) return;
  locked_ = false;
  guarded("releasing the migration lock", [&] { *sql_ << ("SELECT pg_advisory_unlock(" + std::to_string(lock_key_) + ")"); });
}

}  // namespace strata::drivers::postgresql
