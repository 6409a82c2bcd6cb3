#include "drivers/mysql/scratch.h"

#include <iostream>
#include <random>

#include "drivers/mysql/session.h"

namespace strata::drivers::mysql {

namespace {

// A database ("schema" in MySQL's words) of strata's own on the server,
// dropped when done: the database the URL names is only connected to.
class MysqlScratch : public ScratchDatabase {
 public:
  explicit MysqlScratch(const core::DatabaseUrl& url) : admin_(std::make_unique<MysqlSession>(url)) {
    std::random_device random;
    name_ = "strata_dev_" + std::to_string(random()) + std::to_string(random() % 100000);
    admin_->execute("CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4");
    core::DatabaseUrl scratch = url;
    scratch.database = name_;
    try {
      session_ = std::make_unique<MysqlSession>(scratch);
    } catch (...) {
      drop();
      throw;
    }
  }
  ~MysqlScratch() override {
    session_.reset();
    drop();
  }
  core::Session& session() override { return *session_; }

 private:
  void drop() noexcept {
    try {
      admin_->execute("DROP DATABASE IF EXISTS `" + name_ + "`");
    } catch (const std::exception& e) {
      std::cerr << "strata: warning: could not drop the scratch database " << name_ << ": " << e.what() << "\n";
    }
  }

  std::unique_ptr<core::Session> admin_;
  std::string name_;
  std::unique_ptr<core::Session> session_;
};

}  // namespace

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url) {
  return std::make_unique<MysqlScratch>(url);
}

}  // namespace strata::drivers::mysql
