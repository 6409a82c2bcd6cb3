// The libpq functions that SOCI's postgresql backend (linked statically) and
// our driver call, defined here with C linkage: each forwards to the real one
// in libpq.so.5, opened by load_libpq() (drivers/common/library_loader.h says
// why). Each definition repeats the prototype of libpq-fe.h, included below,
// so one that differs from it does not compile. A function that SOCI or the
// driver comes to call and is missing here shows as an undefined reference
// when linking: add it to the list (`nm -u libsoci_postgresql.a`).
//
// This object is linked because session.cpp calls load_libpq(): the
// definitions come with it, before the SOCI archive that needs them.
#include "drivers/postgresql/libpq_loader.h"

#include <libpq-fe.h>

#include "core/error.h"
#include "drivers/common/library_loader.h"

// X(return type, name, parameters, arguments)
#define STRATA_LIBPQ_FUNCTIONS(X)                                                                                   \
  X(void, PQclear, (PGresult * res), (res))                                                                         \
  X(char*, PQcmdTuples, (PGresult * res), (res))                                                                    \
  X(PGconn*, PQconnectdb, (const char* conninfo), (conninfo))                                                       \
  X(char*, PQerrorMessage, (const PGconn* conn), (conn))                                                            \
  X(PGresult*, PQexec, (PGconn * conn, const char* query), (conn, query))                                           \
  X(PGresult*, PQexecParams,                                                                                        \
    (PGconn * conn, const char* command, int nParams, const Oid* paramTypes, const char* const* paramValues,        \
     const int* paramLengths, const int* paramFormats, int resultFormat),                                           \
    (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))                    \
  X(PGresult*, PQexecPrepared,                                                                                      \
    (PGconn * conn, const char* stmtName, int nParams, const char* const* paramValues, const int* paramLengths,     \
     const int* paramFormats, int resultFormat),                                                                    \
    (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))                               \
  X(int, PQfformat, (const PGresult* res, int field_num), (res, field_num))                                         \
  X(void, PQfinish, (PGconn * conn), (conn))                                                                        \
  X(char*, PQfname, (const PGresult* res, int field_num), (res, field_num))                                         \
  X(int, PQfsize, (const PGresult* res, int field_num), (res, field_num))                                           \
  X(Oid, PQftype, (const PGresult* res, int field_num), (res, field_num))                                           \
  X(PGresult*, PQgetResult, (PGconn * conn), (conn))                                                                \
  X(int, PQgetisnull, (const PGresult* res, int tup_num, int field_num), (res, tup_num, field_num))                 \
  X(char*, PQgetvalue, (const PGresult* res, int tup_num, int field_num), (res, tup_num, field_num))                \
  X(int, PQnfields, (const PGresult* res), (res))                                                                   \
  X(int, PQntuples, (const PGresult* res), (res))                                                                   \
  X(PGresult*, PQprepare, (PGconn * conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes), \
    (conn, stmtName, query, nParams, paramTypes))                                                                   \
  X(char*, PQresultErrorField, (const PGresult* res, int fieldcode), (res, fieldcode))                              \
  X(char*, PQresultErrorMessage, (const PGresult* res), (res))                                                      \
  X(ExecStatusType, PQresultStatus, (const PGresult* res), (res))                                                   \
  X(int, PQsendPrepare, (PGconn * conn, const char* stmtName, const char* query, int nParams, const Oid* paramTypes), \
    (conn, stmtName, query, nParams, paramTypes))                                                                   \
  X(int, PQsendQuery, (PGconn * conn, const char* query), (conn, query))                                            \
  X(int, PQsendQueryParams,                                                                                         \
    (PGconn * conn, const char* command, int nParams, const Oid* paramTypes, const char* const* paramValues,        \
     const int* paramLengths, const int* paramFormats, int resultFormat),                                           \
    (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))                    \
  X(int, PQsendQueryPrepared,                                                                                       \
    (PGconn * conn, const char* stmtName, int nParams, const char* const* paramValues, const int* paramLengths,     \
     const int* paramFormats, int resultFormat),                                                                    \
    (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))                               \
  X(int, PQserverVersion, (const PGconn* conn), (conn))                                                             \
  X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn * conn, PQnoticeProcessor proc, void* arg), (conn, proc, arg)) \
  X(int, PQsetSingleRowMode, (PGconn * conn), (conn))                                                               \
  X(ConnStatusType, PQstatus, (const PGconn* conn), (conn))                                                         \
  X(int, lo_close, (PGconn * conn, int fd), (conn, fd))                                                             \
  X(int, lo_lseek, (PGconn * conn, int fd, int offset, int whence), (conn, fd, offset, whence))                     \
  X(int, lo_open, (PGconn * conn, Oid lobjId, int mode), (conn, lobjId, mode))                                      \
  X(int, lo_read, (PGconn * conn, int fd, char* buf, size_t len), (conn, fd, buf, len))                             \
  X(int, lo_write, (PGconn * conn, int fd, const char* buf, size_t len), (conn, fd, buf, len))

namespace strata::drivers::postgresql {

namespace {

// The library and a pointer to each real function, all looked up at once,
// so a libpq that lacks one says so at the first connection.
struct Libpq {
  common::ClientLibrary library{{"PostgreSQL", "libpq", "libpq.so.5", "libpq5", "STRATA_LIBPQ"}};
#define STRATA_POINTER(ret, name, params, args) \
  decltype(&::name) name = reinterpret_cast<decltype(&::name)>(library.symbol(#name));
  STRATA_LIBPQ_FUNCTIONS(STRATA_POINTER)
#undef STRATA_POINTER
};

// Opened on the first call from any thread, once (a static local's
// initialisation is thread-safe), and kept, failure included.
const Libpq& libpq() {
  static const Libpq loaded;
  if (!loaded.library.error().empty()) throw core::DatabaseError(loaded.library.error());
  return loaded;
}

}  // namespace

void load_libpq() { libpq(); }

}  // namespace strata::drivers::postgresql

// Every call goes through libpq(), which throws if libpq is missing: only
// reached without load_libpq() first if a connection were opened some other
// way, and then it fails that connection the same way instead of crashing.
#define STRATA_FORWARD(ret, name, params, args) \
  extern "C" ret name params { return strata::drivers::postgresql::libpq().name args; }
STRATA_LIBPQ_FUNCTIONS(STRATA_FORWARD)
#undef STRATA_FORWARD
