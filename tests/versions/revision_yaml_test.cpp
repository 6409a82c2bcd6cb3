// YAML revision files: the fast header scanner agrees with yaml-cpp, every
// operation parses, and malformed or hostile files give file:line errors.
#include <doctest/doctest.h>

#include "core/error.h"
#include "versions/revision_yaml.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_yaml_test {

using namespace strata;
using versions::parse_yaml_header;
using versions::parse_yaml_revision;

namespace {

const char* kSpecExample = R"(revision: ae1027a6acf0
down_revision: 1975ea83b712     # null for a base; a list for a merge
branch_labels: []
depends_on: []
message: Add a column
create_date: 2026-11-25 10:00:00.000000
upgrade:
  - add_column:
      table: account
      column: {name: last_transaction_date, type: datetime}
downgrade:
  - drop_column: {table: account, name: last_transaction_date}
)";

void check_same_header(const std::string& text) {
  auto fast = parse_yaml_header(text, "f.yaml");
  auto full = parse_yaml_revision(text, "f.yaml").header;
  CHECK(fast.id == full.id);
  CHECK(fast.down_revisions == full.down_revisions);
  CHECK(fast.branch_labels == full.branch_labels);
  CHECK(fast.depends_on == full.depends_on);
  CHECK(fast.message == full.message);
  CHECK(fast.create_date == full.create_date);
  CHECK(fast.transactional == full.transactional);
}

}  // namespace

TEST_CASE("the SPEC example parses") {
  auto r = parse_yaml_revision(kSpecExample, "v/ae10.yaml");
  CHECK(r.header.id == "ae1027a6acf0");
  CHECK(r.header.down_revisions == std::vector<std::string>{"1975ea83b712"});
  CHECK(r.header.message == "Add a column");
  CHECK(r.header.path == "v/ae10.yaml");
  REQUIRE(r.body.upgrade.size() == 1);
  auto* add = std::get_if<core::AddColumn>(&r.body.upgrade[0]);
  REQUIRE(add);
  CHECK(add->table == "account");
  CHECK(add->column.type == "datetime");
  CHECK(add->column.nullable);
  REQUIRE(r.body.downgrade.size() == 1);
  CHECK(std::get<core::DropColumn>(r.body.downgrade[0]).name == "last_transaction_date");
  check_same_header(kSpecExample);
}

TEST_CASE("the fast header scanner agrees with yaml-cpp on every form") {
  check_same_header("revision: a1\ndown_revision: [b1, c1]\nmessage: merge\n");
  check_same_header("revision: 'a1'\ndown_revision: \"b1\"\nmessage: \"quoted: yes\"\n");
  check_same_header("revision: a1\ndown_revision:\n  - b1\n  - c1\nmessage: block list\n");
  check_same_header("revision: a1\nmessage: a plain\n  continued line\n");
  check_same_header("revision: a1\nmessage: \"escaped \\\" quote\"\nbranch_labels: [x]\n");
  check_same_header("revision: a1\ndown_revision: ~\ndepends_on: null\nmessage: |\n  block\n  text\n");
  check_same_header("upgrade: []\nrevision: a1  # comment\nmessage: with # hash\n");
  check_same_header("---\nrevision: a1\n...\n");
}

TEST_CASE("every operation of SPEC §5 parses") {
  auto r = parse_yaml_revision(R"Y(revision: a1
upgrade:
  - create_table:
      name: posts
      comment: Posts
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: author_id, type: integer, nullable: false, foreign_key: {references: users.id, ondelete: CASCADE}}
        - {name: price, type: "numeric(10,2)", server_default: "0"}
      indexes: [{name: ix_posts_price, columns: [price]}]
      unique_constraints: [{columns: [author_id, price]}]
      check_constraints: [{name: ck_price, condition: "price >= 0"}]
      foreign_keys: [{name: fk_x, columns: [author_id], referred_table: users, referred_columns: [id]}]
  - drop_table: {name: old}
  - rename_table: {name: a, new_name: b}
  - add_column: {table: t, column: {name: c, type: text}}
  - drop_column: {table: t, name: c}
  - alter_column: {table: t, name: c, type: text, nullable: false, server_default: null, existing_type: "string(10)"}
  - create_index: {name: ix, table: t, columns: [a, b], unique: true, where: "a > 0"}
  - drop_index: {name: ix, table: t}
  - create_unique_constraint: {name: uq, table: t, columns: [a]}
  - create_foreign_key: {name: fk, table: t, columns: [a], referred_table: u, referred_columns: [id], ondelete: SET NULL}
  - create_check_constraint: {name: ck, table: t, condition: "a > 0"}
  - create_primary_key: {name: pk, table: t, columns: [id]}
  - drop_constraint: {name: fk, table: t, type: foreignkey}
  - execute: "UPDATE t SET a = 1"
  - execute: {sql: "VACUUM", dialect: sqlite}
  - bulk_insert: {table: t, rows: [{a: 1, b: "x", c: null, d: true, e: 1.5, f: "7"}]}
downgrade: []
)Y",
                               "f.yaml");
  const auto& up = r.body.upgrade;
  REQUIRE(up.size() == 16);
  auto& ct = std::get<core::CreateTable>(up[0]).table;
  CHECK(ct.name == "posts");
  CHECK(ct.columns.size() == 3);
  CHECK_FALSE(ct.columns[0].nullable);
  REQUIRE(ct.columns[1].foreign_key);
  CHECK(ct.columns[1].foreign_key->referred_table == "users");
  CHECK(ct.columns[1].foreign_key->ondelete == "CASCADE");
  CHECK(ct.columns[2].type == "numeric(10,2)");
  CHECK(ct.unique_constraints[0].columns == std::vector<std::string>{"author_id", "price"});
  auto& alter = std::get<core::AlterColumn>(up[5]);
  CHECK(alter.nullable == false);
  REQUIRE(alter.server_default.has_value());
  CHECK_FALSE(alter.server_default->has_value());  // null: drop the default
  CHECK(std::get<core::CreateIndex>(up[6]).unique);
  CHECK(std::get<core::CreateForeignKey>(up[9]).key.ondelete == "SET NULL");
  CHECK(std::get<core::DropConstraint>(up[12]).type == core::ConstraintType::kForeignKey);
  CHECK(std::get<core::Execute>(up[13]).sql == "UPDATE t SET a = 1");
  CHECK(*std::get<core::Execute>(up[14]).dialect == "sqlite");
  auto& row = std::get<core::BulkInsert>(up[15]).rows.at(0);
  using K = core::Literal::Kind;
  CHECK(row[0].second.kind == K::kInteger);
  CHECK(row[1].second.kind == K::kString);
  CHECK(row[2].second.kind == K::kNull);
  CHECK(row[3].second.kind == K::kBool);
  CHECK(row[4].second.kind == K::kFloat);
  CHECK(row[5].second.kind == K::kString);  // quoted: a string even though it looks like a number
}

TEST_CASE("malformed revision files name the file and line") {
  auto fails_with = [](const std::string& text, const std::string& part) {
    CHECK_THROWS_WITH_AS(parse_yaml_revision(text, "bad.yaml"), doctest::Contains(part.c_str()), core::ScriptError);
  };
  fails_with("", "bad.yaml: empty revision file");
  fails_with("revision: a1\nupgrade: [\n", "bad.yaml:");
  fails_with("revision: a1\nnonsense: 1\n", "bad.yaml:2: unknown key 'nonsense'");
  fails_with("message: no id\n", "needs 'revision'");
  fails_with("revision: a1\nupgrade:\n  - explode_table: {name: t}\n", "bad.yaml:3: unknown operation 'explode_table'");
  fails_with("revision: a1\nupgrade:\n  - drop_table: {name: t, bogus: 1}\n", "unknown argument 'bogus'");
  fails_with("revision: a1\nupgrade:\n  - drop_table: {}\n", "needs 'name'");
  fails_with("revision: a1\nupgrade:\n  - {drop_table: {name: t}, drop_index: {name: i}}\n", "one-key map");
  fails_with("revision: a1\nupgrade: {drop_table: t}\n", "must be a list");
  fails_with("revision: a1\nupgrade:\n  - add_column: {table: t, column: {name: c}}\n", "needs 'type'");
  fails_with("revision: a1\nupgrade:\n  - drop_constraint: {name: c, table: t, type: weird}\n", "must be foreignkey");
  fails_with("revision: a1\nupgrade:\n  - alter_column: {table: t, name: c}\n", "changes nothing");
  fails_with("revision: a1\nupgrade:\n  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true, "
             "nullable: true}]}\n",
             "cannot be nullable");
  fails_with("revision: [a, b]\n", "must be a single value");
  fails_with("- just\n- a list\n", "must be a mapping");
}

TEST_CASE("hostile inputs fail cleanly") {
  SUBCASE("binary garbage") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
    CHECK_THROWS_AS(parse_yaml_revision(garbage, "g.yaml"), core::ScriptError);
    CHECK_THROWS_AS(parse_yaml_header(garbage, "g.yaml"), core::ScriptError);
  }
  SUBCASE("deeply nested YAML") {
    std::string deep = "revision: a1\nupgrade: " + std::string(100000, '[') + "\n";
    CHECK_THROWS_AS(parse_yaml_revision(deep, "deep.yaml"), core::ScriptError);
    // Listing reads headers only: the body is checked when the revision runs or is shown.
    CHECK(parse_yaml_header(deep, "deep.yaml").id == "a1");
  }
  SUBCASE("a 10 MB line") {
    std::string text = "revision: a1\nmessage: " + std::string(10 * 1024 * 1024, 'x') + "\n";
    CHECK(parse_yaml_header(text, "big.yaml").message.size() == 10u * 1024 * 1024);
    CHECK(parse_yaml_revision(text, "big.yaml").header.id == "a1");
  }
}

TEST_CASE("yaml_scalar output reads back as the same string") {
  for (std::string s : {"plain", "Add a column", "with: colon", "# hash", "true", "null", "1975", "1e5", "0x1f",
                        "quote \" and \\ backslash", "line\nbreak", "ümlaut", "[brackets]", "trailing ", "-dash"}) {
    std::string text = "revision: a1\nmessage: " + versions::yaml_scalar(s) + "\n";
    CAPTURE(s);
    CHECK(parse_yaml_revision(text, "f.yaml").header.message == s);
    CHECK(parse_yaml_header(text, "f.yaml").message == s);
  }
  CHECK(versions::yaml_scalar("1975ea83b712") == "1975ea83b712");  // ids stay plain
}

TEST_CASE("an imported revision keeps an untranslated body and its Alembic source") {
  const char* text = R"Y(revision: 3c9b1f0e2d4a
down_revision: ae1027a6acf0
branch_labels: []
depends_on: []
message: backfill slugs
create_date: 2023-01-05 10:00:00.123456
alembic_source: alembic/versions/3c9b1f0e2d4a_backfill.py
upgrade:
  untranslated: "op.get_bind() is not an operation strata can translate (alembic/versions/3c9b1f0e2d4a_backfill.py:23)"
  # The Alembic code, for whoever translates it:
  #     conn = op.get_bind()
downgrade: []
)Y";
  auto r = parse_yaml_revision(text, "v/3c9b.yaml");
  CHECK(r.header.alembic_source == "alembic/versions/3c9b1f0e2d4a_backfill.py");
  REQUIRE(r.body.untranslated_upgrade);
  CHECK(*r.body.untranslated_upgrade ==
        "op.get_bind() is not an operation strata can translate (alembic/versions/3c9b1f0e2d4a_backfill.py:23)");
  CHECK(r.body.upgrade.empty());
  CHECK_FALSE(r.body.untranslated_downgrade);
  CHECK(r.body.downgrade.empty());
  check_same_header(text);
  CHECK(parse_yaml_header(text, "v/3c9b.yaml").alembic_source == r.header.alembic_source);

  auto down = parse_yaml_revision("revision: a1\nupgrade: []\ndowngrade: {untranslated: a for loop (x.py:9)}\n", "f.yaml");
  REQUIRE(down.body.untranslated_downgrade);
  CHECK(*down.body.untranslated_downgrade == "a for loop (x.py:9)");
  CHECK_FALSE(down.body.untranslated_upgrade);
  // A revision that was never imported has no source and everything translated.
  auto plain = parse_yaml_revision(kSpecExample, "f.yaml");
  CHECK(plain.header.alembic_source.empty());
  CHECK_FALSE(plain.body.untranslated_upgrade);
  CHECK_FALSE(plain.body.untranslated_downgrade);
}

TEST_CASE("a malformed untranslated body names the file and line") {
  auto fails_with = [](const std::string& text, const std::string& part) {
    CHECK_THROWS_WITH_AS(parse_yaml_revision(text, "bad.yaml"), doctest::Contains(part.c_str()), core::ScriptError);
  };
  fails_with("revision: a1\nupgrade:\n  untranslated: \"\"\n", "bad.yaml:3: 'untranslated' needs the reason");
  fails_with("revision: a1\nupgrade:\n  untranslated:\n", "'untranslated' needs the reason");
  fails_with("revision: a1\nupgrade:\n  untranslated: [a, b]\n", "'untranslated' must be a single value");
  fails_with("revision: a1\nupgrade:\n  untranslated: why\n  drop_table: {name: t}\n", "unknown key 'drop_table'");
  fails_with("revision: a1\nalembic_source: [a, b]\n", "'alembic_source' must be a single value");
}

TEST_CASE("transactional: false is a header field, read by the fast scanner and the full reader alike") {
  const std::string text = "revision: a1\ntransactional: false\nupgrade:\n  - drop_index: {name: ix, concurrently: true}\n";
  CHECK_FALSE(parse_yaml_header(text, "f.yaml").transactional);
  CHECK_FALSE(parse_yaml_revision(text, "f.yaml").header.transactional);
  check_same_header(text);
  check_same_header("revision: a1\ntransactional: true\n");
  check_same_header("revision: a1\ntransactional: False  # the full reader's spelling\n");
  check_same_header("revision: a1\n");
  CHECK(parse_yaml_header("revision: a1\n", "f.yaml").transactional);
  CHECK_THROWS_WITH_AS(parse_yaml_header("revision: a1\ntransactional: sometimes\n", "f.yaml"),
                       doctest::Contains("f.yaml:2"), core::ScriptError);
  CHECK_THROWS_WITH_AS(parse_yaml_header("revision: a1\ntransactional: false\ntransactional: true\n", "f.yaml"),
                       doctest::Contains("f.yaml"), core::ScriptError);
}

}  // namespace revision_yaml_test
