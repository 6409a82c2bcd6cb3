#include "drivers/sqlite/scratch.h"

#include <filesystem>

#include "core/error.h"
#include "drivers/sqlite/session.h"

namespace strata::drivers::sqlite {

namespace {

class SqliteScratch : public ScratchDatabase {
 public:
  explicit SqliteScratch(const core::DatabaseUrl& url) : path_(url.in_memory() ? "" : url.sqlite_path) {
    // An existing file may hold somebody's data: never build on it, never
    // open it (opening could leave a journal next to it).
    if (!path_.empty() && std::filesystem::exists(path_))
      throw core::UsageError("dev URL " + url.redacted() +
                             ": the file exists; give a new file or sqlite:// (in memory), strata never builds on "
                             "an existing database and left it untouched");
    try {
      session_ = std::make_unique<SqliteSession>(url);
    } catch (const core::DatabaseError& e) {
      remove_files();
      throw core::DatabaseError("dev URL " + url.redacted() + ": could not create the scratch database: " + e.what());
    } catch (...) {
      remove_files();
      throw;
    }
  }
  ~SqliteScratch() override {
    session_.reset();
    remove_files();
  }
  core::Session& session() override { return *session_; }

 private:
  void remove_files() noexcept {
    if (path_.empty()) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ignored);
  }

  std::string path_;
  std::unique_ptr<core::Session> session_;
};

}  // namespace

std::unique_ptr<ScratchDatabase> open_scratch(const core::DatabaseUrl& url) {
  return std::make_unique<SqliteScratch>(url);
}

}  // namespace strata::drivers::sqlite
