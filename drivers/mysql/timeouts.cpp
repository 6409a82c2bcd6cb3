// MySQL's session timeouts for migrations, and its lock-timeout error.
#include <cstdio>

#include "drivers/mysql/dialect.h"

namespace strata::drivers::mysql {

namespace {

// Whole seconds, rounded up: a lock wait of 0 would mean "do not wait".
std::string whole_seconds(std::chrono::milliseconds ms) { return std::to_string((ms.count() + 999) / 1000); }

}  // namespace

std::vector<std::string> MysqlDialect::session_timeouts(std::optional<std::chrono::milliseconds> lock,
                                                        std::optional<std::chrono::milliseconds> statement) const {
  std::vector<std::string> out;
  if (lock) {
    out.push_back("SET SESSION lock_wait_timeout = " + whole_seconds(*lock));
    out.push_back("SET SESSION innodb_lock_wait_timeout = " + whole_seconds(*lock));
  }
  if (statement) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%lld.%03lld", static_cast<long long>(statement->count() / 1000),
                  static_cast<long long>(statement->count() % 1000));
    out.push_back(std::string("SET SESSION max_statement_time = ") + seconds);
  }
  return out;
}

bool MysqlDialect::is_lock_timeout(const std::string& server_code) const {
  return server_code == "1205";  // ER_LOCK_WAIT_TIMEOUT, for metadata and row locks alike
}

}  // namespace strata::drivers::mysql
