// MariaDB's client library, opened on the first MySQL connection
// (drivers/common/library_loader.h).
#pragma once

namespace strata::drivers::mysql {

#if STRATA_LAZY_CLIENT_LIBS
/// Opens libmariadb and resolves every function strata and SOCI call, once;
/// throws a DatabaseError naming the library and its package if it cannot.
/// Called before each connection, so a missing libmariadb fails the connection.
void load_libmariadb();
#else
inline void load_libmariadb() {}  // linked directly: the dynamic loader opened it at start
#endif

}  // namespace strata::drivers::mysql
