// Generated (computed) columns and MySQL's ON UPDATE: YAML read, written and
// read back; golden SQL on the three dialects (refused where the database
// has no such thing); MySQL's MODIFY COLUMN restating them from the live
// table; SQLite reflecting them; MySQL's type and default spellings.
#include <doctest/doctest.h>

#include "core/database_url.h"
#include "core/differ.h"
#include "core/error.h"
#include "drivers/mysql/dialect.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"
#include "drivers/sqlite/session.h"
#include "versions/models_file.h"
#include "versions/op_yaml_writer.h"

// Its own namespace: the unity build compiles several test files as one.
namespace generated_columns_test {

using namespace strata;

namespace {

const drivers::mysql::MysqlDialect my;
const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect lite;

struct Tables : core::TableLookup {
  std::vector<core::Table> known;
  std::optional<core::Table> table(const std::string&, const std::string& name) const override {
    for (const auto& t : known)
      if (t.name == name) return t;
    return std::nullopt;
  }
};

const char* kModels = R"(tables:
  - name: items
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: code, type: varchar(20), collation: latin1_swedish_ci, nullable: false}
      - {name: qty, type: integer, nullable: false, server_default: "1"}
      - {name: twice, type: integer, computed: qty * 2}
      - {name: total, type: integer, computed: {sqltext: qty * 3, persisted: true}}
      - {name: updated, type: timestamp, server_default: now(), on_update: current_timestamp()}
)";

core::Table items() { return versions::load_models_text("m.yaml", kModels).tables.at(0); }

std::string render_error(const core::Dialect& d, const core::Table& t) {
  try {
    d.render(core::CreateTable{t}, Tables{});
  } catch (const core::Error& e) {
    return e.what();
  }
  return "";
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

TEST_CASE("computed and on_update: YAML read, written and read back; mistakes rejected") {
  const core::Schema s = versions::load_models_text("m.yaml", kModels);
  const auto& cols = s.tables.at(0).columns;
  REQUIRE(cols[3].computed.has_value());
  CHECK(cols[3].computed->sqltext == "qty * 2");
  CHECK_FALSE(cols[3].computed->persisted.has_value());
  CHECK(cols[4].computed == core::Computed{"qty * 3", true});
  CHECK(cols[5].on_update == std::optional<std::string>("current_timestamp()"));
  const std::string written = versions::models_to_yaml(s);
  CHECK(written.find("computed: {sqltext: qty * 2}") != std::string::npos);
  CHECK(written.find("computed: {sqltext: qty * 3, persisted: true}") != std::string::npos);
  CHECK(written.find("on_update: current_timestamp()") != std::string::npos);
  CHECK(versions::load_models_text("m.yaml", written) == s);

  const std::string head = "tables:\n  - name: t\n    columns:\n      - {name: a, type: integer";
  CHECK(model_error(head + ", computed: a, identity: true}\n").find("computed column 'a' cannot have") !=
        std::string::npos);
  CHECK(model_error(head + ", computed: {sqltext: ''}}\n").find("m.yaml:4") != std::string::npos);
  CHECK(model_error(head + ", computed: {sqltext: x, stored: true}}\n").find("stored") != std::string::npos);
  CHECK(model_error(head + ", on_update: ' '}\n").find("'on_update' is empty") != std::string::npos);
}

TEST_CASE("golden SQL: MySQL writes COLLATE, GENERATED ALWAYS AS, ON UPDATE") {
  const auto sql = my.render(core::CreateTable{items()}, Tables{});
  REQUIRE(sql.size() == 1);
  CHECK(sql[0] ==
        "CREATE TABLE `items` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT, \n"
        "    `code` varchar(20) COLLATE `latin1_swedish_ci` NOT NULL, \n"
        "    `qty` INTEGER NOT NULL DEFAULT 1, \n"
        "    `twice` INTEGER GENERATED ALWAYS AS (qty * 2), \n"
        "    `total` INTEGER GENERATED ALWAYS AS (qty * 3) STORED, \n"
        "    `updated` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, \n"
        "    PRIMARY KEY (`id`)\n)");
}

TEST_CASE("MySQL MODIFY COLUMN keeps collation, ON UPDATE and the generated expression of the live column") {
  Tables live;
  live.known.push_back(items());
  core::AlterColumn type_only;
  type_only.table = "items";
  type_only.name = "code";
  type_only.type = "varchar(40)";
  CHECK(my.render(type_only, live) ==
        std::vector<std::string>{"ALTER TABLE `items` MODIFY COLUMN `code` varchar(40) COLLATE `latin1_swedish_ci` NOT NULL"});
  core::AlterColumn nullable = type_only;
  nullable.name = "updated";
  nullable.type.reset();
  nullable.nullable = false;
  CHECK(my.render(nullable, live) ==
        std::vector<std::string>{"ALTER TABLE `items` MODIFY COLUMN `updated` timestamp NOT NULL DEFAULT "
                                 "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"});
  core::AlterColumn generated = type_only;
  generated.name = "total";
  generated.type = "bigint";
  generated.comment.emplace("three times");
  CHECK(my.render(generated, live) ==
        std::vector<std::string>{"ALTER TABLE `items` MODIFY COLUMN `total` bigint GENERATED ALWAYS AS (qty * 3) "
                                 "STORED COMMENT 'three times'"});
}

TEST_CASE("golden SQL: PostgreSQL and SQLite generated columns; ON UPDATE and VIRTUAL refused where absent") {
  core::Table t = items();
  t.columns.pop_back();  // no ON UPDATE here
  t.columns[1].collation.reset();
  const std::string pg_sql = pg.render(core::CreateTable{t}, Tables{}).at(0);
  CHECK(pg_sql.find("\"twice\" INTEGER GENERATED ALWAYS AS (qty * 2) STORED, ") != std::string::npos);
  CHECK(pg_sql.find("\"total\" INTEGER GENERATED ALWAYS AS (qty * 3) STORED, ") != std::string::npos);
  const std::string lite_sql = lite.render(core::CreateTable{t}, Tables{}).at(0);
  CHECK(lite_sql.find("\"twice\" INTEGER GENERATED ALWAYS AS (qty * 2), ") != std::string::npos);
  CHECK(lite_sql.find("\"total\" INTEGER GENERATED ALWAYS AS (qty * 3) STORED, ") != std::string::npos);

  core::Table virt = t;
  virt.columns[3].computed->persisted = false;
  CHECK(render_error(pg, virt).find("postgresql has only stored generated columns") != std::string::npos);
  CHECK(lite.render(core::CreateTable{virt}, Tables{}).at(0).find("(qty * 2) VIRTUAL") != std::string::npos);

  core::Table both = t;  // built in code: the YAML reader refuses it first
  both.columns[3].server_default = "0";
  CHECK(render_error(pg, both).find("a computed column has no server_default or identity") != std::string::npos);
  CHECK(render_error(my, both).find("a computed column has no server_default or identity") != std::string::npos);

  const core::Table stamped = items();
  CHECK(render_error(pg, stamped).find("has no ON UPDATE for a column") != std::string::npos);
  CHECK(render_error(lite, stamped).find("has no ON UPDATE for a column") != std::string::npos);
}

TEST_CASE("SQLite: a rebuild copies no value into a generated column, and inspect reads them back") {
  drivers::sqlite::SqliteSession session(core::parse_database_url("sqlite://", ""));
  session.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, "
                  "twice INTEGER GENERATED ALWAYS AS (qty * 2), total INTEGER AS (qty * 3) STORED)");
  const core::Table t = session.inspector().reflect({}).tables.at(0);
  REQUIRE(t.columns.size() == 4);
  CHECK(t.columns[2].computed == core::Computed{"qty * 2", false});
  CHECK(t.columns[3].computed == core::Computed{"qty * 3", true});
  CHECK_FALSE(t.columns[1].computed.has_value());

  Tables live;
  live.known.push_back(t);
  core::AlterColumn op;
  op.table = "items";
  op.name = "qty";
  op.nullable = true;
  bool copied = false;
  for (const auto& s : lite.render(op, live))
    if (s.rfind("INSERT INTO", 0) == 0) {
      copied = true;
      CHECK(s.find("\"twice\"") == std::string::npos);
      CHECK(s.find("\"total\"") == std::string::npos);
      CHECK(s.find("\"qty\"") != std::string::npos);
    }
  CHECK(copied);

  // ADD COLUMN takes a VIRTUAL generated column; a STORED one needs the rebuild.
  core::AddColumn add;
  add.table = "items";
  add.column.name = "thrice";
  add.column.type = "integer";
  add.column.computed = core::Computed{"qty * 3", std::nullopt};
  CHECK(lite.render(add, live) ==
        std::vector<std::string>{"ALTER TABLE \"items\" ADD COLUMN \"thrice\" INTEGER GENERATED ALWAYS AS (qty * 3)"});
  add.column.computed->persisted = true;
  const auto rebuild = lite.render(add, live);
  REQUIRE(rebuild.size() >= 4);
  CHECK(rebuild[0].find("\"thrice\" INTEGER GENERATED ALWAYS AS (qty * 3) STORED") != std::string::npos);
  for (const auto& s : rebuild) session.execute(s);
  session.execute("INSERT INTO items (id, qty) VALUES (1, 5)");
  CHECK(session.query_column("SELECT thrice FROM items") == std::vector<std::string>{"15"});
}

TEST_CASE("MySQL spellings: DECIMAL, YEAR(4), curdate() and a DECIMAL default at its scale") {
  CHECK(my.normalize_type("decimal") == my.normalize_type("decimal(10,0)"));
  CHECK(my.normalize_type("NUMERIC(8)") == my.normalize_type("decimal(8,0)"));
  CHECK(my.normalize_type("decimal(8,2)") != my.normalize_type("decimal(8,0)"));
  CHECK(my.normalize_type("year(4)") == my.normalize_type("YEAR"));
  CHECK(my.normalize_type("int(11) unsigned") == my.normalize_type("INT UNSIGNED"));
  CHECK(my.normalize_type("bigint(20) unsigned zerofill") == my.normalize_type("BIGINT UNSIGNED ZEROFILL"));
  CHECK(my.normalize_type("int(11) unsigned") != my.normalize_type("INT"));
  CHECK(my.normalize_type("tinyint(1)") == my.normalize_type("BOOL"));
  CHECK(my.normalize_type("tinyint(4)") != my.normalize_type("BOOL"));
  CHECK(my.normalize_default("curdate()") == my.normalize_default("CURRENT_DATE"));
  CHECK(my.normalize_default("current_timestamp()") == my.normalize_default("now()"));
  CHECK(my.normalize_default("0.5000") == my.normalize_default("0.5"));
  CHECK(my.normalize_default("10.00") == my.normalize_default("10"));
  CHECK(my.normalize_default("0.00") == my.normalize_default("0"));
  CHECK(my.normalize_default("0.51") != my.normalize_default("0.5"));
  CHECK(my.normalize_default("100") != my.normalize_default("1"));
  CHECK(my.normalize_default("'1.50'") == my.normalize_default("1.5"));
}

TEST_CASE("differ: ON UPDATE and generated columns are not migrated, only warned about; spellings are no difference") {
  const core::Table declared = items();
  core::Table live = declared;
  live.columns[5].on_update = "current_timestamp()";                    // the declared one, as MariaDB spells it
  live.columns[3].computed = core::Computed{"`qty` * 2", false};       // rewritten by the database
  auto same = core::diff_schemas(core::Schema{{declared}}, core::Schema{{live}}, my, {});
  CHECK(same.empty());
  CHECK(same.warnings.empty());

  live.columns[5].on_update.reset();
  live.columns[4].computed.reset();
  live.columns[3].computed->persisted = true;
  auto d = core::diff_schemas(core::Schema{{declared}}, core::Schema{{live}}, my, {});
  CHECK(d.empty());
  REQUIRE(d.warnings.size() == 2);
  CHECK(d.warnings[0].find("column 'items.total' is a plain column in the database, a STORED generated column in "
                           "the models") != std::string::npos);
  CHECK(d.warnings[1].find("the ON UPDATE of column 'items.updated' differs (none in the database, "
                           "current_timestamp() in the models)") != std::string::npos);
  // persisted unset in the models: any kind in the database is fine.
  CHECK(d.warnings[0].find("twice") == std::string::npos);
}

}  // namespace generated_columns_test
