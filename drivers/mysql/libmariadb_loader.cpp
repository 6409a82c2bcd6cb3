// The MariaDB client functions that SOCI's mysql backend (linked statically)
// and our driver call, defined here with C linkage: each forwards to the real
// one in libmariadb.so.3, opened by load_libmariadb()
// (drivers/common/library_loader.h says why). Each definition repeats the
// prototype of mysql.h, included below, so one that differs from it does not
// compile. A function that SOCI or the driver comes to call and is missing
// here shows as an undefined reference when linking: add it to the list
// (`nm -u libsoci_mysql.a`). mysql_library_init is mysql.h's macro for
// mysql_server_init.
//
// This object is linked because session.cpp calls load_libmariadb(): the
// definitions come with it, before the SOCI archive that needs them.
#include "drivers/mysql/libmariadb_loader.h"

#include <mysql.h>

#include "core/error.h"
#include "drivers/common/library_loader.h"

// X(return type, name, parameters, arguments)
#define STRATA_LIBMARIADB_FUNCTIONS(X)                                                                             \
  X(my_ulonglong, mysql_affected_rows, (MYSQL * mysql), (mysql))                                                   \
  X(void, mysql_close, (MYSQL * sock), (sock))                                                                     \
  X(unsigned int, mysql_errno, (MYSQL * mysql), (mysql))                                                           \
  X(const char*, mysql_error, (MYSQL * mysql), (mysql))                                                            \
  X(MYSQL_FIELD*, mysql_fetch_field_direct, (MYSQL_RES * res, unsigned int fieldnr), (res, fieldnr))               \
  X(unsigned long*, mysql_fetch_lengths, (MYSQL_RES * result), (result))                                           \
  X(MYSQL_ROW, mysql_fetch_row, (MYSQL_RES * result), (result))                                                    \
  X(unsigned int, mysql_field_count, (MYSQL * mysql), (mysql))                                                     \
  X(void, mysql_free_result, (MYSQL_RES * result), (result))                                                       \
  X(MYSQL*, mysql_init, (MYSQL * mysql), (mysql))                                                                  \
  X(my_ulonglong, mysql_insert_id, (MYSQL * mysql), (mysql))                                                       \
  X(int, mysql_next_result, (MYSQL * mysql), (mysql))                                                              \
  X(my_ulonglong, mysql_num_rows, (MYSQL_RES * res), (res))                                                        \
  X(int, mysql_options, (MYSQL * mysql, enum mysql_option option, const void* arg), (mysql, option, arg))          \
  X(int, mysql_ping, (MYSQL * mysql), (mysql))                                                                     \
  X(MYSQL*, mysql_real_connect,                                                                                    \
    (MYSQL * mysql, const char* host, const char* user, const char* passwd, const char* db, unsigned int port,    \
     const char* unix_socket, unsigned long clientflag),                                                          \
    (mysql, host, user, passwd, db, port, unix_socket, clientflag))                                               \
  X(unsigned long, mysql_real_escape_string, (MYSQL * mysql, char* to, const char* from, unsigned long length),   \
    (mysql, to, from, length))                                                                                     \
  X(int, mysql_real_query, (MYSQL * mysql, const char* q, unsigned long length), (mysql, q, length))              \
  X(MYSQL_ROW_OFFSET, mysql_row_seek, (MYSQL_RES * result, MYSQL_ROW_OFFSET offset), (result, offset))            \
  X(MYSQL_ROWS*, mysql_row_tell, (MYSQL_RES * res), (res))                                                         \
  X(void, mysql_server_end, (void), ())                                                                            \
  X(int, mysql_server_init, (int argc, char** argv, char** groups), (argc, argv, groups))                          \
  X(int, mysql_set_server_option, (MYSQL * mysql, enum enum_mysql_set_option option), (mysql, option))            \
  X(int, mysql_ssl_set,                                                                                            \
    (MYSQL * mysql, const char* key, const char* cert, const char* ca, const char* capath, const char* cipher),   \
    (mysql, key, cert, ca, capath, cipher))                                                                        \
  X(MYSQL_RES*, mysql_store_result, (MYSQL * mysql), (mysql))

namespace strata::drivers::mysql {

namespace {

// The library and a pointer to each real function, all looked up at once,
// so a libmariadb that lacks one says so at the first connection.
struct Libmariadb {
  common::ClientLibrary library{{"MySQL", "libmariadb", "libmariadb.so.3", "libmariadb3", "STRATA_LIBMARIADB"}};
#define STRATA_POINTER(ret, name, params, args) \
  decltype(&::name) name = reinterpret_cast<decltype(&::name)>(library.symbol(#name));
  STRATA_LIBMARIADB_FUNCTIONS(STRATA_POINTER)
#undef STRATA_POINTER
};

// Opened on the first call from any thread, once (a static local's
// initialisation is thread-safe), and kept, failure included.
const Libmariadb& libmariadb() {
  static const Libmariadb loaded;
  if (!loaded.library.error().empty()) throw core::DatabaseError(loaded.library.error());
  return loaded;
}

}  // namespace

void load_libmariadb() { libmariadb(); }

}  // namespace strata::drivers::mysql

// Every call goes through libmariadb(), which throws if the library is
// missing: only reached without load_libmariadb() first if a connection were
// opened some other way, and then it fails that connection the same way
// instead of crashing.
#define STRATA_FORWARD(ret, name, params, args) \
  extern "C" ret name params { return strata::drivers::mysql::libmariadb().name args; }
STRATA_LIBMARIADB_FUNCTIONS(STRATA_FORWARD)
#undef STRATA_FORWARD
