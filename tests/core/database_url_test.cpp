// Database URLs: passwords never survive redaction, whatever they contain.
#include <doctest/doctest.h>

#include "core/database_url.h"
#include "core/error.h"

using strata::core::redact_passwords;

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
