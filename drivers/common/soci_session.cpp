#include "drivers/common/soci_session.h"

#include <soci/mysql/soci-mysql.h>
#include <soci/postgresql/soci-postgresql.h>

namespace strata::drivers {

namespace {

std::string cell_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return "";
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_string: return row.get<std::string>(i);
    case soci::dt_integer: return std::to_string(row.get<int>(i));
    case soci::dt_long_long: return std::to_string(row.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(row.get<unsigned long long>(i));
    case soci::dt_double: return std::to_string(row.get<double>(i));
    default: return "";
  }
}

}  // namespace

std::string SociSession::scrub(std::string text) const {
  if (!url_.password.empty())
    for (size_t pos; (pos = text.find(url_.password)) != std::string::npos;) text.replace(pos, url_.password.size(), "***");
  return core::redact_passwords(std::move(text));
}

core::DatabaseError SociSession::translate(const std::string& doing, const std::exception& e) const {
  std::string message = e.what(), code;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    code = pg->sqlstate();
    if (!code.empty()) message = "[SQLSTATE " + code + "] " + message;
  }
  if (auto* my = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    if (my->err_num_) code = std::to_string(my->err_num_);
    if (my->err_num_) message = "[MySQL error " + code + "] " + message;
  }
  return core::DatabaseError(scrub(doing + ": " + message), code);
}

void SociSession::execute(const std::string& sql) {
  guarded("executing SQL", [&] { *sql_ << sql; });
}

std::vector<std::string> SociSession::query_column(const std::string& query) {
  return guarded("querying", [&] {
    std::vector<std::string> out;
    soci::rowset<soci::row> rows = sql_->prepare << query;
    for (const auto& row : rows) out.push_back(cell_text(row, 0));
    return out;
  });
}

std::vector<std::vector<std::optional<std::string>>> SociSession::query_rows(const std::string& query) {
  return guarded("querying", [&] {
    std::vector<std::vector<std::optional<std::string>>> out;
    soci::rowset<soci::row> rows = sql_->prepare << query;
    for (const auto& row : rows) {
      auto& cells = out.emplace_back();
      for (std::size_t i = 0; i < row.size(); ++i)
        cells.push_back(row.get_indicator(i) == soci::i_null ? std::nullopt
                                                             : std::optional<std::string>(cell_text(row, i)));
    }
    return out;
  });
}

void SociSession::commit() {
  guarded("committing", [&] { *sql_ << "COMMIT"; });
  in_transaction_ = false;
}

void SociSession::rollback() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  // A rollback after a failure must not hide the original error.
  try {
    *sql_ << "ROLLBACK";
  } catch (const std::exception&) {
  }
}

}  // namespace strata::drivers
