#include "drivers/common/soci_session.h"

#include <cstdio>
#include <ctime>

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
    case soci::dt_date: {  // a timestamp, to the second (SOCI's std::tm has no fraction)
      const std::tm t = row.get<std::tm>(i);
      char text[80];
      std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                    t.tm_hour, t.tm_min, t.tm_sec);
      return text;
    }
    default: return "";
  }
}

}  // namespace

std::string SociSession::scrub(std::string text) const {
  if (!url_.password.empty())
    for (size_t pos; (pos = text.find(url_.password)) != std::string::npos;) text.replace(pos, url_.password.size(), "***");
  return core::redact_passwords(std::move(text));
}

namespace {

// The driver's own text of E: SOCI's wrapping taken off (its context, the
// statement "while executing" it, which the caller names already; the
// "Cannot execute query. Fatal error." of its postgresql backend and the
// "sqlite3_statement_backend::loadOne: " of its sqlite one), trailing blanks
// trimmed, and the lines after the first indented under it. FIRST_LINE:
// the first line alone (libpq follows a lost connection with a paragraph
// of guesses).
std::string driver_text(const std::exception& e, bool first_line) {
  const auto* soci_error = dynamic_cast<const soci::soci_error*>(&e);
  std::string m = soci_error ? soci_error->get_error_message() : e.what();
  if (auto w = m.rfind(" while executing \""); w != std::string::npos && m.size() >= 2 && m.compare(m.size() - 2, 2, "\".") == 0)
    m.erase(w);
  for (bool again = true; again;) {
    again = false;
    for (const char* prefix : {"Cannot execute query. ", "Fatal error. ", "Connection failed. "})
      if (m.rfind(prefix, 0) == 0) {
        m.erase(0, std::string(prefix).size());
        again = true;
      }
    if (auto colons = m.find("_backend::"); colons != std::string::npos && colons < 40) {
      auto end = m.find(": ", colons);
      if (end != std::string::npos && m.find(' ') > colons) {
        m.erase(0, end + 2);
        again = true;
      }
    }
  }
  auto trim = [](std::string& t) {
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ' || t.back() == '\t')) t.pop_back();
  };
  trim(m);
  if (first_line) {
    if (auto nl = m.find('\n'); nl != std::string::npos) m.erase(nl);
    trim(m);
    return m;
  }
  std::string out;
  for (char c : m) {
    if (c == '\t') continue;
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

}  // namespace

void SociSession::raise(const std::string& doing, const std::exception& e) const {
  const bool gone = lost(e);
  std::string message = driver_text(e, gone), code;
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    code = pg->sqlstate();
    if (!code.empty()) message = "[SQLSTATE " + code + "] " + message;
  }
  if (auto* my = dynamic_cast<const soci::mysql_soci_error*>(&e)) {
    if (my->err_num_) code = std::to_string(my->err_num_);
    if (my->err_num_) message = "[MySQL error " + code + "] " + message;
  }
  if (gone) {
    std::string said = lost_detail();
    if (!said.empty()) message += "; the server said: " + said;
    throw core::ConnectionLost(scrub(doing + ": the connection to the server was lost (" + message + ")"));
  }
  throw core::DatabaseError(scrub(doing + ": " + message), code);
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
