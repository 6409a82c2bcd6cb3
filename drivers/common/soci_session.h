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
  std::vector<std::vector<std::optional<std::string>>> query_rows(const std::string& sql);
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
      throw translate(doing, e);
    }
  }
  core::DatabaseError translate(const std::string& doing, const std::exception& e) const;
  /// Removes the password from TEXT (errors from a driver may echo it).
  std::string scrub(std::string text) const;

  core::DatabaseUrl url_;
  std::unique_ptr<soci::session> sql_;
  bool in_transaction_ = false;
};

}  // namespace strata::drivers
