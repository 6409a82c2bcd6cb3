// libpq, opened on the first PostgreSQL connection (drivers/common/library_loader.h).
#pragma once

namespace strata::drivers::postgresql {

#if STRATA_LAZY_CLIENT_LIBS
/// Opens libpq and resolves every function strata and SOCI call, once;
/// throws a DatabaseError naming the library and its package if it cannot.
/// Called before each connection, so a missing libpq fails the connection.
void load_libpq();
#else
inline void load_libpq() {}  // linked directly: the dynamic loader opened it at start
#endif

}  // namespace strata::drivers::postgresql
