// Every lint rule (core/lint.cpp, drivers/<db>/lint.cpp): revisions that
// must trigger it and close cousins that must not, on each dialect the rule
// concerns. Revisions are read by the real YAML reader; the first revision
// of each case creates the tables the second one works on.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/lint.h"
#include "drivers/registry.h"
#include "versions/revision_yaml.h"

// Its own namespace: the unity build compiles several test files as one.
namespace lint_rules_test {

using namespace strata;

namespace {

const char* kBase = R"(revision: a1
upgrade:
  - create_table:
      name: users
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: email, type: string(100)}
        - {name: name, type: string(50), nullable: false}
        - {name: score, type: 'numeric(10,2)'}
        - {name: bio, type: text}
downgrade:
  - drop_table: {name: users}
)";

const core::Dialect& dialect(const std::string& name) {
  core::DatabaseUrl url;
  url.dialect = name;
  return drivers::dialect_for(url);
}

// The codes the second revision (UPGRADE, with DOWNGRADE) gets on DIALECT.
std::vector<std::string> codes(const std::string& dialect_name, const std::string& upgrade,
                               const std::string& downgrade = "  - execute: {sql: SELECT 1}\n",
                               const core::LintSettings& settings = {}) {
  std::vector<core::Revision> revisions{
      versions::parse_yaml_revision(kBase, "a1.yaml"),
      versions::parse_yaml_revision("revision: b2\ndown_revision: a1\nupgrade:\n" + upgrade + "downgrade:\n" + downgrade,
                                    "b2.yaml")};
  std::vector<std::string> out;
  for (const auto& f : core::lint_revisions(revisions, dialect(dialect_name), settings, {"b2"}))
    if (!f.acknowledged) out.push_back(f.code);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& code) {
  return std::find(v.begin(), v.end(), code) != v.end();
}

const std::vector<std::string> kAll = {"sqlite", "postgresql", "mysql"};

}  // namespace

TEST_CASE("lint: the catalog holds every code once, each with a summary") {
  std::vector<std::string> seen;
  for (const auto& r : core::lint_rules()) {
    CHECK_FALSE(has(seen, r.code));
    CHECK_FALSE(r.summary.empty());
    seen.push_back(r.code);
    CHECK(core::find_lint_rule(r.code) == &r);
  }
  CHECK(core::find_lint_rule("nope") == nullptr);
}

TEST_CASE("lint: dropping a table or a column that exists loses data") {
  for (const auto& d : kAll) {
    CAPTURE(d);
    CHECK(has(codes(d, "  - drop_table: {name: users}\n"), "drop-table"));
    CHECK(has(codes(d, "  - drop_column: {table: users, name: bio}\n"), "drop-column"));
    // Cousins: what this revision created itself is not data yet.
    CHECK(codes(d, "  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}\n"
                   "  - drop_table: {name: t}\n") == std::vector<std::string>{});
    CHECK_FALSE(has(codes(d, "  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}, "
                             "{name: x, type: integer}]}\n  - drop_column: {table: t, name: x}\n"),
                    "drop-column"));
  }
}

TEST_CASE("lint: a NOT NULL column without a default on an existing table") {
  for (const auto& d : kAll) {
    CAPTURE(d);
    CHECK(has(codes(d, "  - add_column: {table: users, column: {name: age, type: integer, nullable: false}}\n"),
              "add-not-null-column"));
    CHECK_FALSE(has(codes(d, "  - add_column: {table: users, column: {name: age, type: integer, nullable: false, "
                             "server_default: '0'}}\n"),
                    "add-not-null-column"));
    CHECK_FALSE(has(codes(d, "  - add_column: {table: users, column: {name: age, type: integer}}\n"),
                    "add-not-null-column"));
  }
}

TEST_CASE("lint: setting NOT NULL, renames") {
  for (const auto& d : kAll) {
    CAPTURE(d);
    CHECK(has(codes(d, "  - alter_column: {table: users, name: email, nullable: false}\n"), "set-not-null"));
    // Already NOT NULL (the replay knows it): nothing changes.
    CHECK_FALSE(has(codes(d, "  - alter_column: {table: users, name: name, nullable: false}\n"), "set-not-null"));
    CHECK_FALSE(has(codes(d, "  - alter_column: {table: users, name: email, nullable: true}\n"), "set-not-null"));
    CHECK(has(codes(d, "  - rename_table: {name: users, new_name: accounts}\n"), "rename-table"));
    CHECK(has(codes(d, "  - alter_column: {table: users, name: bio, new_name: about}\n"), "rename-column"));
    CHECK_FALSE(has(codes(d, "  - alter_column: {table: users, name: bio, comment: about}\n"), "rename-column"));
    // A table renamed after this revision made it is still new: drop it freely.
    CHECK(codes(d, "  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}\n"
                   "  - rename_table: {name: t, new_name: u}\n  - drop_table: {name: u}\n") ==
          std::vector<std::string>{});
  }
}

TEST_CASE("lint: an upgrade that changes the schema needs a downgrade") {
  CHECK(has(codes("sqlite", "  - add_column: {table: users, column: {name: age, type: integer}}\n", "  []\n"),
            "empty-downgrade"));
  CHECK_FALSE(has(codes("sqlite", "  - add_column: {table: users, column: {name: age, type: integer}}\n"),
                  "empty-downgrade"));
  // Rows only: nothing to undo in the schema.
  CHECK_FALSE(has(codes("sqlite", "  - bulk_insert: {table: users, rows: [{id: 1}]}\n", "  []\n"), "empty-downgrade"));
}

TEST_CASE("lint: PostgreSQL's locks") {
  auto pg = [](const std::string& up) { return codes("postgresql", up); };
  CHECK(has(pg("  - create_index: {name: ix_e, table: users, columns: [email]}\n"), "pg-index-not-concurrent"));
  CHECK(has(pg("  - drop_index: {name: ix_e, table: users}\n"), "pg-drop-index-not-concurrent"));
  CHECK(has(pg("  - create_foreign_key: {name: fk, table: users, columns: [id], referred_table: users, "
               "referred_columns: [id]}\n"),
            "pg-constraint-not-valid"));
  CHECK(has(pg("  - create_check_constraint: {name: ck, table: users, condition: id > 0}\n"),
            "pg-constraint-not-valid"));
  CHECK(has(pg("  - create_unique_constraint: {name: uq, table: users, columns: [email]}\n"), "pg-unique-constraint"));
  CHECK(has(pg("  - add_column: {table: users, column: {name: u, type: uuid, server_default: gen_random_uuid()}}\n"),
            "pg-volatile-default"));
  CHECK_FALSE(has(pg("  - add_column: {table: users, column: {name: t, type: datetime, server_default: now()}}\n"),
                  "pg-volatile-default"));
  // On a table the revision creates, indexes and constraints take no lock anyone waits on.
  CHECK(pg("  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}\n"
           "  - create_index: {name: ix_t, table: t, columns: [id]}\n"
           "  - create_check_constraint: {name: ck_t, table: t, condition: id > 0}\n") == std::vector<std::string>{});
  // The same operations on other databases: not PostgreSQL's rules.
  CHECK_FALSE(has(codes("sqlite", "  - create_index: {name: ix_e, table: users, columns: [email]}\n"),
                  "pg-index-not-concurrent"));
  CHECK_FALSE(has(codes("mysql", "  - create_index: {name: ix_e, table: users, columns: [email]}\n"),
                  "pg-index-not-concurrent"));
}

TEST_CASE("lint: PostgreSQL type changes that rewrite, and those that do not") {
  auto rewrites = [](const std::string& column, const std::string& type) {
    return has(codes("postgresql", "  - alter_column: {table: users, name: " + column + ", type: '" + type + "'}\n"),
               "pg-type-rewrite");
  };
  CHECK_FALSE(rewrites("email", "string(200)"));   // a wider varchar
  CHECK_FALSE(rewrites("email", "varchar(100)"));  // the same type, spelt natively
  CHECK_FALSE(rewrites("email", "text"));          // varchar -> text
  CHECK_FALSE(rewrites("bio", "string"));          // text -> unbounded varchar
  CHECK_FALSE(rewrites("score", "numeric(12,2)"));  // more precision, same scale
  CHECK_FALSE(rewrites("score", "numeric"));
  CHECK(rewrites("email", "string(50)"));  // narrower: every row is checked and rewritten
  CHECK(rewrites("email", "integer"));
  CHECK(rewrites("score", "numeric(12,3)"));
  CHECK(rewrites("id", "biginteger"));
}

TEST_CASE("lint: MySQL copies the table for a type change, except a VARCHAR grown in place") {
  auto copies = [](const std::string& column, const std::string& type) {
    return has(codes("mysql", "  - alter_column: {table: users, name: " + column + ", type: '" + type + "'}\n"),
               "mysql-table-copy");
  };
  CHECK_FALSE(copies("name", "string(60)"));  // 50 -> 60 characters: still under 256 bytes
  CHECK(copies("name", "string(100)"));       // 200 -> 400 bytes: a second length byte
  CHECK(copies("email", "string(50)"));       // narrower
  CHECK(copies("id", "biginteger"));
  CHECK_FALSE(has(codes("mysql", "  - alter_column: {table: users, name: email, comment: x}\n"), "mysql-table-copy"));
}

TEST_CASE("lint: SQLite rebuilds the table for what ALTER TABLE cannot do") {
  auto lite = [](const std::string& up) { return has(codes("sqlite", up), "sqlite-table-rebuild"); };
  CHECK(lite("  - drop_column: {table: users, name: bio}\n"));
  CHECK(lite("  - alter_column: {table: users, name: email, type: text}\n"));
  CHECK(lite("  - create_unique_constraint: {name: uq, table: users, columns: [email]}\n"));
  CHECK_FALSE(lite("  - alter_column: {table: users, name: bio, new_name: about}\n"));  // RENAME COLUMN in place
  CHECK_FALSE(lite("  - add_column: {table: users, column: {name: age, type: integer}}\n"));
  CHECK_FALSE(lite("  - create_index: {name: ix, table: users, columns: [email]}\n"));
}

TEST_CASE("lint: acknowledgements and settings") {
  const std::string up = "  - drop_column: {table: users, name: bio}\n";
  std::vector<core::Revision> revisions{
      versions::parse_yaml_revision(kBase, "a1.yaml"),
      versions::parse_yaml_revision("revision: b2\ndown_revision: a1\nlint: {ignore: [drop-column], reason: unused}\n"
                                    "upgrade:\n" + up + "downgrade:\n  - execute: {sql: SELECT 1}\n",
                                    "b2.yaml")};
  auto found = core::lint_revisions(revisions, dialect("sqlite"), {}, {"b2"});
  auto it = std::find_if(found.begin(), found.end(), [](const auto& f) { return f.code == "drop-column"; });
  REQUIRE(it != found.end());
  CHECK(it->acknowledged);
  CHECK(it->reason == "unused");
  CHECK(it->line == 5);
  CHECK(it->file == "b2.yaml");
  CHECK(it->operation == "drop_column");

  core::LintSettings off;
  off.disabled = {"drop-column"};
  CHECK_FALSE(has(codes("sqlite", up, "  - execute: {sql: SELECT 1}\n", off), "drop-column"));
  core::LintSettings raised;
  raised.errors = {"rename-table"};
  std::vector<core::Revision> renamed{
      versions::parse_yaml_revision(kBase, "a1.yaml"),
      versions::parse_yaml_revision("revision: b2\ndown_revision: a1\nupgrade:\n  - rename_table: {name: users, "
                                    "new_name: accounts}\ndowngrade:\n  - rename_table: {name: accounts, new_name: users}\n",
                                    "b2.yaml")};
  auto r = core::lint_revisions(renamed, dialect("sqlite"), raised, {"b2"});
  REQUIRE(r.size() == 1);
  CHECK(r[0].severity == core::LintSeverity::kError);
}

TEST_CASE("lint: the lint key is checked when the file is read") {
  auto fails = [](const std::string& lint) {
    try {
      versions::parse_yaml_revision("revision: b2\nlint: " + lint + "\n", "b2.yaml");
    } catch (const core::ScriptError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(fails("{ignore: [drop-table]}").find("b2.yaml:2: 'lint' needs a 'reason'") == 0);
  CHECK(fails("{reason: why}").find("'lint' needs 'ignore'") != std::string::npos);
  CHECK(fails("{ignore: [x], reason: y, colour: z}").find("unknown key 'colour'") != std::string::npos);
  CHECK(fails("[drop-table]").find("must be a mapping") != std::string::npos);
}

TEST_CASE("lint: PostgreSQL's online forms") {
  auto pg = [](const std::string& header, const std::string& up) {
    std::vector<core::Revision> revisions{
        versions::parse_yaml_revision(kBase, "a1.yaml"),
        versions::parse_yaml_revision("revision: b2\ndown_revision: a1\n" + header + "upgrade:\n" + up +
                                          "downgrade:\n  - execute: {sql: SELECT 1}\n",
                                      "b2.yaml")};
    std::vector<std::string> out;
    for (const auto& f : core::lint_revisions(revisions, dialect("postgresql"), {}, {"b2"})) out.push_back(f.code);
    return out;
  };
  const std::string index = "  - create_index: {name: ix_e, table: users, columns: [email], concurrently: true}\n";
  CHECK(pg("transactional: false\n", index).empty());
  CHECK(pg("", index) == std::vector<std::string>{"pg-concurrently-in-transaction"});
  CHECK(pg("", "  - drop_index: {name: ix_e, table: users, concurrently: true}\n") ==
        std::vector<std::string>{"pg-concurrently-in-transaction"});
  CHECK(pg("transactional: false\n", "  - drop_index: {name: ix_e, table: users, concurrently: true}\n").empty());
  CHECK(pg("", "  - create_check_constraint: {name: ck, table: users, condition: id > 0, not_valid: true}\n").empty());
  CHECK(pg("", "  - create_foreign_key: {name: fk, table: users, columns: [id], referred_table: users, "
               "referred_columns: [id], not_valid: true}\n")
            .empty());
}

}  // namespace lint_rules_test
