// models.yaml: the SPEC example loads, several files merge, and every
// validation error is a ScriptError (exit 2) that names FILE:LINE.
#include "versions/models_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

// Its own namespace: the unity build compiles several test files as one.
namespace models_file_test {

using namespace strata;
using versions::load_models;
using versions::load_models_sources;
using versions::load_models_text;
using versions::ModelsSource;

namespace {

const char* kSpecExample = R"yaml(tables:
  - name: users
    comment: Application users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: email, type: string(255), nullable: false, unique: true, index: true}
      - {name: bio, type: text}
      - {name: is_active, type: boolean, nullable: false, server_default: "true"}
      - {name: created_at, type: datetime(timezone=true), nullable: false, server_default: now()}
  - name: posts
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: title, type: string(255), nullable: false}
      - {name: slug, type: string(255), nullable: false}
      - {name: author_id, type: integer, nullable: false,
         foreign_key: {references: users.id, ondelete: CASCADE}}
      - {name: price, type: "numeric(10,2)", nullable: false}
    indexes:
      - {name: ix_posts_title_slug, columns: [title, slug], unique: false}
    unique_constraints:
      - {columns: [author_id, slug]}
    check_constraints:
      - {name: check_price_positive, condition: "price >= 0"}
)yaml";

// The message of the ScriptError that loading SOURCES throws ("" if none).
std::string error_of_sources(const std::vector<ModelsSource>& sources) {
  try {
    load_models_sources(sources);
  } catch (const core::ScriptError& e) {
    CHECK(e.code() == core::ExitCode::kUsage);
    return e.what();
  }
  return "";
}

std::string error_of(const std::string& text) { return error_of_sources({ModelsSource{"m.yaml", text}}); }

// A models file with one table "t" holding COLUMNS (flow maps) and EXTRA keys.
std::string table(const std::string& columns, const std::string& extra = "") {
  return "tables:\n  - name: t\n    columns:\n" + columns + extra;
}

}  // namespace

TEST_CASE("the SPEC §4 example loads") {
  core::Schema s = load_models_text("models.yaml", kSpecExample);
  REQUIRE(s.tables.size() == 2);
  const core::Table& users = s.tables[0];
  CHECK(users.name == "users");
  CHECK(users.comment == "Application users");
  REQUIRE(users.columns.size() == 5);
  CHECK(users.columns[0].primary_key);
  CHECK_FALSE(users.columns[0].nullable);
  CHECK(users.columns[1].unique);
  CHECK(users.columns[1].index);
  CHECK(users.columns[2].nullable);
  CHECK(users.columns[3].server_default == "true");
  const core::Table& posts = s.tables[1];
  REQUIRE(posts.columns.size() == 5);
  REQUIRE(posts.columns[3].foreign_key);
  CHECK(posts.columns[3].foreign_key->referred_table == "users");
  CHECK(posts.columns[3].foreign_key->referred_columns == std::vector<std::string>{"id"});
  CHECK(posts.columns[3].foreign_key->ondelete == "CASCADE");
  CHECK(posts.columns[4].type == "numeric(10,2)");
  CHECK(posts.indexes.size() == 1);
  CHECK(posts.unique_constraints[0].columns == std::vector<std::string>{"author_id", "slug"});
  CHECK(posts.check_constraints[0].condition == "price >= 0");
}

TEST_CASE("the models.yaml that init writes is an empty schema, and its commented example loads") {
  for (const char* tmpl : {"generic", "sql"}) {
    const std::string path = std::string(STRATA_SOURCE_DIR) + "/templates/" + tmpl + "/models.yaml";
    std::ifstream in(path);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(load_models_text(path, text.str()).tables.empty());
    // Uncomment the example: "# tables:" lines become the file.
    std::string example, line;
    std::istringstream lines(text.str());
    bool started = false;
    while (std::getline(lines, line)) {
      if (line == "# tables:") started = true;
      if (started && line.starts_with("# ")) example += line.substr(2) + "\n";
    }
    REQUIRE_FALSE(example.empty());
    CHECK(load_models_text(path, example).tables.size() == 2);
  }
}

TEST_CASE("an empty list of tables is an empty schema; an empty file is an error") {
  CHECK(load_models_text("m.yaml", "tables: []\n").tables.empty());
  CHECK(load_models_text("m.yaml", "# nothing yet\ntables:\n").tables.empty());
  CHECK(error_of("") == "m.yaml: empty models file (write 'tables: []' for a schema with no tables)");
  CHECK(error_of("# only a comment\n\n").starts_with("m.yaml: empty models file"));
  CHECK(error_of("~\n").starts_with("m.yaml: empty models file"));
  CHECK(error_of("{}\n").starts_with("m.yaml:1: models file needs 'tables'"));
  CHECK(load_models_sources({}).tables.empty());
}

TEST_CASE("the top level is a mapping with the one key 'tables'") {
  CHECK(error_of("tables: []\ntable: []\n").starts_with("m.yaml:2: unknown key 'table' in models file"));
  CHECK(error_of("- name: t\n").starts_with("m.yaml:1: models file must be a mapping"));
  CHECK(error_of("tables: {name: t}\n").starts_with("m.yaml:1: 'tables' must be a list of tables"));
  CHECK(error_of("tables: []\ntables: []\n").starts_with("m.yaml:2: duplicate key 'tables'"));
  CHECK(error_of("tables:\n  - {name: t}\n").starts_with("m.yaml:2: table 't' needs at least one column"));
  CHECK(error_of("tables:\n  - {name: t, colums: []}\n").starts_with("m.yaml:2: unknown key 'colums' in table"));
}

TEST_CASE("YAML syntax errors name the file and line") {
  std::string e = error_of("tables:\n  - name: t\n    columns: [\n");
  CHECK(e.starts_with("m.yaml:"));
  CHECK(e.find("invalid YAML") != std::string::npos);
  e = error_of("tables:\n  - {name: t\n");
  CHECK(e.starts_with("m.yaml:"));
  CHECK(e.find("invalid YAML") != std::string::npos);
}

TEST_CASE("several files merge, in order, and may refer to each other") {
  core::Schema s = load_models_sources({
      {"a.yaml", "tables:\n  - name: users\n    columns:\n      - {name: id, type: integer, primary_key: true}\n"},
      {"b.yaml",
       "tables:\n  - name: posts\n    columns:\n      - {name: id, type: integer, primary_key: true}\n"
       "      - {name: author_id, type: integer, foreign_key: users.id}\n"},
      {"c.yaml", "tables: []\n"},
  });
  REQUIRE(s.tables.size() == 2);
  CHECK(s.tables[0].name == "users");
  CHECK(s.tables[1].name == "posts");
}

TEST_CASE("files on disk: read, merged, and a missing one is named") {
  auto dir = std::filesystem::temp_directory_path() / ("strata_models_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string a = (dir / "a.yaml").string(), b = (dir / "b.yaml").string(), empty = (dir / "e.yaml").string();
  std::ofstream(a) << "tables:\n  - name: users\n    columns:\n      - {name: id, type: integer, primary_key: true}\n";
  std::ofstream(b) << "tables:\n  - name: users\n    columns:\n      - {name: id, type: integer}\n";
  std::ofstream(empty) << "";
  CHECK(load_models({a}).tables.size() == 1);
  CHECK_THROWS_WITH_AS(load_models({a, b}), (b + ":2: duplicate table 'users' (first declared at " + a + ":2)").c_str(),
                       core::ScriptError);
  CHECK_THROWS_WITH_AS(load_models({a, (dir / "nope.yaml").string()}),
                       ((dir / "nope.yaml").string() + ": models file not found").c_str(), core::ScriptError);
  CHECK_THROWS_WITH_AS(load_models({empty}), doctest::Contains((empty + ": empty models file").c_str()),
                       core::ScriptError);
  CHECK_THROWS_WITH_AS(load_models({dir.string()}), doctest::Contains("is a directory"), core::ScriptError);
  std::filesystem::remove_all(dir);
}

TEST_CASE("duplicate tables and columns") {
  const std::string users = "tables:\n  - name: users\n    columns:\n      - {name: id, type: integer}\n";
  CHECK(error_of_sources({{"a.yaml", users}, {"b.yaml", users}}) ==
        "b.yaml:2: duplicate table 'users' (first declared at a.yaml:2)");
  CHECK(error_of(users + "  - name: users\n    columns:\n      - {name: id, type: integer}\n") ==
        "m.yaml:5: duplicate table 'users' (first declared at m.yaml:2)");
  // The same name in another schema is another table.
  CHECK(load_models_text("m.yaml",
                         users + "  - name: users\n    schema: app\n    columns:\n      - {name: id, type: integer}\n")
            .tables.size() == 2);
  CHECK(error_of(users + "  - name: users\n    schema: app\n    columns:\n      - {name: id, type: integer}\n" +
                 "  - name: users\n    schema: app\n    columns:\n      - {name: id, type: integer}\n") ==
        "m.yaml:9: duplicate table 'app.users' (first declared at m.yaml:5)");
  CHECK(error_of(table(
            "      - {name: a, type: integer}\n      - {name: b, type: text}\n      - {name: a, type: text}\n")) ==
        "m.yaml:6: duplicate column 'a' of table 't' (first at m.yaml:4)");
}

TEST_CASE("index and constraint names") {
  const std::string two_tables =
      "tables:\n"
      "  - name: a\n"
      "    columns: [{name: x, type: integer}]\n"
      "    indexes: [{name: ix_x, columns: [x]}]\n"
      "    check_constraints: [{name: positive, condition: x > 0}]\n"
      "  - name: b\n"
      "    SCHEMA_LINE"
      "    columns: [{name: x, type: integer}]\n"
      "    B_EXTRA\n";
  auto variant = [&](const std::string& schema, const std::string& extra) {
    std::string t = two_tables;
    t.replace(t.find("SCHEMA_LINE"), 11, schema.empty() ? "comment: b\n" : "schema: " + schema + "\n");
    t.replace(t.find("B_EXTRA"), 7, extra);
    return t;
  };
  // Index names are per schema.
  CHECK(error_of(variant("", "indexes: [{name: ix_x, columns: [x]}]")) ==
        "m.yaml:9: duplicate index or unique constraint name 'ix_x' in the default schema (first at m.yaml:4)");
  CHECK(load_models_text("m.yaml", variant("app", "indexes: [{name: ix_x, columns: [x]}]")).tables.size() == 2);
  CHECK(error_of(variant("", "unique_constraints: [{name: ix_x, columns: [x]}]"))
            .starts_with("m.yaml:9: duplicate index or unique constraint name 'ix_x'"));
  // Check and foreign-key names are per table.
  CHECK(load_models_text("m.yaml", variant("", "check_constraints: [{name: positive, condition: x > 0}]"))
            .tables.size() == 2);
  CHECK(error_of(variant("", "check_constraints: [{name: c, condition: x > 0}, {name: c, condition: x < 9}]")) ==
        "m.yaml:9: duplicate constraint name 'c' in table 'b' (first at m.yaml:9)");
  CHECK(error_of(variant("",
                         "foreign_keys: [{name: c, columns: [x], referred_table: a, referred_columns: [x]}]\n"
                         "    check_constraints: [{name: c, condition: x > 0}]"))
            .starts_with("m.yaml:10: duplicate constraint name 'c' in table 'b' (first at m.yaml:9)"));
  // Unnamed ones are named later by the convention.
  CHECK(load_models_text("m.yaml", variant("", "indexes: [{columns: [x]}]\n    unique_constraints: [{columns: [x]}]"))
            .tables.size() == 2);
}

TEST_CASE("bad column types name the column's line") {
  CHECK(error_of(table("      - {name: a, type: integer}\n      - {name: b, type: string(abc)}\n")) ==
        "m.yaml:5: column 'b' of table 't': invalid column type 'string(abc)': expected string(<positive length>)");
  CHECK(error_of(table("      - name: a\n        type: \"numeric(2,5)\"\n"))
            .starts_with("m.yaml:5: column 'a' of table 't': invalid column type 'numeric(2,5)'"));
  CHECK(error_of(table("      - {name: a, type: enum()}\n")).starts_with("m.yaml:4: column 'a' of table 't'"));
  CHECK(error_of(table("      - {name: a, type: \"varchar(20\"}\n")).starts_with("m.yaml:4: column 'a'"));
  // Native types pass as written.
  CHECK(
      load_models_text("m.yaml", table("      - {name: a, type: jsonb}\n      - {name: b, type: \"varchar(20)[]\"}\n"))
          .tables[0]
          .columns.size() == 2);
}

TEST_CASE("primary keys, nullability and autoincrement") {
  CHECK(load_models_text("m.yaml", table("      - {name: id, type: integer, primary_key: true, nullable: false}\n"))
            .tables[0]
            .columns[0]
            .primary_key);
  CHECK(error_of(table("      - {name: id, type: integer, primary_key: true, nullable: true}\n"))
            .starts_with("m.yaml:4: primary key column 'id' cannot be nullable"));
  CHECK(error_of(table("      - {name: id, type: integer}\n      - name: s\n        type: string(20)\n"
                       "        autoincrement: true\n")) ==
        "m.yaml:7: column 's' of table 't': autoincrement needs an integer type, not 'string(20)'");
  for (const char* type : {"integer", "BigInteger", "smallinteger", "bigint", "INT4", "serial", "bigserial"})
    CHECK(load_models_text("m.yaml", table(std::string("      - {name: id, type: ") + type +
                                           ", primary_key: true, autoincrement: true}\n"))
              .tables[0]
              .columns[0]
              .autoincrement == true);
  CHECK(load_models_text("m.yaml", table("      - {name: s, type: text, autoincrement: false}\n"))
            .tables[0]
            .columns[0]
            .autoincrement == false);
}

TEST_CASE("index, unique and foreign-key columns must be columns of the table") {
  const std::string cols = "      - {name: a, type: integer}\n      - {name: b, type: integer}\n";
  CHECK(error_of(table(cols, "    indexes:\n      - {name: ix, columns: [a, c]}\n")) ==
        "m.yaml:7: index 'ix' names column 'c', which table 't' does not have");
  CHECK(error_of(table(cols, "    unique_constraints:\n      - columns: [b, zz]\n")) ==
        "m.yaml:7: unique constraint names column 'zz', which table 't' does not have");
  CHECK(
      error_of(table(cols, "    foreign_keys:\n      - {columns: [q], referred_table: t, referred_columns: [a]}\n")) ==
      "m.yaml:7: foreign key names column 'q', which table 't' does not have");
  CHECK(load_models_text("m.yaml", table(cols, "    indexes: [{columns: [b, a], unique: true, where: a > 0}]\n"))
            .tables[0]
            .indexes.size() == 1);
}

TEST_CASE("foreign keys must refer to a declared table and its columns") {
  const std::string users =
      "tables:\n  - name: users\n    columns:\n      - {name: id, type: integer, primary_key: true}\n"
      "      - {name: org, type: integer}\n";
  // Column form.
  CHECK(error_of(users + "  - name: posts\n    columns:\n      - {name: u, type: integer, foreign_key: user.id}\n") ==
        "m.yaml:8: the foreign key of column 'u' in table 'posts' refers to table 'user', which no models file "
        "declares");
  CHECK(error_of(users + "  - name: posts\n    columns:\n      - {name: u, type: integer,\n"
                         "         foreign_key: {references: users.uid, ondelete: CASCADE}}\n") ==
        "m.yaml:9: the foreign key of column 'u' in table 'posts' refers to column 'uid' of table 'users', which has "
        "no such column (declared at m.yaml:2)");
  CHECK(error_of(users + "  - name: posts\n    columns:\n      - {name: u, type: integer, foreign_key: users}\n")
            .starts_with("m.yaml:8: foreign key reference 'users' must be TABLE.COLUMN"));
  // A self reference is fine.
  CHECK(load_models_text("m.yaml", users + "  - name: tree\n    columns:\n      - {name: id, type: integer}\n"
                                           "      - {name: parent, type: integer, foreign_key: tree.id}\n")
            .tables.size() == 2);
  // Table form.
  const std::string posts =
      "  - name: posts\n    columns:\n      - {name: u, type: integer}\n"
      "      - {name: o, type: integer}\n    foreign_keys:\n";
  CHECK(load_models_text(
            "m.yaml", users + posts + "      - {columns: [u, o], referred_table: users, referred_columns: [id, org]}\n")
            .tables[1]
            .foreign_keys.size() == 1);
  CHECK(error_of(users + posts + "      - {columns: [u, o], referred_table: users, referred_columns: [id]}\n")
            .starts_with("m.yaml:11: foreign key has 2 columns but 1 referred_columns"));
  CHECK(error_of(users + posts +
                 "      - {name: fk_x, columns: [u, o], referred_table: users, referred_columns: [id, nope]}\n") ==
        "m.yaml:11: foreign key 'fk_x' of table 'posts' refers to column 'nope' of table 'users', which has no such "
        "column (declared at m.yaml:2)");
  CHECK(error_of(users + posts + "      - {columns: [u], referred_table: people, referred_columns: [id]}\n") ==
        "m.yaml:11: foreign key of table 'posts' refers to table 'people', which no models file declares");
}

TEST_CASE("foreign keys resolve schemas as parse_table writes them: no schema means the table's own") {
  const std::string app_users =
      "tables:\n  - name: users\n    schema: app\n    columns:\n      - {name: id, type: integer}\n";
  // app.posts -> users.id means app.users.
  CHECK(load_models_text("m.yaml", app_users + "  - name: posts\n    schema: app\n    columns:\n"
                                               "      - {name: u, type: integer, foreign_key: users.id}\n")
            .tables.size() == 2);
  // A default-schema table names the schema explicitly.
  CHECK(load_models_text("m.yaml", app_users + "  - name: posts\n    columns:\n"
                                               "      - {name: u, type: integer, foreign_key: app.users.id}\n")
            .tables[1]
            .columns[0]
            .foreign_key->referred_schema == "app");
  CHECK(error_of(app_users +
                 "  - name: posts\n    columns:\n      - {name: u, type: integer, foreign_key: users.id}\n") ==
        "m.yaml:8: the foreign key of column 'u' in table 'posts' refers to table 'users', which no models file "
        "declares");
  CHECK(error_of(app_users + "  - name: posts\n    columns:\n      - {name: u, type: integer}\n    foreign_keys:\n"
                             "      - {columns: [u], referred_schema: other, referred_table: users, "
                             "referred_columns: [id]}\n") ==
        "m.yaml:10: foreign key of table 'posts' refers to table 'other.users', which no models file declares");
  // Across files.
  CHECK(load_models_sources({{"b.yaml",
                              "tables:\n  - name: posts\n    columns:\n"
                              "      - {name: u, type: integer, foreign_key: app.users.id}\n"},
                             {"a.yaml", app_users}})
            .tables.size() == 2);
  // "public" is the default schema.
  const std::string users = "tables:\n  - name: users\n    columns:\n      - {name: id, type: integer}\n";
  CHECK(load_models_text("m.yaml", users + "  - name: posts\n    schema: public\n    columns:\n"
                                           "      - {name: u, type: integer, foreign_key: users.id}\n"
                                           "      - {name: v, type: integer, foreign_key: public.users.id}\n")
            .tables.size() == 2);
  CHECK(error_of(users + "  - name: users\n    schema: public\n    columns:\n      - {name: id, type: integer}\n") ==
        "m.yaml:5: duplicate table 'public.users' (first declared at m.yaml:2)");
}

}  // namespace models_file_test
