#include "drivers/postgresql/scratch.h"

#include <random>

#include "core/error.h"
#include "drivers/postgresql/session.h"

namespace strata::drivers::postgresql {

namespace {

// A database of strata's own on the server, dropped when done: the database
// the URL names is only connected to, never changed.
class PostgresScratch : public ScratchDatabase {
 public:
  explicit PostgresScratch(const core::DatabaseUrl& url) : admin_(std::make_unique<PostgresSession>(url)) {
    std::random_device random;
    name_ = "strata_dev_" + std::to_string(random()) + std::to_string(random() % 100000);
    admin_->execute("CREATE DATABASE \"" + name_ + "\"");
    core::DatabaseUrl scratch = url;
    scratch.database = name_;
    try {
      session_ = std::make_unique<PostgresSession>(scratch);
    } catch (...) {
      drop();
      throw;
    }
  }
  ~PostgresScratch() override {
    session_.reset();
    drop();
  }
  core::Session& session() override { return *session_; }

 private:
  void drop() noexcept {
    try {
      admin_->execute("DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
    } catch (...) {
      // Nothing to report to: the command's own result stands. The name
      // (strata_dev_...) says what it was if one is ever left behind.
    }
  }

  std::unique_ptr<core::Session> admin_;
  std::string name_;
  std::unique_ptr<core::Session> session_;
};

}  // namespace

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url) {
  return std::make_unique<PostgresScratch>(url);
}

}  // namespace strata::drivers::postgresql
