// Column collations and SQLite's table options (AUTOINCREMENT, WITHOUT
// ROWID): golden SQL on both dialects, reflected by both inspectors, and
// the YAML keys read, written and read back; bad values name file and line.
#include <doctest/doctest.h>

#include "core/database_url.h"
#include "core/error.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"
#include "drivers/sqlite/session.h"
#include "versions/models_file.h"
#include "versions/op_yaml_writer.h"

// Its own namespace: the unity build compiles several test files as one.
namespace table_options_test {

using namespace strata;

namespace {

const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect lite;

struct NoTables : core::TableLookup {
  std::optional<core::Table> table(const std::string&, const std::string&) const override { return std::nullopt; }
};
const NoTables none;

core::Table tags_table() {
  return versions::load_models_text("m.yaml", R"(tables:
  - name: users
    sqlite_autoincrement: true
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: string(20), nullable: false, collation: NOCASE}
  - name: tags
    sqlite_without_rowid: true
    columns:
      - {name: user_id, type: integer, primary_key: true}
      - {name: tag, type: text, primary_key: true}
)").tables.at(1);
}

std::string model_error(const std::string& text) {
  try {
    versions::load_models_text("m.yaml", text);
  } catch (const core::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("table options and collation: YAML read, written and read back; bad values rejected") {
  const std::string text = R"(tables:
  - name: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: string(20), nullable: false, collation: NOCASE}
    sqlite_autoincrement: true
  - name: tags
    columns:
      - {name: user_id, type: integer, primary_key: true}
      - {name: tag, type: text, primary_key: true}
    sqlite_without_rowid: true
)";
  const core::Schema s = versions::load_models_text("m.yaml", text);
  REQUIRE(s.tables.size() == 2);
  CHECK(s.tables[0].name == "users");
  CHECK(s.tables[0].sqlite_autoincrement);
  CHECK(s.tables[0].columns[1].collation == std::optional<std::string>("NOCASE"));
  CHECK(s.tables[1].sqlite_without_rowid);
  const std::string written = versions::models_to_yaml(s);
  CHECK(written.find("collation: NOCASE}") != std::string::npos);
  CHECK(written.find("    sqlite_autoincrement: true\n") != std::string::npos);
  CHECK(written.find("    sqlite_without_rowid: true\n") != std::string::npos);
  CHECK(versions::load_models_text("m.yaml", written) == s);

  const std::string head = "tables:\n  - name: t\n    columns:\n      - {name: a, type: integer";
  CHECK(model_error(head + ", collation: ''}\n").find("m.yaml:4") != std::string::npos);
  CHECK(model_error(head + ", collation: ''}\n").find("'collation' is empty") != std::string::npos);
  CHECK(model_error(head + "}\n    sqlite_autoincrement: maybe\n").find("m.yaml:5") != std::string::npos);
  CHECK(model_error(head + "}\n    sqlite_without_rowid: [x]\n").find("m.yaml:5") != std::string::npos);
}

TEST_CASE("golden SQL: COLLATE on both databases, AUTOINCREMENT and WITHOUT ROWID on SQLite only") {
  core::Table t = versions::load_models_text("m.yaml", R"(tables:
  - name: users
    sqlite_autoincrement: true
    primary_key: {name: pk_users}
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: string(20), nullable: false, collation: C, server_default: "'x'"}
)").tables.at(0);
  CHECK(lite.render(core::CreateTable{t}, none) ==
        std::vector<std::string>{"CREATE TABLE \"users\" (\n    \"id\" INTEGER NOT NULL CONSTRAINT \"pk_users\" PRIMARY KEY "
                                 "AUTOINCREMENT, \n    \"email\" VARCHAR(20) COLLATE \"C\" DEFAULT 'x' NOT NULL\n)"});
  CHECK(pg.render(core::CreateTable{t}, none) ==
        std::vector<std::string>{"CREATE TABLE \"users\" (\n    \"id\" SERIAL NOT NULL, \n    \"email\" VARCHAR(20) "
                                 "COLLATE \"C\" DEFAULT 'x' NOT NULL, \n    CONSTRAINT \"pk_users\" PRIMARY KEY (\"id\")\n)"});
  // AUTOINCREMENT only on the rowid key: not on a key that does not auto-increment.
  t.columns[0].autoincrement = false;
  CHECK(lite.render(core::CreateTable{t}, none).at(0).find("AUTOINCREMENT") == std::string::npos);

  const core::Table tags = tags_table();
  CHECK(lite.render(core::CreateTable{tags}, none).at(0).find("\n) WITHOUT ROWID") != std::string::npos);
  CHECK(pg.render(core::CreateTable{tags}, none).at(0).find("ROWID") == std::string::npos);
}

TEST_CASE("sqlite inspector: AUTOINCREMENT, WITHOUT ROWID and column COLLATE from the CREATE text") {
  drivers::sqlite::SqliteSession session(core::parse_database_url("sqlite://", ""));
  session.execute("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT COLLATE NOCASE, name TEXT)");
  session.execute("CREATE TABLE tags (u INTEGER, tag TEXT, PRIMARY KEY (u, tag)) WITHOUT ROWID");
  const core::Schema s = session.inspector().reflect({});
  REQUIRE(s.tables.size() == 2);
  const core::Table& tags = s.tables[0];
  const core::Table& users = s.tables[1];
  CHECK(users.sqlite_autoincrement);
  CHECK_FALSE(users.sqlite_without_rowid);
  CHECK(users.columns[1].collation == std::optional<std::string>("NOCASE"));
  CHECK_FALSE(users.columns[2].collation.has_value());
  CHECK(tags.sqlite_without_rowid);
  CHECK_FALSE(tags.sqlite_autoincrement);
}

}  // namespace table_options_test
