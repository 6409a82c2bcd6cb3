// The differ, with the real PostgreSQL and SQLite dialects for type and
// default normalisation (pure: no database). Each case checks the detected
// changes, the upgrade operations and their inverses.
#include <doctest/doctest.h>

#include "core/differ.h"
#include "core/error.h"
#include "core/naming.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/sqlite/dialect.h"

// Its own namespace: the unity build compiles several test files as one.
namespace differ_test {

using namespace strata;
using namespace strata::core;

namespace {

const drivers::postgresql::PostgresDialect pg;
const drivers::sqlite::SqliteDialect lite;

Column col(std::string name, std::string type, bool nullable = true) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

Column key(std::string name = "id") {
  Column c = col(std::move(name), "integer", false);
  c.primary_key = true;
  return c;
}

Table table(std::string name, std::vector<Column> columns) {
  Table t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  return t;
}

std::vector<std::string> kinds(const Diff& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.kind + ":" + c.table + (c.object.empty() ? "" : "." + c.object));
  return out;
}

// What PostgreSQL reflects for a table strata created from DECLARED.
Column reflected(std::string name, std::string type, bool nullable = true) { return col(name, type, nullable); }

}  // namespace

TEST_CASE("identical schemas give no diff, across spellings of types and defaults") {
  Table want = table("users", {key(), col("email", "string(255)", false), col("active", "boolean", false),
                               col("created_at", "datetime(timezone=true)", false), col("price", "numeric(10,2)"),
                               col("tags", "varchar(20)[]"), col("status", "text")});
  want.columns[2].server_default = "true";
  want.columns[3].server_default = "now()";
  want.columns[6].server_default = "draft";
  Table have = table("users", {reflected("id", "integer", false), reflected("email", "character varying(255)", false),
                               reflected("active", "boolean", false),
                               reflected("created_at", "timestamp with time zone", false),
                               reflected("price", "numeric(10,2)"), reflected("tags", "character varying(20)[]"),
                               reflected("status", "text")});
  have.columns[0].primary_key = true;
  have.columns[0].autoincrement = true;
  have.columns[2].server_default = "true";
  have.columns[3].server_default = "CURRENT_TIMESTAMP";
  have.columns[6].server_default = "'draft'::text";
  auto d = diff_schemas(Schema{{want}}, Schema{{have}}, pg, {});
  CHECK(kinds(d).empty());
  CHECK(d.upgrade.empty());
}

TEST_CASE("added and removed tables: created parents first, dropped children first, inverses") {
  Table users = table("users", {key()});
  Table posts = table("posts", {key(), col("author_id", "integer")});
  posts.foreign_keys.push_back(ForeignKey{"fk_posts_author_id_users", {"author_id"}, "", "users", {"id"}, "", ""});
  auto d = diff_schemas(Schema{{posts, users}}, Schema{}, pg, {});
  REQUIRE(d.upgrade.size() == 2);
  CHECK(std::get<CreateTable>(d.upgrade[0]).table.name == "users");
  CHECK(std::get<CreateTable>(d.upgrade[1]).table.name == "posts");
  REQUIRE(d.downgrade.size() == 2);
  CHECK(std::get<DropTable>(d.downgrade[0]).name == "posts");
  CHECK(std::get<DropTable>(d.downgrade[1]).name == "users");
  CHECK(d.changes[0].message == "Detected added table 'users'");

  auto back = diff_schemas(Schema{}, Schema{{users, posts}}, pg, {});
  REQUIRE(back.upgrade.size() == 2);
  CHECK(std::get<DropTable>(back.upgrade[0]).name == "posts");
  CHECK(std::get<DropTable>(back.upgrade[1]).name == "users");
  CHECK(std::get<CreateTable>(back.downgrade[0]).table == users);
  CHECK(std::get<CreateTable>(back.downgrade[1]).table == posts);
}

TEST_CASE("a foreign-key cycle is closed by a separate create_foreign_key") {
  Table a = table("a", {key(), col("b_id", "integer")});
  Table b = table("b", {key(), col("a_id", "integer")});
  a.foreign_keys.push_back(ForeignKey{"fk_a_b", {"b_id"}, "", "b", {"id"}, "", ""});
  b.foreign_keys.push_back(ForeignKey{"fk_b_a", {"a_id"}, "", "a", {"id"}, "", ""});
  auto d = diff_schemas(Schema{{a, b}}, Schema{}, pg, {});
  REQUIRE(d.upgrade.size() == 3);
  CHECK(std::holds_alternative<CreateTable>(d.upgrade[0]));
  CHECK(std::holds_alternative<CreateTable>(d.upgrade[1]));
  CHECK(std::holds_alternative<CreateForeignKey>(d.upgrade[2]));
  CHECK(std::holds_alternative<DropConstraint>(d.downgrade[0]));
}

TEST_CASE("columns: added, removed, type, nullability, default, comment; with existing_* hints") {
  Table want = table("users", {key(), col("name", "text", false), col("bio", "text")});
  want.columns[1].server_default = "anon";
  want.columns[1].comment = "display name";
  Table have = table("users", {key(), col("name", "character varying(50)"), col("age", "integer")});
  have.columns[0].autoincrement = true;
  auto d = diff_schemas(Schema{{want}}, Schema{{have}}, pg, {});
  CHECK(kinds(d) == std::vector<std::string>{"add_column:users.bio", "modify_type:users.name",
                                             "modify_nullable:users.name", "modify_default:users.name",
                                             "modify_comment:users.name", "remove_column:users.age"});
  REQUIRE(d.upgrade.size() == 3);
  CHECK(std::get<AddColumn>(d.upgrade[0]).column.name == "bio");
  const auto& up = std::get<AlterColumn>(d.upgrade[1]);
  CHECK(up.type == std::optional<std::string>("text"));
  CHECK(up.nullable == std::optional<bool>(false));
  CHECK(up.server_default == std::optional<std::optional<std::string>>(std::string("anon")));
  CHECK(up.existing_type == std::optional<std::string>("character varying(50)"));
  CHECK(up.existing_nullable == std::optional<bool>(true));
  CHECK(std::get<DropColumn>(d.upgrade[2]).name == "age");
  // The downgrade undoes them in reverse order.
  REQUIRE(d.downgrade.size() == 3);
  CHECK(std::get<AddColumn>(d.downgrade[0]).column == have.columns[2]);
  const auto& down = std::get<AlterColumn>(d.downgrade[1]);
  CHECK(down.type == std::optional<std::string>("character varying(50)"));
  CHECK(down.nullable == std::optional<bool>(true));
  REQUIRE(down.server_default.has_value());  // set: drop the default
  CHECK(!down.server_default->has_value());
  CHECK(down.existing_type == std::optional<std::string>("text"));
  CHECK(std::get<DropColumn>(d.downgrade[2]).name == "bio");
}

TEST_CASE("SQLite keeps no comments: they are not compared there") {
  Table want = table("t", {key(), col("a", "text")});
  want.columns[1].comment = "x";
  Table have = table("t", {key(), col("a", "TEXT")});
  have.columns[0].type = "INTEGER";
  CHECK(diff_schemas(Schema{{want}}, Schema{{have}}, lite, {}).empty());
  CHECK(!diff_schemas(Schema{{want}}, Schema{{have}}, pg, {}).empty());
}

TEST_CASE("indexes, unique, check and foreign keys: added, removed, changed") {
  Table want = table("posts", {key(), col("slug", "text"), col("author_id", "integer"), col("price", "numeric")});
  want.indexes.push_back(Index{"ix_posts_slug", {"slug"}, true, std::nullopt, ""});
  want.unique_constraints.push_back(UniqueConstraint{"uq_posts_author_id", {"author_id", "slug"}});
  want.check_constraints.push_back(CheckConstraint{"ck_posts_price", "price >= 0"});
  want.foreign_keys.push_back(ForeignKey{"fk_posts_author_id_users", {"author_id"}, "", "users", {"id"}, "CASCADE", ""});
  Table users = table("users", {key()});
  Table have = want;
  have.indexes[0].unique = false;                          // changed: dropped and recreated
  have.unique_constraints.clear();                         // added
  have.check_constraints[0].condition = "(price >= (0)::numeric)";  // rewritten by the database: same
  have.check_constraints.push_back(CheckConstraint{"ck_old", "slug <> ''"});  // removed
  have.foreign_keys[0].name = "posts_author_id_fkey";     // another name, same link, same actions: same
  for (auto& c : have.columns) c.type = c.type == "numeric" ? "numeric" : c.type;
  auto d = diff_schemas(Schema{{want, users}}, Schema{{have, users}}, pg, {});
  CHECK(kinds(d) == std::vector<std::string>{"remove_check:posts.ck_old", "remove_index:posts.ix_posts_slug",
                                             "add_index:posts.ix_posts_slug", "add_unique:posts.uq_posts_author_id"});
  // An ON DELETE change is a drop and a create of the key.
  have = want;
  have.foreign_keys[0].ondelete = "";
  auto fk = diff_schemas(Schema{{want, users}}, Schema{{have, users}}, pg, {});
  CHECK(kinds(fk) == std::vector<std::string>{"remove_fk:posts.fk_posts_author_id_users",
                                              "add_fk:posts.fk_posts_author_id_users"});
}

TEST_CASE("an enum's own CHECK is part of its type, not a removed constraint") {
  Table want = table("posts", {key(), col("status", "enum(draft,published)")});
  Table have = table("posts", {key(), col("status", "character varying(9)")});
  have.check_constraints.push_back(CheckConstraint{
      "posts_status_check", "((status)::text = ANY ((ARRAY['draft'::character varying, 'published'::character "
                            "varying])::text[]))"});
  CHECK(diff_schemas(Schema{{want}}, Schema{{have}}, pg, {}).empty());
}

TEST_CASE("the version table and exclude_tables are left out") {
  Table vt = table("alembic_version", {col("version_num", "character varying(32)", false)});
  Table legacy = table("legacy_stuff", {key()});
  DiffOptions o;
  o.exclude_tables = {"legacy_*"};
  CHECK(diff_schemas(Schema{}, Schema{{vt, legacy}}, pg, o).empty());
  CHECK(glob_match("a*b?c", "axxbyc"));
  CHECK(!glob_match("a*b?c", "axxbc"));
  CHECK(glob_match("*", ""));
}

TEST_CASE("a dropped and an added table of the same shape are flagged as a possible rename") {
  Table old_t = table("customer", {key(), col("name", "text")});
  Table new_t = table("client", {key(), col("name", "text")});
  auto d = diff_schemas(Schema{{new_t}}, Schema{{old_t}}, pg, {});
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].find("possible rename of table 'customer' to 'client'") != std::string::npos);
  REQUIRE(d.upgrade_comments.size() == 2);
  CHECK(d.upgrade_comments[1].find("rename_table") != std::string::npos);
}

TEST_CASE("naming conventions fill names and expand column shortcuts") {
  Schema s;
  Table t = table("users", {key(), col("email", "string(255)"), col("username", "string(50)"), col("org_id", "integer"),
                            col("age", "integer")});
  t.columns[1].unique = true;
  t.columns[1].index = true;
  t.columns[2].unique = true;
  t.columns[3].foreign_key = ForeignKey{"", {}, "", "orgs", {"id"}, "", ""};
  t.indexes.push_back(Index{"", {"age", "email"}, false, std::nullopt, ""});
  t.check_constraints.push_back(CheckConstraint{"", "age >= 0"});
  s.tables.push_back(t);
  apply_naming_convention(s, {{"ix", "ix_{table}_{column_0}"},
                              {"uq", "uq_{table}_{column_0}"},
                              {"ck", "ck_{table}_{constraint}"},
                              {"fk", "fk_{table_name}_{column_0_name}_{referred_table_name}"}});
  const Table& n = s.tables[0];
  REQUIRE(n.indexes.size() == 2);
  CHECK(n.indexes[0].name == "ix_users_age");
  CHECK(n.indexes[1] == Index{"ix_users_email", {"email"}, true, std::nullopt, ""});
  REQUIRE(n.unique_constraints.size() == 1);
  CHECK(n.unique_constraints[0].name == "uq_users_username");
  REQUIRE(n.foreign_keys.size() == 1);
  CHECK(n.foreign_keys[0].name == "fk_users_org_id_orgs");
  CHECK(n.foreign_keys[0].columns == std::vector<std::string>{"org_id"});
  CHECK(n.check_constraints[0].name == "ck_users_age");
  for (const auto& c : n.columns) CHECK((!c.unique && !c.index && !c.foreign_key));
  CHECK_THROWS_AS(convention_name("x_{nope}", {{"table", "t"}}), UsageError);
}

TEST_CASE("type and default normalisation") {
  CHECK(pg.normalize_type("character varying(255)") == pg.normalize_type("VARCHAR( 255 )"));
  CHECK(pg.normalize_type("timestamp with time zone") == pg.normalize_type("timestamptz"));
  CHECK(pg.normalize_type("int4") == "INTEGER");
  CHECK(pg.normalize_type("double precision") == pg.normalize_type("float"));
  CHECK(pg.normalize_type("numeric(10,2)") == pg.normalize_type("NUMERIC(10, 2)"));
  CHECK(pg.normalize_type("character varying(20)[]") == "VARCHAR(20)[]");
  CHECK(pg.normalize_default("'draft'::character varying") == pg.normalize_default("'draft'"));
  CHECK(pg.normalize_default("now()") == pg.normalize_default("CURRENT_TIMESTAMP"));
  CHECK(pg.normalize_default("'true'::boolean") == "true");
  CHECK(pg.normalize_default("('0'::numeric)") == "0");
  CHECK(pg.normalize_default("'a'::text || 'b'::text") == "'a' || 'b'");
  CHECK(lite.normalize_default("(CURRENT_TIMESTAMP)") == "current_timestamp");
  CHECK(lite.normalize_default("'It''s'") == "'It''s'");
}

TEST_CASE("a generated name longer than PostgreSQL's 63 bytes is cut with a hash, keeping names apart") {
  std::string long_table(45, 't');
  Schema s;
  Table t = table(long_table, {key(), col("shipping_address_id", "integer"), col("shipping_address_country_id", "integer")});
  t.foreign_keys.push_back(ForeignKey{"", {"shipping_address_id"}, "", "addresses", {"id"}, "", ""});
  t.foreign_keys.push_back(ForeignKey{"", {"shipping_address_country_id"}, "", "addresses", {"id"}, "", ""});
  s.tables.push_back(t);
  apply_naming_convention(s, {{"fk", "fk_{table}_{column_0}_{referred_table}"}});
  const auto& fks = s.tables[0].foreign_keys;
  CHECK(fks[0].name.size() == 63);
  CHECK(fks[1].name.size() == 63);
  CHECK(fks[0].name != fks[1].name);
  CHECK(fks[0].name.rfind("fk_" + long_table, 0) == 0);
}

}  // namespace differ_test
