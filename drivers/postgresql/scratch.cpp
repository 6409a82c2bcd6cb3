#include "drivers/postgresql/scratch.h"

#include <iostream>
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
    try {
      admin_->execute("CREATE DATABASE \"" + name_ + "\"");
    } catch (const core::DatabaseError& e) {
      // Mostly a role without CREATEDB: say what strata needed and that
      // the database the URL names was left alone.
      throw core::DatabaseError("dev URL " + url.redacted() + ": could not create the scratch database " + name_ +
                                ", the server refused (the role needs CREATEDB; strata builds only on a database of its own and "
                                "never on " + url.database + "): " + e.what());
    }
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
    // Our own connection to it is closed by now, so the plain form works on
    // every server version (WITH (FORCE) needs PostgreSQL 13).
    try {
      admin_->execute("DROP DATABASE IF EXISTS \"" + name_ + "\"");
    } catch (const std::exception& e) {
      // The command's own result stands; say what was left behind.
      std::cerr << "strata: warning: could not drop the scratch database " << name_ << ": " << e.what() << "\n";
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
