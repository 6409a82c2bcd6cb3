// Unit tests of versions::split_sql: where a script's statements end, what
// text and line each statement gets, and how malformed input is reported.
#include "versions/sql_splitter.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.h"

// Its own namespace: the unity build compiles several test files as one.
namespace sql_splitter_test {

using strata::core::ScriptError;
using strata::versions::split_sql;
using strata::versions::SqlStatement;

namespace {

std::vector<std::string> sqls(std::string_view text) {
  std::vector<std::string> out;
  for (auto& s : split_sql(text, "f.sql")) out.push_back(s.sql);
  return out;
}

// The message split_sql throws for TEXT, or "" when it does not throw.
std::string error_of(std::string_view text, int first_line = 1) {
  try {
    split_sql(text, "dir/f.sql", first_line);
  } catch (const ScriptError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("split_sql: plain statements split on semicolons and are trimmed") {
  CHECK(sqls("CREATE TABLE a (id int);\n  INSERT INTO a VALUES (1) ;\n\nSELECT 1;\n") ==
        std::vector<std::string>{"CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1"});
}

TEST_CASE("split_sql: the last statement needs no semicolon") {
  CHECK(sqls("SELECT 1; SELECT 2") == std::vector<std::string>{"SELECT 1", "SELECT 2"});
  CHECK(sqls("SELECT 1") == std::vector<std::string>{"SELECT 1"});
}

TEST_CASE("split_sql: empty statements are dropped") {
  CHECK(sqls(";;  ;\nSELECT 1;;") == std::vector<std::string>{"SELECT 1"});
}

TEST_CASE("split_sql: semicolons in single-quoted strings, with '' escapes") {
  CHECK(sqls("INSERT INTO t VALUES ('a;b', 'it''s; ok', '');SELECT ';'") ==
        std::vector<std::string>{"INSERT INTO t VALUES ('a;b', 'it''s; ok', '')", "SELECT ';'"});
}

TEST_CASE("split_sql: semicolons in double-quoted identifiers, with \"\" escapes") {
  CHECK(sqls(R"(CREATE TABLE "a;b" ("x"";y" int); SELECT 1)") ==
        std::vector<std::string>{R"(CREATE TABLE "a;b" ("x"";y" int))", "SELECT 1"});
}

TEST_CASE("split_sql: semicolons in -- comments; comments inside statements are kept") {
  CHECK(sqls("SELECT 1 -- one; two\n, 2;\nSELECT 3") ==
        std::vector<std::string>{"SELECT 1 -- one; two\n, 2", "SELECT 3"});
  // A quote inside a comment opens nothing.
  CHECK(sqls("SELECT 1; -- it's\nSELECT 2") == std::vector<std::string>{"SELECT 1", "-- it's\nSELECT 2"});
}

TEST_CASE("split_sql: semicolons in nested /* */ comments") {
  CHECK(sqls("SELECT /* a; /* nested; */ still comment; */ 1; SELECT 2") ==
        std::vector<std::string>{"SELECT /* a; /* nested; */ still comment; */ 1", "SELECT 2"});
  CHECK(sqls("SELECT /*/ ; */ 1") == std::vector<std::string>{"SELECT /*/ ; */ 1"});
}

TEST_CASE("split_sql: $$ function bodies") {
  const std::string fn =
      "CREATE FUNCTION f() RETURNS trigger AS $$\n"
      "BEGIN\n"
      "  NEW.x := 'a;b';\n"
      "  RETURN NEW;\n"
      "END $$ LANGUAGE plpgsql";
  CHECK(sqls(fn + ";\nSELECT 1;") == std::vector<std::string>{fn, "SELECT 1"});
}

TEST_CASE("split_sql: $tag$ bodies are closed only by the same tag") {
  const std::string fn =
      "CREATE FUNCTION f() RETURNS void AS $body$\n"
      "BEGIN\n"
      "  EXECUTE $q$ SELECT 1; $$ ; $q$;\n"
      "END $body$ LANGUAGE plpgsql";
  CHECK(sqls(fn + "; SELECT 2") == std::vector<std::string>{fn, "SELECT 2"});
  CHECK(sqls("SELECT $a_1$;$a_1$; SELECT 2") == std::vector<std::string>{"SELECT $a_1$;$a_1$", "SELECT 2"});
}

TEST_CASE("split_sql: $1 is a parameter, and $ inside an identifier opens nothing") {
  CHECK(sqls("PREPARE p AS SELECT $1; SELECT $2;") ==
        std::vector<std::string>{"PREPARE p AS SELECT $1", "SELECT $2"});
  CHECK(sqls("SELECT foo$bar$; SELECT 2") == std::vector<std::string>{"SELECT foo$bar$", "SELECT 2"});
}

TEST_CASE("split_sql: E'...' strings take backslash escapes") {
  CHECK(sqls(R"(SELECT E'\';', e'\\'; SELECT 'a\'; SELECT 3)") ==
        std::vector<std::string>{R"(SELECT E'\';', e'\\')", R"(SELECT 'a\')", "SELECT 3"});
  // A trailing E of an identifier is no prefix: the backslash is then literal.
  CHECK(sqls(R"(SELECT namE'\'; SELECT 2)") == std::vector<std::string>{R"(SELECT namE'\')", "SELECT 2"});
}

TEST_CASE("split_sql: line numbers are where each statement starts") {
  const auto s = split_sql("\n\nSELECT 1;\nSELECT\n'a\nb';  SELECT 3;\n/* c\n*/\n  -- d\nSELECT 4", "f.sql");
  REQUIRE(s.size() == 4);
  CHECK(s[0].line == 3);
  CHECK(s[1].line == 4);
  CHECK(s[2].line == 6);
  CHECK(s[3].line == 7);  // starts with its leading comment
  CHECK(s[3].sql == "/* c\n*/\n  -- d\nSELECT 4");

  const auto offset = split_sql("SELECT 1;\n\nSELECT 2", "f.sql", 40);
  REQUIRE(offset.size() == 2);
  CHECK(offset[0].line == 40);
  CHECK(offset[1].line == 42);
}

TEST_CASE("split_sql: comment-only and empty input give no statements") {
  CHECK(split_sql("", "f.sql").empty());
  CHECK(split_sql(" \n\t\r\n", "f.sql").empty());
  CHECK(split_sql("-- nothing here; really\n/* nor; /* here */ */\n;\n-- end", "f.sql").empty());
  CHECK(sqls("SELECT 1;\n-- trailing; comment\n") == std::vector<std::string>{"SELECT 1"});
}

TEST_CASE("split_sql: unterminated forms throw with file name and opening line") {
  CHECK(error_of("SELECT 1;\nSELECT 'abc;\n") == "dir/f.sql:2: unterminated quoted string starting here");
  CHECK(error_of("SELECT 'it''") == "dir/f.sql:1: unterminated quoted string starting here");
  CHECK(error_of("\n\nSELECT E'a\\'") == "dir/f.sql:3: unterminated quoted string starting here");
  CHECK(error_of("SELECT \"a;\nb") == "dir/f.sql:1: unterminated quoted identifier starting here");
  CHECK(error_of("SELECT 1;\n/* a /* b */\n") == "dir/f.sql:2: unterminated block comment starting here");
  CHECK(error_of("x; /*") == "dir/f.sql:1: unterminated block comment starting here");
  CHECK(error_of("AS $$ BEGIN; END $ $") == "dir/f.sql:1: unterminated dollar-quoted string $$ starting here");
  CHECK(error_of("\nAS $fn$\nBEGIN; END $other$;", 10) ==
        "dir/f.sql:11: unterminated dollar-quoted string $fn$ starting here");
  CHECK_THROWS_AS(split_sql("'", "f.sql"), ScriptError);
}

TEST_CASE("split_sql: a 10 MB single line splits in linear time") {
  const size_t big = 10 * 1024 * 1024;
  const std::string head = "INSERT INTO t VALUES ('", tail = "; '' ;')";
  std::string text = head + std::string(big, 'x') + tail + ";";
  text += "SELECT $$" + std::string(big / 4, ';') + "$$;";
  text += "SELECT /*" + std::string(big / 4, '*') + "*/ 1;";
  text += std::string(big / 4, ';') + "SELECT 'end'";
  const auto s = split_sql(text, "big.sql");
  REQUIRE(s.size() == 4);
  CHECK(s[0].sql.size() == head.size() + big + tail.size());
  CHECK(s[3].sql == "SELECT 'end'");
  CHECK(s[3].line == 1);
  // A million short statements on one line: line numbers are counted once.
  std::string many;
  for (int k = 0; k < 1'000'000; ++k) many += "SELECT 1;";
  const auto m = split_sql(many, "many.sql");
  REQUIRE(m.size() == 1'000'000);
  CHECK(m.back().line == 1);
  // An unterminated quote at the start of a long line fails fast too.
  CHECK_THROWS_AS(split_sql("'" + std::string(big, ';'), "big.sql"), ScriptError);
}

TEST_CASE("split_sql: binary garbage splits or throws ScriptError, never crashes") {
  std::string garbage;
  unsigned state = 12345;
  for (int round = 0; round < 200; ++round) {
    garbage.clear();
    for (int k = 0; k < 512; ++k) {
      state = state * 1103515245u + 12345u;
      garbage.push_back(static_cast<char>(state >> 16));
    }
    try {
      for (const auto& s : split_sql(garbage, "bin.sql")) CHECK(s.line >= 1);
    } catch (const ScriptError&) {
    }
  }
  const char raw[] = "SELECT '\0\xff\xfe;'; \xc3\x28;\0$\xe2$";
  const std::string nul_and_utf8(raw, sizeof raw - 1);
  const auto s = split_sql(nul_and_utf8, "bin.sql");
  REQUIRE(s.size() == 3);
  CHECK(s[0].sql == std::string("SELECT '\0\xff\xfe;'", 13));
}

}  // namespace sql_splitter_test
