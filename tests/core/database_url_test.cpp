// Database URLs of SPEC §1: every form parses, and no message or redacted
// form ever contains the password.
#include <doctest/doctest.h>

#include "core/database_url.h"
#include "core/error.h"

// Its own namespace: the unity build compiles several test files as one.
namespace database_url_test {

using strata::core::parse_database_url;
using strata::core::redact_passwords;
using strata::core::UsageError;

TEST_CASE("sqlite URLs: relative, absolute, in memory") {
  CHECK(parse_database_url("sqlite:///app.db", "/proj").sqlite_path == "/proj/app.db");
  CHECK(parse_database_url("sqlite:///data/app.db", "/proj").sqlite_path == "/proj/data/app.db");
  CHECK(parse_database_url("sqlite:////var/lib/app.db", "/proj").sqlite_path == "/var/lib/app.db");
  CHECK(parse_database_url("sqlite://", "/proj").in_memory());
  CHECK(parse_database_url("sqlite:///:memory:", "/proj").in_memory());
  CHECK(parse_database_url("sqlite:///app.db", "/proj").dialect == "sqlite");
}

TEST_CASE("postgresql URLs: every part, +driver ignored, percent-decoding") {
  auto u = parse_database_url("postgresql+psycopg2://us%40er:p%40ss%3Aword@db.example:6543/my%20db?sslmode=require",
                              "");
  CHECK(u.dialect == "postgresql");
  CHECK(u.user == "us@er");
  CHECK(u.password == "p@ss:word");
  CHECK(u.host == "db.example");
  CHECK(u.port == 6543);
  CHECK(u.database == "my db");
  CHECK(u.query.at("sslmode") == "require");
  CHECK(parse_database_url("postgres://localhost/app", "").dialect == "postgresql");
  CHECK(parse_database_url("postgresql+asyncpg://u@h/app", "").port == 0);
  auto v6 = parse_database_url("postgresql://u:p@[::1]:5433/app", "");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 5433);
}

TEST_CASE("the password never shows") {
  auto u = parse_database_url("postgresql://app:s3cret@db:5432/app", "");
  CHECK(u.redacted() == "postgresql://app:***@db:5432/app");
  CHECK(redact_passwords("could not connect to postgresql://a:b@c/d, retry") ==
        "could not connect to postgresql://a:***@c/d, retry");
  // A raw '@' inside the password is still hidden in full.
  CHECK(redact_passwords("postgresql://app:p@ss@db/app") == "postgresql://app:***@db/app");
  CHECK(redact_passwords("postgresql://app@db/app") == "postgresql://app@db/app");
  for (const char* bad : {"postgresql://app:s3cret@db:99999/app", "postgresql://app:s3cret@db/app?sslmode",
                          "mysql://app:s3cret@db/app?nope", "oracle://app:s3cret@db/app", "postgresql://app:s3cret%zz@db/app"}) {
    CAPTURE(bad);
    try {
      parse_database_url(bad, "");
      FAIL("expected a UsageError");
    } catch (const UsageError& e) {
      CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
    }
  }
}

TEST_CASE("mysql URLs: mysql, mariadb and the +driver forms are one dialect") {
  auto u = parse_database_url("mysql+pymysql://app:p%40ss@db.example:3307/shop?charset=utf8mb4", "");
  CHECK(u.dialect == "mysql");
  CHECK(u.user == "app");
  CHECK(u.password == "p@ss");
  CHECK(u.host == "db.example");
  CHECK(u.port == 3307);
  CHECK(u.database == "shop");
  CHECK(u.query.at("charset") == "utf8mb4");
  CHECK(parse_database_url("mariadb://u@h/app", "").dialect == "mysql");
  CHECK(parse_database_url("mysql+mysqldb://u@h/app", "").port == 0);
  CHECK(u.redacted() == "mysql+pymysql://app:***@db.example:3307/shop?charset=utf8mb4");
}

TEST_CASE("unsupported and malformed URLs are usage errors") {
  CHECK_THROWS_WITH_AS(parse_database_url("oracle://u@h/db", ""), doctest::Contains("unknown scheme 'oracle'"),
                       UsageError);
  CHECK_THROWS_AS(parse_database_url("", ""), UsageError);
  CHECK_THROWS_AS(parse_database_url("app.db", ""), UsageError);
  CHECK_THROWS_AS(parse_database_url("sqlite:app.db", ""), UsageError);
}

TEST_CASE("redact_passwords hides every password") {
  CHECK(redact_passwords("postgresql://bob:s3cret@db:5432/app") == "postgresql://bob:***@db:5432/app");
  CHECK(redact_passwords("postgresql+psycopg2://bob:s3cret@db/app?sslmode=require") ==
        "postgresql+psycopg2://bob:***@db/app?sslmode=require");
  // Raw '@' and '/' in a password (not percent-encoded) leave nothing of it.
  CHECK(redact_passwords("postgresql://bob:p@ss@db/app") == "postgresql://bob:***@db/app");
  CHECK(redact_passwords("postgresql://bob:pa/ss@db/app") == "postgresql://bob:***@db/app");
  // In a message: each URL up to a quote or whitespace, two URLs alike.
  CHECK(redact_passwords("database URL 'postgres://u:x@h/d' and postgres://v:y@h/d.") ==
        "database URL 'postgres://u:***@h/d' and postgres://v:***@h/d.");
  // Nothing to hide.
  CHECK(redact_passwords("postgresql://bob@db/app") == "postgresql://bob@db/app");
  CHECK(redact_passwords("postgresql://db/app") == "postgresql://db/app");
  CHECK(redact_passwords("sqlite:///app.db") == "sqlite:///app.db");
  CHECK(redact_passwords("no url here: a@b") == "no url here: a@b");
}

TEST_CASE("URL errors never contain the password") {
  for (const char* url : {"postgresql://bob:s3cret@", "mysql://bob:s3cret@db/app", "bob:s3cret@db/app",
                          "postgresql://bob:s3cret@db:notaport/app"}) {
    CAPTURE(std::string(url));
    try {
      strata::core::parse_database_url(url, "/tmp");
    } catch (const strata::core::Error& e) {
      CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
    }
  }
}

TEST_CASE("a raw '/', '?', '@' or quote in the password: parsed whole, never shown") {
  auto u = parse_database_url("postgresql://app:se/cr?e@t'@db:5433/app?sslmode=disable", "");
  CHECK(u.user == "app");
  CHECK(u.password == "se/cr?e@t'");
  CHECK(u.host == "db");
  CHECK(u.port == 5433);
  CHECK(u.database == "app");
  CHECK(u.query.at("sslmode") == "disable");
  CHECK(u.redacted() == "postgresql://app:***@db:5433/app?sslmode=disable");
  CHECK(redact_passwords("url 'postgresql://app:pa'ss@db/app' failed") == "url 'postgresql://app:***@db/app' failed");
  try {
    parse_database_url("postgresql://app:se/cret@db:abc/app", "");
    FAIL("expected a UsageError");
  } catch (const strata::core::UsageError& e) {
    CHECK(std::string(e.what()).find("cret") == std::string::npos);
  }
}

TEST_CASE("a raw white space in the password: parsed whole, never shown (found by fuzzing)") {
  // The user info ends at the last '@', white space or not; so does the
  // redaction of the URL (a free text's URL still ends at white space).
  auto u = parse_database_url("postgresql://bob:pa ss@db/app", "");
  CHECK(u.password == "pa ss");
  CHECK(u.host == "db");
  CHECK(u.redacted() == "postgresql://bob:***@db/app");
  CHECK(parse_database_url("postgresql://bob:*\n*@db/app", "").redacted() == "postgresql://bob:***@db/app");
  CHECK(parse_database_url("mysql://bob:a@b c@db/app", "").redacted() == "mysql://bob:***@db/app");
  CHECK(strata::core::redact_url("x postgresql://bob:pa ss@db/app") == "x postgresql://bob:***@db/app");
  CHECK(strata::core::redact_url("postgresql://a:b@c/d and postgresql://e:f@g/h") == "postgresql://a:***@g/h");
  CHECK(strata::core::redact_url("sqlite:///app.db") == "sqlite:///app.db");
  for (const char* url : {"postgresql://bob:pa ss@db:notaport/app", "postgresql://bob:pa ss@[::1/app",
                          "postgresql://bob:pa ss@db/app?nope", "oracle://bob:pa ss@db/app"}) {
    CAPTURE(std::string(url));
    try {
      parse_database_url(url, "");
      FAIL("expected a UsageError");
    } catch (const strata::core::UsageError& e) {
      CHECK(std::string(e.what()).find("pa ss") == std::string::npos);
      CHECK(std::string(e.what()).find("bob:***@") != std::string::npos);
    }
  }
}

}  // namespace database_url_test
