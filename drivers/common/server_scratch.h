// The scratch database of a database server (PostgreSQL, MySQL): a
// database of strata's own, `strata_dev_<random>`, created through the URL's
// connection and dropped when done, failure included. The database the URL
// names is only connected to, never changed. Each driver says how its
// server creates a database (the role it needs) and opens sessions.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <random>
#include <string>

#include "core/error.h"
#include "drivers/scratch.h"

namespace strata::drivers::common {

struct ServerScratchSpec {
  /// Opens a session on URL (the admin one, then the scratch one).
  std::function<std::unique_ptr<core::Session>(const core::DatabaseUrl&)> connect;
  /// `CREATE DATABASE "name"` in the server's own words.
  std::function<std::string(const std::string& name)> create;
  /// `DROP DATABASE IF EXISTS "name"`.
  std::function<std::string(const std::string& name)> drop;
  /// What the role needs to create a database ("CREATEDB", "the CREATE privilege").
  std::string privilege;
};

class ServerScratch : public ScratchDatabase {
 public:
  ServerScratch(const core::DatabaseUrl& url, ServerScratchSpec spec) : spec_(std::move(spec)) {
    admin_ = spec_.connect(url);
    std::random_device random;
    name_ = "strata_dev_" + std::to_string(random()) + std::to_string(random() % 100000);
    try {
      admin_->execute(spec_.create(name_));
    } catch (const core::DatabaseError& e) {
      // Mostly a role that may not create databases: say what strata needed
      // and that the database the URL names was left alone.
      throw core::DatabaseError("dev URL " + url.redacted() + ": could not create the scratch database " + name_ +
                                ", the server refused (the role needs " + spec_.privilege +
                                "; strata builds only on a database of its own and never on " + url.database +
                                "): " + e.what());
    }
    core::DatabaseUrl scratch = url;
    scratch.database = name_;
    try {
      session_ = spec_.connect(scratch);
    } catch (...) {
      drop();
      throw;
    }
  }
  ~ServerScratch() override {
    session_.reset();  // our own connection to it closes first
    drop();
  }
  core::Session& session() override { return *session_; }

 private:
  void drop() noexcept {
    try {
      admin_->execute(spec_.drop(name_));
    } catch (const std::exception& e) {
      // The command's own result stands; say what was left behind.
      std::cerr << "strata: warning: could not drop the scratch database " << name_ << ": " << e.what() << "\n";
    }
  }

  ServerScratchSpec spec_;
  std::unique_ptr<core::Session> admin_;
  std::string name_;
  std::unique_ptr<core::Session> session_;
};

}  // namespace strata::drivers::common
