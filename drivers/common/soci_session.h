// SociSession: the parts of core::Session shared by every SOCI backend. It is
// the only place SOCI exceptions are caught: each becomes a DatabaseError
// that carries the SQLSTATE where the backend has one, with passwords scrubbed.
#pragma once

#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/database_url.h"
#include "core/error.h"
#include "core/session.h"

namespace strata::drivers {

class SociSession : public core::Session {
 public:
  void execute(const std::string& sql) override;
  std::vector<std::string> query_column(const std::string& sql) override;
  /// Every row of a query, each cell as a string (NULL as nullopt).
  std::vector<std::vector<std::optional<std::string>>> query_rows(const std::string& sql) override;
  void commit() override;
  void rollback() override;

 protected:
  explicit SociSession(core::DatabaseUrl url) : url_(std::move(url)) {}
  /// Runs F, translating SOCI and standard exceptions into DatabaseError.
  template <class F>
  auto guarded(const std::string& doing, F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const core::Error&) {
      throw;
    } catch (const std::exception& e) {
      raise(doing, e);
    }
  }
  /// Throws E as a DatabaseError (a ConnectionLost when lost() says so):
  /// DOING, the SQLSTATE or error number, and the driver's text without
  /// SOCI's wrapping.
  [[noreturn]] void raise(const std::string& doing, const std::exception& e) const;
  /// Whether the connection is gone after E (the backends override it).
  virtual bool lost(const std::exception&) const { return false; }
  /// What the server said as it ended a lost connection, if anything.
  virtual std::string lost_detail() const { return ""; }
  /// Removes the password from TEXT (errors from a driver may echo it).
  std::string scrub(std::string text) const;

  core::DatabaseUrl url_;
  std::unique_ptr<soci::session> sql_;
  bool in_transaction_ = false;
};

}  // namespace strata::drivers
