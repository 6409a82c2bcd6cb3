// Writing operations as YAML: the text is readable, and it always parses back
// to the same operations, hostile strings included.
#include "versions/op_yaml_writer.h"

#include <doctest/doctest.h>
#include "versions/yaml_tree.h"

#include <random>
#include <stdexcept>

#include "core/error.h"
#include "core/ops.h"
#include "versions/models_file.h"
#include "versions/op_yaml.h"
#include "versions/revision_writer.h"
#include "versions/revision_yaml.h"

// Its own namespace: the unity build compiles several test files as one.
namespace op_yaml_writer_test {

using namespace strata;
using core::Literal;
using versions::ops_to_yaml;

namespace {

std::vector<core::Op> reparse(const std::string& text) {
  return versions::parse_ops("t.yaml", versions::yaml::parse(text, "t.yaml"), "upgrade");
}

// The key property, directly and through a rendered revision file.
void check_round_trip(const std::vector<core::Op>& ops) {
  const std::string text = ops_to_yaml(ops);
  INFO("YAML:\n" << text);
  std::vector<core::Op> back;
  REQUIRE_NOTHROW(back = reparse(text));
  CHECK(back == ops);
  core::RevisionHeader h;
  h.id = "ae1027a6acf0";
  h.message = "m";
  const std::string tmpl =
      "revision: {{revision}}\ndown_revision: {{down_revision}}\nbranch_labels: {{branch_labels}}\n"
      "depends_on: {{depends_on}}\nmessage: {{message}}\ncreate_date: {{create_date}}\nupgrade: {{upgrades}}\n"
      "downgrade: {{downgrades}}\n";
  const std::string file = versions::render_yaml_revision(tmpl, h, text, text);
  INFO("file:\n" << file);
  core::Revision r;
  REQUIRE_NOTHROW(r = versions::parse_yaml_revision(file, "v/x.yaml"));
  CHECK(r.body.upgrade == ops);
  CHECK(r.body.downgrade == ops);
}

// clang-format off
const std::vector<std::string> kHostile = {
    "", " ", "  lead", "trail  ", "a  b", "null", "Null", "NULL", "~", "true", "True", "FALSE", "yes", "No", "on",
    "OFF", "y", "n", "Y", "0", "0123", "123", "-1", "+1", "1e3", "1E3", "1.5", ".5", "5.", ".inf", "-.inf", ".NaN",
    "0x1f", "0o17", "0b101", "1_000", "1:30", "12:30:00", "a: b", "a:b", "a:", ":", "key: value", "a #b", "#x", "a#b",
    "-", "- x", "-x", "--", "---", "...", "? x", "?", "?x", "a,b", "[x]", "{x}", "a]", "a}", "[", "{", "}",
    "'quoted'", "\"dq\"", "it's", "say \"hi\"", "back\\slash", "\\", "\\n", "tab\there", "\ttab", "new\nline",
    "cr\rx", "crlf\r\nx", std::string("nul\0x", 5), "\x01" "ctl", "\x1b[0m", "del\x7f", "ünïcödé", "日本語",
    "emoji 😀", "ls\u2028x", "nel\u0085x", "\ufeffbom", "c1\u0080x", "&anchor", "*alias", "!tag", "!!str", "|", ">",
    "|-", "%", "%YAML", "@", "`", "<<", "=", "now()", "'active'::text", "x > 0 AND y < 1", "price >= 0",
    "trailing\n", "\n", "\n\n", "a\n\nb", "a\n\n", "  indented\nSQL", "\tSELECT\n1", "SELECT 1;\nSELECT 2;",
    "trailing space \nnext", "# comment\nSELECT 1", "a\r\nb", "SELECT 1;\n\n\nSELECT 2;\n", "- a\n- b",
    "key: v\nother: w", "|\nx", "x\n  indented more\n", "\"\n'", "a\n ", "a\n\t", "a\t\nb", "e", "E", "inf", "nan",
    "0.", "+", "-.5", "1e", "1e+3", "0x", "~x", "x~", "a b c"};
// clang-format on

std::string nonempty(const std::string& s) { return s.empty() ? "x" : s; }

// One of every operation with S in every string slot that may hold it.
std::vector<core::Op> every_op(const std::string& s) {
  const std::string n = nonempty(s);
  core::Column c;
  c.name = n;
  c.type = n;
  c.server_default = s;
  c.comment = s;
  core::Column id;
  id.name = "id";
  id.type = "integer";
  id.primary_key = true;
  id.nullable = false;
  core::Column ref;
  ref.name = "ref";
  ref.type = "integer";
  ref.foreign_key = core::ForeignKey{};
  ref.foreign_key->columns = {"ref"};
  ref.foreign_key->referred_schema = n;
  if (n.find('.') == std::string::npos) {
    ref.foreign_key->referred_table = n;
    ref.foreign_key->referred_columns = {n};
  } else {
    ref.foreign_key->referred_table = "t";
    ref.foreign_key->referred_columns = {"c"};
  }
  ref.foreign_key->name = s;
  ref.foreign_key->ondelete = "CASCADE";  // actions are keywords, checked when parsed
  ref.foreign_key->onupdate = "set null";

  core::Table t;
  t.name = n;
  t.schema = s;
  t.comment = s;
  t.columns = {id, c, ref};
  core::Index ix;
  ix.name = s;
  ix.columns = {n, "id"};
  ix.unique = true;
  ix.where = s;
  t.indexes = {ix};
  core::UniqueConstraint uq;
  uq.name = s;
  uq.columns = {n};
  t.unique_constraints = {uq};
  core::CheckConstraint ck;
  ck.name = s;
  ck.condition = n;
  t.check_constraints = {ck};
  core::ForeignKey fk;
  fk.name = s;
  fk.columns = {n, "id"};
  fk.referred_schema = s;
  fk.referred_table = n;
  fk.referred_columns = {n, n};
  fk.ondelete = "RESTRICT";
  fk.onupdate = "NO ACTION";
  t.foreign_keys = {fk};

  core::AlterColumn alter;
  alter.table = n;
  alter.name = n;
  alter.schema = s;
  alter.new_name = s;
  alter.type = s;
  alter.nullable = false;
  alter.server_default = std::optional<std::string>{s};
  alter.comment = std::optional<std::string>{s};
  alter.existing_type = s;
  alter.existing_nullable = true;
  alter.existing_server_default = s;

  core::CreateIndex ci;
  ci.name = n;
  ci.table = n;
  ci.schema = s;
  ci.columns = {n, s};
  ci.where = s;
  core::CreateForeignKey cfk;
  cfk.table = n;
  cfk.schema = s;
  cfk.key = fk;
  cfk.key.name = n;
  core::CreateIndex concurrent = ci;
  concurrent.concurrently = true;
  core::CreateForeignKey online_fk = cfk;
  online_fk.not_valid = true;
  core::BulkInsert bi;
  bi.table = n;
  bi.schema = s;
  bi.rows = {{{s, Literal{Literal::Kind::kString, s}}, {n + "2", Literal{Literal::Kind::kNull, ""}}}};

  return {core::CreateTable{t},
          core::DropTable{n, s},
          core::RenameTable{n, n + "_new", s},
          core::AddColumn{n, s, c},
          core::DropColumn{n, n, s},
          alter,
          ci,
          core::DropIndex{n, s, s},
          core::CreateUniqueConstraint{n, n, s, {n}},
          cfk,
          core::CreateCheckConstraint{n, n, s, n},
          core::CreatePrimaryKey{n, n, s, {n, "id"}},
          core::DropConstraint{n, n, s, core::ConstraintType::kCheck},
          core::Execute{s, std::nullopt},
          core::Execute{n, std::string("postgresql")},
          bi,
          // The online forms (SPEC §10.4).
          concurrent,
          core::DropIndex{n, s, s, true},
          online_fk,
          core::CreateCheckConstraint{n, n, s, n, true},
          core::ValidateConstraint{n, n, s}};
}

}  // namespace

TEST_CASE("every operation round-trips with ordinary values") { check_round_trip(every_op("users")); }

TEST_CASE("every operation round-trips with hostile strings in every slot") {
  for (const auto& s : kHostile) {
    INFO("string: '" << s << "'");
    check_round_trip(every_op(s));
  }
}

TEST_CASE("random strings round-trip") {
  // 500 seeded strings keep the unit run short (a one-off run of 200,000 passed).
  // Characters YAML treats specially, weighted towards trouble.
  const std::vector<std::string> atoms = {"a",    "b",    "1",    "0",  ".",  "e",      " ",        "  ",
                                          ":",    ": ",   "#",    " #", "-",  "- ",     "?",        "? ",
                                          ",",    ":,",   "[",    "]",  "{",  "}",      "'",        "''",
                                          "\"",   "\\",   "\\\"", "\n", "\r", "\t",     "\n ",      "\n#",
                                          "\t\n", "!",    "&",    "*",  "|",  ">",      "%",        "@",
                                          "`",    "~",    "=",    "<<", "$",  "(",      ")",        "/",
                                          ";",    "^",    "#!",   "0x", "1e", "+",      " -",       "--- ",
                                          "...",  "null", "true", "ü",  "日", "\u2028", "\xc2\x85", "\xef\xbb\xbf",
                                          "\x7f", "\x01", "x"};
  std::mt19937 rng(20261125);
  for (int round = 0; round < 500; ++round) {
    std::string s;
    int len = static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i) s += atoms[rng() % atoms.size()];
    INFO("string: '" << s << "'");
    std::vector<core::Op> ops = {core::Execute{s, std::nullopt}, core::DropTable{nonempty(s), s}};
    core::BulkInsert bi;
    bi.table = "t";
    bi.rows = {{{nonempty(s), Literal{Literal::Kind::kString, s}}}};
    ops.push_back(bi);
    core::AlterColumn a;
    a.table = "t";
    a.name = nonempty(s);
    a.server_default = std::optional<std::string>{s};
    a.existing_server_default = s;
    ops.push_back(a);
    const std::string text = ops_to_yaml(ops);
    INFO("YAML:\n" << text);
    std::vector<core::Op> back;
    REQUIRE_NOTHROW(back = reparse(text));
    REQUIRE(back == ops);
  }
}

TEST_CASE("alter_column: unset, null (drop) and a value are three different things") {
  core::AlterColumn drop;
  drop.table = "t";
  drop.name = "c";
  drop.server_default = std::optional<std::string>{};
  drop.comment = std::optional<std::string>{};
  core::AlterColumn set = drop;
  set.server_default = std::optional<std::string>{"null"};  // the string "null", not a drop
  set.comment = std::optional<std::string>{""};
  core::AlterColumn hints;
  hints.table = "t";
  hints.name = "c";
  hints.nullable = true;
  hints.existing_type = "varchar(20)";
  hints.existing_nullable = false;
  hints.existing_server_default = "0";
  core::AlterColumn rename;
  rename.table = "t";
  rename.name = "c";
  rename.new_name = "d";
  rename.type = "numeric(10,2)";
  check_round_trip({drop, set, hints, rename});
  CHECK(ops_to_yaml({drop}) == "  - alter_column: {table: t, name: c, server_default: null, comment: null}");
  CHECK(ops_to_yaml({set}) == "  - alter_column: {table: t, name: c, server_default: \"null\", comment: \"\"}");
  CHECK(ops_to_yaml({rename}) == "  - alter_column: {table: t, name: c, new_name: d, type: \"numeric(10,2)\"}");
}

TEST_CASE("drop_constraint types and drop_index without a table") {
  std::vector<core::Op> ops;
  for (auto t : {core::ConstraintType::kForeignKey, core::ConstraintType::kUnique, core::ConstraintType::kCheck,
                 core::ConstraintType::kPrimary})
    ops.push_back(core::DropConstraint{"c", "t", "", t});
  ops.push_back(core::DropIndex{"ix", "", ""});
  ops.push_back(core::DropIndex{"ix", "t", "app"});
  check_round_trip(ops);
  CHECK(ops_to_yaml(ops) ==
        "  - drop_constraint: {name: c, table: t, type: foreignkey}\n"
        "  - drop_constraint: {name: c, table: t, type: unique}\n"
        "  - drop_constraint: {name: c, table: t, type: check}\n"
        "  - drop_constraint: {name: c, table: t, type: primary}\n"
        "  - drop_index: {name: ix}\n"
        "  - drop_index: {name: ix, table: t, schema: app}");
}

TEST_CASE("execute: plain, quoted, block scalars and dialects") {
  std::vector<core::Op> ops = {
      core::Execute{"UPDATE posts SET slug = lower(title)", std::nullopt},
      core::Execute{"UPDATE t SET a = 'x: y'", std::nullopt},
      core::Execute{"UPDATE t\nSET a = 1\nWHERE b = 'c #d';", std::nullopt},
      core::Execute{"CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n\n  RETURN 1;\nEND\n$$ LANGUAGE plpgsql;\n",
                    std::nullopt},
      core::Execute{"PRAGMA foreign_keys = ON", std::string("sqlite")},
      core::Execute{"SELECT 1;\nSELECT 2;", std::string("postgresql")},
      core::Execute{"", std::nullopt},
  };
  check_round_trip(ops);
  CHECK(ops_to_yaml(ops) ==
        "  - execute: UPDATE posts SET slug = lower(title)\n"
        "  - execute: \"UPDATE t SET a = 'x: y'\"\n"
        "  - execute: |-\n"
        "      UPDATE t\n"
        "      SET a = 1\n"
        "      WHERE b = 'c #d';\n"
        "  - execute: |\n"
        "      CREATE FUNCTION f() RETURNS int AS $$\n"
        "      BEGIN\n"
        "\n"
        "        RETURN 1;\n"
        "      END\n"
        "      $$ LANGUAGE plpgsql;\n"
        "  - execute: {sql: PRAGMA foreign_keys = ON, dialect: sqlite}\n"
        "  - execute:\n"
        "      sql: |-\n"
        "        SELECT 1;\n"
        "        SELECT 2;\n"
        "      dialect: postgresql\n"
        "  - execute: \"\"");
}

TEST_CASE("bulk_insert literals keep their kind") {
  auto lit = [](Literal::Kind k, const char* t) { return Literal{k, t}; };
  using K = Literal::Kind;
  core::BulkInsert b;
  b.table = "accounts";
  b.schema = "app";
  b.rows = {
      {{"id", lit(K::kInteger, "1")},
       {"name", lit(K::kString, "alice")},
       {"active", lit(K::kBool, "true")},
       {"score", lit(K::kFloat, "1.5")},
       {"note", lit(K::kNull, "")}},
      {{"id", lit(K::kInteger, "-9223372036854775807")},
       {"name", lit(K::kString, "123")},
       {"active", lit(K::kBool, "false")},
       {"score", lit(K::kFloat, "1e3")},
       {"note", lit(K::kString, "null")}},
      {{"id", lit(K::kInteger, "0")},
       {"name", lit(K::kString, "true")},
       {"score", lit(K::kFloat, "-0.25")},
       {"note", lit(K::kString, "")},
       {"x", lit(K::kString, "1.5")},
       {"y", lit(K::kString, "yes")},
       {"z", lit(K::kString, "0123")},
       {"w", lit(K::kString, "~")}},
      {{"score", lit(K::kFloat, ".inf")}, {"a: b", lit(K::kString, "x, y")}, {"", lit(K::kString, "empty key")}},
      {},
  };
  core::BulkInsert none;
  none.table = "t";
  check_round_trip({b, none});
  // The reader decides the kind from the YAML scalar: check it really is the same kind.
  auto back = std::get<core::BulkInsert>(reparse(ops_to_yaml({b}))[0]);
  for (size_t r = 0; r < b.rows.size(); ++r)
    for (size_t i = 0; i < b.rows[r].size(); ++i) CHECK(back.rows[r][i].second.kind == b.rows[r][i].second.kind);
  CHECK(ops_to_yaml({none}) == "  - bulk_insert:\n      table: t\n      rows: []");
  CHECK(ops_to_yaml({b}).starts_with(
      "  - bulk_insert:\n      table: accounts\n      schema: app\n      rows:\n"
      "        - {id: 1, name: alice, active: true, score: 1.5, note: null}\n"
      "        - {id: -9223372036854775807, name: \"123\", active: false, score: 1e3, note: \"null\"}\n"));
}

TEST_CASE("create_table is written as in SPEC §4, with only non-default fields") {
  core::Column id;
  id.name = "id";
  id.type = "integer";
  id.primary_key = true;
  id.nullable = false;
  core::Column email;
  email.name = "email";
  email.type = "string(255)";
  email.nullable = false;
  email.unique = true;
  email.index = true;
  core::Column active;
  active.name = "is_active";
  active.type = "boolean";
  active.nullable = false;
  active.server_default = "true";
  core::Column author;
  author.name = "author_id";
  author.type = "integer";
  author.nullable = false;
  author.foreign_key = core::ForeignKey{};
  author.foreign_key->columns = {"author_id"};
  author.foreign_key->referred_table = "users";
  author.foreign_key->referred_columns = {"id"};
  author.foreign_key->ondelete = "CASCADE";
  core::Column owner;
  owner.name = "owner_id";
  owner.type = "integer";
  owner.autoincrement = false;
  owner.foreign_key = core::ForeignKey{};
  owner.foreign_key->columns = {"owner_id"};
  owner.foreign_key->referred_schema = "auth";
  owner.foreign_key->referred_table = "users";
  owner.foreign_key->referred_columns = {"id"};
  core::Column price;
  price.name = "price";
  price.type = "numeric(10,2)";
  price.nullable = false;
  core::Table t;
  t.name = "posts";
  t.comment = "Blog posts";
  t.columns = {id, email, active, author, owner, price};
  core::Index ix;
  ix.name = "ix_posts_email_price";
  ix.columns = {"email", "price"};
  t.indexes = {ix};
  core::UniqueConstraint uq;
  uq.columns = {"author_id", "email"};
  t.unique_constraints = {uq};
  core::CheckConstraint ck;
  ck.name = "check_price_positive";
  ck.condition = "price >= 0";
  t.check_constraints = {ck};
  std::vector<core::Op> ops = {core::CreateTable{t}};
  check_round_trip(ops);
  CHECK(ops_to_yaml(ops) ==
        "  - create_table:\n"
        "      name: posts\n"
        "      comment: Blog posts\n"
        "      columns:\n"
        "        - {name: id, type: integer, primary_key: true}\n"
        "        - {name: email, type: string(255), nullable: false, unique: true, index: true}\n"
        "        - {name: is_active, type: boolean, nullable: false, server_default: \"true\"}\n"
        "        - {name: author_id, type: integer, nullable: false, foreign_key: {references: users.id, ondelete: "
        "CASCADE}}\n"
        "        - {name: owner_id, type: integer, autoincrement: false, foreign_key: auth.users.id}\n"
        "        - {name: price, type: \"numeric(10,2)\", nullable: false}\n"
        "      indexes:\n"
        "        - {name: ix_posts_email_price, columns: [email, price]}\n"
        "      unique_constraints:\n"
        "        - {columns: [author_id, email]}\n"
        "      check_constraints:\n"
        "        - {name: check_price_positive, condition: price >= 0}");
}

TEST_CASE("add_column and short operations") {
  core::Column c;
  c.name = "last_transaction_date";
  c.type = "datetime";
  std::vector<core::Op> ops = {core::AddColumn{"account", "", c},
                               core::DropColumn{"account", "last_transaction_date", ""},
                               core::RenameTable{"a", "b", "app"},
                               core::DropTable{"a", ""},
                               core::CreateIndex{"ix_a_b", "a", "", {"b"}, false, std::nullopt, ""},
                               core::CreateIndex{"ix_a_c", "a", "", {"c", "d"}, true, std::string("c > 0"), ""},
                               core::CreateUniqueConstraint{"uq_a_b", "a", "", {"b"}},
                               core::CreateCheckConstraint{"ck", "a", "", "b <> ''"},
                               core::CreatePrimaryKey{"pk_a", "a", "", {"id"}}};
  check_round_trip(ops);
  CHECK(ops_to_yaml(ops) ==
        "  - add_column:\n"
        "      table: account\n"
        "      column: {name: last_transaction_date, type: datetime}\n"
        "  - drop_column: {table: account, name: last_transaction_date}\n"
        "  - rename_table: {name: a, new_name: b, schema: app}\n"
        "  - drop_table: {name: a}\n"
        "  - create_index: {name: ix_a_b, table: a, columns: [b]}\n"
        "  - create_index: {name: ix_a_c, table: a, columns: [c, d], unique: true, where: c > 0}\n"
        "  - create_unique_constraint: {name: uq_a_b, table: a, columns: [b]}\n"
        "  - create_check_constraint: {name: ck, table: a, condition: b <> ''}\n"
        "  - create_primary_key: {name: pk_a, table: a, columns: [id]}");
}

TEST_CASE("long operations become block maps") {
  core::CreateForeignKey fk;
  fk.table = "order_lines";
  fk.schema = "sales";
  fk.key.name = "fk_order_lines_order_id_orders";
  fk.key.columns = {"order_id", "tenant_id"};
  fk.key.referred_schema = "sales";
  fk.key.referred_table = "orders";
  fk.key.referred_columns = {"id", "tenant_id"};
  fk.key.ondelete = "CASCADE";
  fk.key.onupdate = "SET NULL";
  check_round_trip({fk});
  CHECK(ops_to_yaml({fk}) ==
        "  - create_foreign_key:\n"
        "      name: fk_order_lines_order_id_orders\n"
        "      table: order_lines\n"
        "      schema: sales\n"
        "      columns: [order_id, tenant_id]\n"
        "      referred_schema: sales\n"
        "      referred_table: orders\n"
        "      referred_columns: [id, tenant_id]\n"
        "      ondelete: CASCADE\n"
        "      onupdate: SET NULL");
}

TEST_CASE("comments are written before their operation") {
  std::vector<versions::WrittenOp> ops = {
      {core::DropColumn{"t", "old", ""}, "possible rename: old -> new\nreview before applying  "},
      {core::DropTable{"x", ""}, ""},
      {core::DropTable{"z", ""}, "a # inside\r\nand: colon"},
  };
  const std::string text = ops_to_yaml(ops);
  CHECK(text ==
        "  # possible rename: old -> new\n"
        "  # review before applying\n"
        "  - drop_column: {table: t, name: old}\n"
        "  - drop_table: {name: x}\n"
        "  # a # inside\n"
        "  # and: colon\n"
        "  - drop_table: {name: z}");
  std::vector<core::Op> plain = {ops[0].op, ops[1].op, ops[2].op};
  CHECK(reparse(text) == plain);
}

TEST_CASE("no operations is an empty text, which render_yaml_revision writes as []") {
  CHECK(ops_to_yaml(std::vector<core::Op>{}) == "");
  check_round_trip({});
}

TEST_CASE("a column foreign key the column form cannot hold is refused") {
  core::Column c;
  c.name = "a";
  c.type = "integer";
  c.foreign_key = core::ForeignKey{};
  c.foreign_key->columns = {"a", "b"};
  c.foreign_key->referred_table = "t";
  c.foreign_key->referred_columns = {"x", "y"};
  CHECK_THROWS_AS(ops_to_yaml({core::AddColumn{"t", "", c}}), std::invalid_argument);
  c.foreign_key->columns = {"a"};
  c.foreign_key->referred_columns = {"x.y"};
  CHECK_THROWS_AS(ops_to_yaml({core::AddColumn{"t", "", c}}), std::invalid_argument);
  c.foreign_key->referred_columns = {"x"};
  c.foreign_key->referred_table = "odd.name";
  CHECK_THROWS_AS(ops_to_yaml({core::AddColumn{"t", "", c}}), std::invalid_argument);
}

TEST_CASE("yaml_flow_scalar keeps ordinary identifiers and types plain") {
  for (const char* s : {"users", "string(255)", "datetime(timezone=true)", "now()", "CURRENT_TIMESTAMP", "ix_a_b",
                        "SET NULL", "price >= 0", "ünïcödé"})
    CHECK(versions::yaml_flow_scalar(s) == s);
  CHECK(versions::yaml_flow_scalar("numeric(10,2)") == "\"numeric(10,2)\"");
  CHECK(versions::yaml_flow_scalar("true") == "\"true\"");
  CHECK(versions::yaml_flow_scalar("0123") == "\"0123\"");
  CHECK(versions::yaml_flow_scalar("") == "\"\"");
  CHECK(versions::yaml_flow_scalar("a\"b\\c\nd\x01") == "\"a\\\"b\\\\c\\nd\\x01\"");
  CHECK(versions::yaml_flow_scalar("ls\u2028") == "\"ls\\u2028\"");
  for (const auto& s : kHostile) {
    INFO("string: '" << s << "'");
    versions::yaml::Node n = versions::yaml::parse("[" + versions::yaml_flow_scalar(s) + "]", "t.yaml");
    REQUIRE(n.is_sequence());
    REQUIRE(n.size() == 1);
    CHECK(n.item(0).is_scalar());
    CHECK(n.item(0).scalar() == s);
  }
}

TEST_CASE("models_to_yaml: a schema reads back as the same models") {
  core::Schema schema;
  core::Table users;
  users.name = "users";
  users.comment = "Application users: \"quoted\" # not a comment";
  auto column = [](std::string name, std::string type, bool nullable) {
    core::Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
  };
  core::Column id = column("id", "integer", false);
  id.primary_key = true;
  id.autoincrement = true;
  core::Column email = column("email", "character varying(255)", false);
  core::Column note = column("note: x", "text", true);
  note.server_default = "'it''s'";
  note.comment = "multi\nline";
  users.columns = {id, email, note};
  users.indexes = {{"ix_users_email", {"email"}, true, "email <> ''", ""}};
  users.check_constraints = {{"ck_users_email", "length(email) > 3"}};
  core::Table posts;
  posts.name = "posts";
  posts.schema = "blog";
  core::Column author = column("author_id", "integer", false);
  posts.columns = {id, author};
  posts.unique_constraints = {{"uq_posts_author", {"author_id", "id"}}};
  core::ForeignKey fk;
  fk.name = "fk_posts_author";
  fk.columns = {"author_id"};
  fk.referred_schema = "public";
  fk.referred_table = "users";
  fk.referred_columns = {"id"};
  fk.ondelete = "CASCADE";
  posts.foreign_keys = {fk};
  schema.tables = {users, posts};
  const std::string text = versions::models_to_yaml(schema);
  INFO("YAML:\n" << text);
  CHECK(text.starts_with("tables:\n  - name: users\n"));
  CHECK(versions::load_models_text("models.yaml", text) == schema);
  CHECK(versions::models_to_yaml(core::Schema{}) == "tables: []\n");
  CHECK(versions::load_models_text("models.yaml", "tables: []\n").tables.empty());
}

TEST_CASE("index keys: plain columns stay a list of names, others are maps; all round-trip") {
  core::CreateIndex plain{"ix_a", "t", "", {"a", "b"}, false, std::nullopt, ""};
  CHECK(ops_to_yaml({plain}) == "  - create_index: {name: ix_a, table: t, columns: [a, b]}");
  core::CreateIndex rich{"ix_b", "t", "", {"tenant_id", core::IndexElement::of_expression("lower(email)"), "slug"},
                         true, std::string("deleted_at IS NULL"), "gin"};
  rich.columns[2].opclass = "text_pattern_ops";
  rich.columns[2].descending = true;
  CHECK(ops_to_yaml({rich}) ==
        "  - create_index:\n"
        "      name: ix_b\n"
        "      table: t\n"
        "      columns: [tenant_id, {expression: lower(email)}, {column: slug, opclass: text_pattern_ops, order: desc}]\n"
        "      unique: true\n"
        "      where: deleted_at IS NULL\n"
        "      using: gin");
  check_round_trip({plain, rich});
  core::CreateTable table;
  table.table.name = "t";
  table.table.columns = {core::Column{}};
  table.table.columns[0].name = "a";
  table.table.columns[0].type = "text";
  core::Index ix;
  ix.name = "ix_t";
  ix.columns = {core::IndexElement::of_expression("a || 'x, y'"), "a"};
  ix.columns[1].descending = true;
  ix.method = "hash";
  table.table.indexes = {ix};
  check_round_trip({table});
}

TEST_CASE("index keys: bad items are errors with their line") {
  auto fails = [](const std::string& columns) {
    try {
      reparse("- create_index: {name: ix, table: t, columns: " + columns + "}");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(fails("[{column: a, expression: b}]") == "t.yaml:1: an index column needs exactly one of 'column' and 'expression'");
  CHECK(fails("[{opclass: x}]") == "t.yaml:1: an index column needs exactly one of 'column' and 'expression'");
  CHECK(fails("[{expression: ' '}]") == "t.yaml:1: an index expression is empty");
  CHECK(fails("[{column: a, order: up}]") == "t.yaml:1: index column order must be asc or desc, not 'up'");
  CHECK(fails("[{column: a, collate: x}]").find("collate") != std::string::npos);
  CHECK(fails("[[a]]") == "t.yaml:1: an index column must be a name or a map with 'column' or 'expression'");
  CHECK(fails("[{column: a, length: 0}]") == "t.yaml:1: an index column's length must be a positive integer");
  CHECK(fails("[{column: a, length: ten}]") == "t.yaml:1: an index column's length must be a positive integer");
  CHECK(fails("[{expression: lower(a), length: 5}]") ==
        "t.yaml:1: an index column's length applies to a column, not an expression");
}

TEST_CASE("index keys: a prefix length is written and read back") {
  core::CreateIndex prefix{"ix_bio", "t", "", {"bio", "id"}, true, std::nullopt, ""};
  prefix.columns[0].length = 100;
  prefix.columns[1].descending = true;
  CHECK(ops_to_yaml({prefix}) ==
        "  - create_index:\n"
        "      name: ix_bio\n"
        "      table: t\n"
        "      columns: [{column: bio, length: 100}, {column: id, order: desc}]\n"
        "      unique: true");
  check_round_trip({prefix});
}

TEST_CASE("online forms: concurrently, not_valid and validate_constraint are written only when set") {
  core::ForeignKey fk;
  fk.name = "fk_posts_user_id_users";
  fk.columns = {"user_id"};
  fk.referred_table = "users";
  fk.referred_columns = {"id"};
  std::vector<core::Op> ops = {
      core::CreateIndex{"ix_posts_title", "posts", "", {"title"}, false, std::nullopt, "", true},
      core::DropIndex{"ix_posts_old", "posts", "", true},
      core::CreateForeignKey{"posts", "", fk, true},
      core::CreateCheckConstraint{"ck_price", "posts", "", "price >= 0", true},
      core::ValidateConstraint{"fk_posts_user_id_users", "posts", ""},
      core::ValidateConstraint{"ck_price", "posts", "shop"}};
  check_round_trip(ops);
  CHECK(ops_to_yaml(ops) ==
        "  - create_index: {name: ix_posts_title, table: posts, columns: [title], concurrently: true}\n"
        "  - drop_index: {name: ix_posts_old, table: posts, concurrently: true}\n"
        "  - create_foreign_key:\n"
        "      name: fk_posts_user_id_users\n"
        "      table: posts\n"
        "      columns: [user_id]\n"
        "      referred_table: users\n"
        "      referred_columns: [id]\n"
        "      not_valid: true\n"
        "  - create_check_constraint: {name: ck_price, table: posts, condition: price >= 0, not_valid: true}\n"
        "  - validate_constraint: {name: fk_posts_user_id_users, table: posts}\n"
        "  - validate_constraint: {name: ck_price, table: posts, schema: shop}");
  // Off by default, and `false` written by hand reads as the default.
  CHECK(ops_to_yaml({core::CreateIndex{"ix", "t", "", {"a"}, false, std::nullopt, ""}}) ==
        "  - create_index: {name: ix, table: t, columns: [a]}");
  CHECK(reparse("- create_index: {name: ix, table: t, columns: [a], concurrently: false}\n") ==
        std::vector<core::Op>{core::CreateIndex{"ix", "t", "", {"a"}, false, std::nullopt, ""}});
}

TEST_CASE("online forms: bad values and a validate_constraint without its table are errors with the line") {
  auto error = [](const std::string& text) {
    try {
      reparse(text);
    } catch (const core::ScriptError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("- create_index: {name: ix, table: t, columns: [a], concurrently: maybe}\n").find("t.yaml:1") !=
        std::string::npos);
  CHECK(error("- create_check_constraint: {name: c, table: t, condition: a > 0, not_valid: 3}\n").find("not_valid") !=
        std::string::npos);
  CHECK(error("- validate_constraint: {name: c}\n").find("validate_constraint needs 'table'") != std::string::npos);
  CHECK(error("- validate_constraint: {name: c, table: t, not_valid: true}\n")
            .find("unknown argument 'not_valid' of 'validate_constraint'") != std::string::npos);
  CHECK(error("- create_unique_constraint: {name: u, table: t, columns: [a], not_valid: true}\n")
            .find("unknown argument 'not_valid'") != std::string::npos);
}

}  // namespace op_yaml_writer_test
