// SQL revision files: header lines, sections, statements, errors.
#include <doctest/doctest.h>

#include "core/error.h"
#include "versions/revision_sql.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_sql_test {

using namespace strata;

TEST_CASE("the SPEC example parses") {
  auto r = versions::parse_sql_revision(R"(-- strata:revision 3c9b1f0e2d4a
-- strata:down_revision ae1027a6acf0
-- strata:message backfill slugs
-- +upgrade
UPDATE posts SET slug = lower(title) WHERE slug IS NULL;
-- +downgrade
)",
                                        "v/3c9b.sql");
  CHECK(r.header.id == "3c9b1f0e2d4a");
  CHECK(r.header.down_revisions == std::vector<std::string>{"ae1027a6acf0"});
  CHECK(r.header.message == "backfill slugs");
  REQUIRE(r.body.upgrade.size() == 1);
  CHECK(std::get<core::Execute>(r.body.upgrade[0]).sql == "UPDATE posts SET slug = lower(title) WHERE slug IS NULL");
  CHECK(r.body.downgrade.empty());
}

TEST_CASE("merge, labels, depends_on and several statements") {
  auto r = versions::parse_sql_revision(R"(-- strata:revision m1
-- strata:down_revision a1, b2
-- strata:branch_labels x, y
-- strata:depends_on c3
-- strata:create_date 2026-11-25 10:00:00.000000
-- a free comment
-- +upgrade
CREATE TABLE t (a int);
CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
-- +downgrade
DROP FUNCTION f();
DROP TABLE t;
)",
                                        "m1.sql");
  CHECK(r.header.down_revisions == std::vector<std::string>{"a1", "b2"});
  CHECK(r.header.branch_labels == std::vector<std::string>{"x", "y"});
  CHECK(r.header.depends_on == std::vector<std::string>{"c3"});
  CHECK(r.header.create_date == "2026-11-25 10:00:00.000000");
  CHECK(r.body.upgrade.size() == 2);
  CHECK(r.body.downgrade.size() == 2);
  CHECK(versions::parse_sql_header("-- strata:revision b1\n-- strata:down_revision\n-- +upgrade\n", "b.sql")
            .down_revisions.empty());
}

TEST_CASE("malformed SQL revisions name the file and line") {
  auto fails_with = [](const std::string& text, const std::string& part) {
    CHECK_THROWS_WITH_AS(versions::parse_sql_revision(text, "bad.sql"), doctest::Contains(part.c_str()), core::ScriptError);
  };
  fails_with("", "bad.sql:1: missing '-- strata:revision ID'");
  fails_with("-- strata:revision a1\n-- only a comment\n", "bad.sql:2: missing the '-- +upgrade' line");
  fails_with("-- strata:revision a1\n-- strata:colour red\n-- +upgrade\n", "bad.sql:2: unknown header");
  fails_with("-- strata:revision a1\nSELECT 1;\n-- +upgrade\n", "bad.sql:2: SQL before");
  fails_with("-- strata:revision a1\n-- +downgrade\n-- +upgrade\n", "bad.sql:2:");
  fails_with("-- strata:revision a1\n-- +upgrade\n-- +upgrade\n", "bad.sql:3: a second");
  fails_with("-- strata:revision a1\n-- +upgrade\nSELECT 'open;\n", "bad.sql:3: unterminated");
}

TEST_CASE("-- strata:transactional false") {
  auto r = versions::parse_sql_revision(
      "-- strata:revision c1\n-- strata:transactional false\n-- +upgrade\nCREATE INDEX CONCURRENTLY ix ON t (a);\n",
      "c1.sql");
  CHECK_FALSE(r.header.transactional);
  CHECK(versions::parse_sql_header("-- strata:revision c1\n-- strata:transactional true\n-- +upgrade\n", "c1.sql")
            .transactional);
  CHECK(versions::parse_sql_header("-- strata:revision c1\n-- +upgrade\n", "c1.sql").transactional);
  CHECK_THROWS_WITH_AS(
      versions::parse_sql_header("-- strata:revision c1\n-- strata:transactional no\n-- +upgrade\n", "c1.sql"),
      doctest::Contains("c1.sql:2: '-- strata:transactional' must be true or false, not 'no'"), core::ScriptError);
}

}  // namespace revision_sql_test
