#include "drivers/mysql/session.h"

#include <soci/mysql/soci-mysql.h>

#include "drivers/common/connect_string.h"
#include "drivers/mysql/libmariadb_loader.h"

#include <cstdio>
#include <mutex>
#include <set>

namespace strata::drivers::mysql {

namespace {

using common::quote_connect_value;

// GET_LOCK names are at most 64 characters: a hash of the version table's
// name keeps any name (and schema) within that.
std::string lock_name(const std::string& text) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "strata:%016llx", static_cast<unsigned long long>(common::stable_hash(text)));
  return buf;
}

}  // namespace

std::string connection_string(const core::DatabaseUrl& url) {
  static const std::set<std::string> kPassThrough = {
      "charset", "unix_socket", "sslca", "sslcert", "sslkey", "connect_timeout", "read_timeout", "write_timeout"};
  std::string s;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!value.empty()) s += (s.empty() ? "" : " ") + key + "=" + quote_connect_value(value);
  };
  add("host", url.host.empty() ? "localhost" : url.host);
  if (url.port) add("port", std::to_string(url.port));
  add("db", url.database);
  add("user", url.user);
  add("password", url.password);
  // utf8mb4 unless told otherwise: MySQL's "utf8" cannot hold every character.
  if (!url.query.count("charset")) add("charset", "utf8mb4");
  for (const auto& [k, v] : url.query) {
    if (!kPassThrough.count(k))
      throw core::UsageError("database URL '" + url.redacted() + "': unknown MySQL parameter '" + k +
                             "' (known: charset, unix_socket, sslca, sslcert, sslkey, connect_timeout, "
                             "read_timeout, write_timeout)");
    add(k, v);
  }
  return s;
}

MysqlSession::MysqlSession(const core::DatabaseUrl& url) : SociSession(url) {
  std::string where = (url.host.empty() ? std::string("localhost") : url.host) +
                      (url.port ? ":" + std::to_string(url.port) : "") +
                      (url.database.empty() ? "" : ", database " + url.database);
  const std::string connect = connection_string(url);
  // mysql_init() initializes the client library on first use, which is not
  // safe on two threads at once (`check` connects on one thread while the
  // other may open a scratch database for SQL models): done once, here.
  static std::once_flag library_ready;
  try {
    load_libmariadb();  // a missing libmariadb fails this connection, named in its error
    std::call_once(library_ready, [] { mysql_library_init(0, nullptr, nullptr); });
    sql_ = std::make_unique<soci::session>(*soci::factory_mysql(), connect);
    for (const auto& statement : dialect_.session_setup()) *sql_ << statement;
  } catch (const std::exception& e) {
    std::string msg = scrub(e.what());
    for (auto& c : msg)
      if (c == '\n') c = ' ';
    throw core::DatabaseError("cannot connect to MySQL at " + where + ": " + msg);
  }
}

MysqlSession::~MysqlSession() {
  try {
    unlock();
  } catch (...) {
  }
}

// The client library's connection under SOCI's session. Not checked by
// UBSan's vptr: SOCI's shared library keeps the backend's type info hidden,
// and the type is known (a mysql session makes a mysql backend).
static __attribute__((no_sanitize("vptr"))) MYSQL* native_connection(soci::session& session) {
  return static_cast<soci::mysql_session_backend*>(session.get_backend())->conn_;
}

namespace {

// Client and server error numbers that mean the connection is gone:
// CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED,
// ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED, ER_CLIENT_INTERACTION_TIMEOUT.
bool connection_gone(unsigned number) {
  return number == 2006 || number == 2013 || number == 2055 || number == 1053 || number == 1927 || number == 4031;
}

}  // namespace

bool MysqlSession::lost(const std::exception& e) const {
  const auto* my = dynamic_cast<const soci::mysql_soci_error*>(&e);
  return my && connection_gone(static_cast<unsigned>(my->err_num_));
}

void MysqlSession::execute(const std::string& sql) {
  MYSQL* conn = native_connection(*sql_);
  // Throws the connection's last error, read before anything else is sent.
  auto error = [&](bool drain, bool reset) {
    const unsigned number = mysql_errno(conn);
    const std::string text = "[MySQL error " + std::to_string(number) + "] " + mysql_error(conn);
    if (drain)
      while (mysql_next_result(conn) == 0) {  // leave the connection in sync for the next statement
        if (MYSQL_RES* rest = mysql_store_result(conn)) mysql_free_result(rest);
      }
    if (reset) mysql_set_server_option(conn, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
    if (connection_gone(number))
      throw core::ConnectionLost(scrub("executing SQL: the connection to the server was lost (" + text + ")"));
    throw core::DatabaseError(scrub("executing SQL: " + text), std::to_string(number));
  };
  // Several statements need the option, which costs a round trip each way:
  // set only when a `;` comes before the statement's end (a quoted one too).
  const size_t end = sql.find_last_not_of(" \t\r\n;");
  const bool multi = end != std::string::npos && sql.find(';') < end;
  if (multi) mysql_set_server_option(conn, MYSQL_OPTION_MULTI_STATEMENTS_ON);
  // Any non-zero is a failure: libmariadb returns -1 when the query could
  // not be sent (a connection already gone), which has no result to read.
  if (mysql_real_query(conn, sql.data(), sql.size()) != 0) error(false, multi);
  // Every statement's result is read, or the connection is out of sync.
  int rc = 0;
  while (rc == 0) {
    if (MYSQL_RES* result = mysql_store_result(conn)) mysql_free_result(result);
    else if (mysql_field_count(conn) != 0) error(true, true);
    rc = mysql_next_result(conn);  // 0: another result; -1: done; > 0: a later statement failed
  }
  if (rc > 0) error(false, multi);
  if (multi) mysql_set_server_option(conn, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
}

bool MysqlSession::has_table(const std::string& schema, const std::string& name) {
  std::string db = schema.empty() ? "DATABASE()" : core::Dialect::quote_string(schema);
  auto rows = query_column("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = " + db +
                           " AND table_name = " + core::Dialect::quote_string(name));
  return !rows.empty() && rows[0] != "0";
}

void MysqlSession::begin() {
  guarded("starting a transaction", [&] { *sql_ << "START TRANSACTION"; });
  in_transaction_ = true;
}

void MysqlSession::lock(const std::string& key, std::chrono::milliseconds timeout) {
  if (locked_) return;
  // GET_LOCK names are server-wide: the database is part of the name.
  lock_name_ = lock_name(url_.database + "/" + key);
  // GET_LOCK waits whole seconds on MySQL and fractions on MariaDB; never 0,
  // which would mean "do not wait at all" for a short --lock-timeout.
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", std::max<double>(timeout.count() / 1000.0, 0.001));
  auto got = query_column("SELECT GET_LOCK(" + core::Dialect::quote_string(lock_name_) + ", " + seconds + ")");
  if (got.empty() || got[0] != "1")
    throw core::DatabaseError("timed out waiting for another strata run on this database (see --lock-timeout)");
  locked_ = true;
}

void MysqlSession::unlock() {
  if (!locked_) return;
  locked_ = false;
  query_column("SELECT RELEASE_LOCK(" + core::Dialect::quote_string(lock_name_) + ")");
}

}  // namespace strata::drivers::mysql
