// A database client library opened with dlopen when the first connection to
// its database needs it, instead of by the dynamic loader at start: libpq
// and libmariadb bring their own trees (OpenSSL, GnuTLS, Kerberos, LDAP) whose
// loading and symbol binding was most of strata's start-up time, paid even by
// `strata --version` and SQLite-only runs. Only built with
// STRATA_LAZY_CLIENT_LIBS (the static Release build, CMakeLists.txt); each
// shim (postgresql/libpq_loader.cpp, mysql/libmariadb_loader.cpp) resolves
// its functions through one of these.
#pragma once

#include <string>

namespace strata::drivers::common {

/// What a shim needs to name its library to the user.
struct ClientLibraryName {
  const char* database;  ///< "PostgreSQL"
  const char* library;   ///< "libpq"
  const char* soname;    ///< "libpq.so.5", opened unless the variable below says otherwise
  const char* package;   ///< "libpq5", the Debian package that ships it
  const char* path_variable;  ///< "STRATA_LIBPQ": a path or soname to open instead (unusual installs)
};

class ClientLibrary {
 public:
  /// Opens the library (never closed: its functions stay in use to the end).
  explicit ClientLibrary(const ClientLibraryName& name);
  ClientLibrary(const ClientLibrary&) = delete;
  ClientLibrary& operator=(const ClientLibrary&) = delete;

  /// The address of the function SYMBOL, or nullptr when the library or the
  /// function is missing (the first such failure is kept for error()).
  void* symbol(const char* symbol);
  /// Empty when the library and every symbol asked for were found; otherwise
  /// one line for the user naming the library, its package and the cause.
  const std::string& error() const { return error_; }

 private:
  void fail(const std::string& cause);

  ClientLibraryName name_;
  std::string opened_;  ///< what was passed to dlopen, with where it came from
  void* handle_ = nullptr;
  std::string error_;
};

}  // namespace strata::drivers::common
