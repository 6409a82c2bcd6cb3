#include "core/database_url.h"

#include <cctype>
#include <utility>

#include "core/error.h"

namespace strata::core {

namespace {

std::string percent_decode(const std::string& s, const std::string& what) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(s[i + 2])))
        throw UsageError("database URL: bad percent-encoding in the " + what);
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string redact_passwords(std::string text) {
  // scheme://user:password@  ->  scheme://user:***@
  // The password ends at the LAST '@' of the URL, and the URL at white space:
  // a raw '@', '/', '?' or quote in a password must not leave part of it
  // visible. An '@' later in the URL (a query value) only makes the
  // redaction wider.
  for (size_t pos = 0; (pos = text.find("://", pos)) != std::string::npos;) {
    size_t start = pos + 3;
    size_t end = text.find_first_of(" \t\r\n", start);
    if (end == std::string::npos) end = text.size();
    pos = start;
    size_t at = text.rfind('@', end - 1);
    if (at == std::string::npos || at < start) continue;
    size_t colon = text.find(':', start);
    if (colon == std::string::npos || colon > at) continue;
    text.replace(colon + 1, at - colon - 1, "***");
  }
  return text;
}

std::string redact_url(std::string value) {
  // parse_database_url's rule: the user info ends at the last '@'; the
  // password starts after its first ':'. Then any further URL, as in text.
  if (auto sep = value.find("://"); sep != std::string::npos) {
    const size_t start = sep + 3, at = value.rfind('@'), colon = value.find(':', start);
    if (at != std::string::npos && at >= start && colon != std::string::npos && colon < at)
      value.replace(colon + 1, at - colon - 1, "***");
  }
  return redact_passwords(std::move(value));
}

std::string DatabaseUrl::redacted() const { return redact_url(original); }

DatabaseUrl parse_database_url(const std::string& url, const std::string& base_dir) {
  DatabaseUrl u;
  u.original = url;
  auto safe = redact_url(url);
  if (url.empty())
    throw UsageError("no database URL: set database_url in strata.yaml, $DATABASE_URL, or pass --url");
  auto sep = url.find("://");
  // Not quoted: without "://" redaction cannot tell where a password would be.
  if (sep == std::string::npos)
    throw UsageError("the database URL has no scheme (expected sqlite://, postgresql:// or mysql://)");
  std::string scheme = url.substr(0, sep);
  if (auto plus = scheme.find('+'); plus != std::string::npos) scheme = scheme.substr(0, plus);  // +psycopg2 etc.
  std::string rest = url.substr(sep + 3);
  if (scheme == "sqlite") {
    u.dialect = "sqlite";
    if (rest.empty() || rest == "/" || rest == "/:memory:") {
      u.sqlite_path = ":memory:";
    } else if (rest.front() != '/') {
      throw UsageError("database URL '" + safe + "': SQLite URLs are sqlite:///relative.db or sqlite:////absolute.db");
    } else {
      std::string path = rest.substr(1);
      if (auto q = path.find('?'); q != std::string::npos) path = path.substr(0, q);
      u.sqlite_path = (!path.empty() && path.front() == '/') || base_dir.empty() ? path : base_dir + "/" + path;
    }
    return u;
  }
  // Server URLs share one shape: user:password@host:port/database?key=value.
  // mysql+pymysql://, mariadb:// and mysql+mysqldb:// are one dialect.
  const bool postgres = scheme == "postgresql" || scheme == "postgres";
  const bool mysql = scheme == "mysql" || scheme == "mariadb";
  if (postgres || mysql) {
    u.dialect = postgres ? "postgresql" : "mysql";
    // The user info ends at the last '@': a password may hold a raw '/',
    // '?' or '@'. (So an '@' in a query value must be percent-encoded.)
    std::string userinfo;
    bool has_userinfo = false;
    if (auto at = rest.rfind('@'); at != std::string::npos) {
      userinfo = rest.substr(0, at);
      rest = rest.substr(at + 1);
      has_userinfo = true;
    }
    std::string query;
    if (auto q = rest.find('?'); q != std::string::npos) {
      query = rest.substr(q + 1);
      rest = rest.substr(0, q);
    }
    std::string authority = rest, path;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
      authority = rest.substr(0, slash);
      path = rest.substr(slash + 1);
    }
    if (has_userinfo) {
      auto colon = userinfo.find(':');
      u.user = percent_decode(userinfo.substr(0, colon), "user name");
      if (colon != std::string::npos) u.password = percent_decode(userinfo.substr(colon + 1), "password");
    }
    std::string port;
    if (!authority.empty() && authority.front() == '[') {  // [::1]:5432
      auto close = authority.find(']');
      if (close == std::string::npos) throw UsageError("database URL '" + safe + "': unclosed '[' in the host");
      u.host = authority.substr(1, close - 1);
      if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
    } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
      u.host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    } else {
      u.host = authority;
    }
    u.host = percent_decode(u.host, "host");
    if (!port.empty()) {
      if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoi(port) > 65535)
        throw UsageError("database URL '" + safe + "': port '" + port + "' is not a number from 1 to 65535");
      u.port = std::stoi(port);
    }
    u.database = percent_decode(path, "database name");
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string pair = query.substr(0, amp);
      auto eq = pair.find('=');
      if (eq == std::string::npos) throw UsageError("database URL '" + safe + "': query parameter '" + pair + "' has no value");
      u.query[percent_decode(pair.substr(0, eq), "query")] = percent_decode(pair.substr(eq + 1), "query");
      query = amp == std::string::npos ? "" : query.substr(amp + 1);
    }
    return u;
  }
  throw UsageError("database URL '" + safe + "': unknown scheme '" + scheme +
                   "' (expected sqlite, postgresql or mysql)");
}

}  // namespace strata::core
