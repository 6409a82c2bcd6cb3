#include "drivers/sqlite/session.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <thread>

namespace strata::drivers::sqlite {

SqliteSession::SqliteSession(const core::DatabaseUrl& url) : SociSession(url) {
  if (!url.in_memory()) {
    auto dir = std::filesystem::path(url.sqlite_path).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
      throw core::DatabaseError("cannot open SQLite database " + url.sqlite_path + ": folder " + dir.string() +
                                " does not exist");
  }
  guarded("opening SQLite database " + url.sqlite_path, [&] {
    // timeout: SQLite's busy timeout in seconds, for the write lock.
    sql_ = std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=\"" + url.sqlite_path + "\" timeout=300");
  });
  inspector_ = std::make_unique<SqliteInspector>(*this);
}

SqliteSession::~SqliteSession() {
  // Close SQLite's connection before the lock file descriptor: closing any
  // descriptor of the database file drops every POSIX lock the process holds
  // on it, SQLite's own included.
  sql_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

namespace {

// SQLite's own handle behind a SOCI session. no_sanitize("vptr"): UBSan's
// check of this downcast needs SOCI's typeinfo, which Debian's shared
// libsoci_sqlite3 does not export (the sanitizer build links it shared).
__attribute__((no_sanitize("vptr"))) sqlite_api::sqlite3* native_handle(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

}  // namespace

void SqliteSession::execute(const std::string& sql) {
  guarded("executing SQL", [&] {
    char* error = nullptr;
    int rc = sqlite_api::sqlite3_exec(native_handle(*sql_), sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : sqlite_api::sqlite3_errstr(rc);
      sqlite_api::sqlite3_free(error);
      message = scrub(message) + " (SQLite error " + std::to_string(rc) + ")";
      // What the file's filesystem refuses is said with the file's name.
      if ((rc & 0xff) == SQLITE_READONLY) message = url_.sqlite_path + " is read-only: " + message;
      if ((rc & 0xff) == SQLITE_FULL) message = "no room to write " + url_.sqlite_path + ": " + message;
      throw core::DatabaseError("executing SQL: " + message, std::to_string(rc));
    }
  });
}

bool SqliteSession::has_table(const std::string& schema, const std::string& name) {
  std::string master = schema.empty() ? "sqlite_master" : dialect_.quote(schema) + ".sqlite_master";
  auto rows = query_column("SELECT count(*) FROM " + master + " WHERE type = 'table' AND name = " +
                           core::Dialect::quote_string(name));
  return !rows.empty() && rows[0] != "0";
}

void SqliteSession::begin() {
  // Through sqlite3_exec, as execute(): a busy database (another writer
  // past the busy timeout) is SQLite error 5, which a lock retry knows.
  execute("BEGIN IMMEDIATE");
  in_transaction_ = true;
}

void SqliteSession::lock(const std::string&, std::chrono::milliseconds timeout) {
  if (url_.in_memory()) return;  // nobody else can see an in-memory database
  if (lock_fd_ < 0) lock_fd_ = ::open(url_.sqlite_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (lock_fd_ < 0) throw core::DatabaseError("cannot open " + url_.sqlite_path + " to lock it");
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      unlock();
      throw core::DatabaseError("timed out waiting for another strata run on " + url_.sqlite_path +
                                " (see --lock-timeout)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void SqliteSession::unlock() {
  // The descriptor stays open until the connection is closed (see the
  // destructor): closing it now would drop SQLite's own locks.
  if (lock_fd_ >= 0) ::flock(lock_fd_, LOCK_UN);
}

const core::TableLookup& SqliteSession::tables() { return *inspector_; }

}  // namespace strata::drivers::sqlite
