// Conditions, predicates and index expressions through the real databases:
// a corpus of realistic ones is created by the dialect, reflected back, and
// the declared and reflected texts must have one normal form
// (Dialect::normalize_expression), and the differ must find nothing. A real
// change of a condition must still be found. PostgreSQL needs
// STRATA_TEST_PG_URL (the test fails without it).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/database_url.h"
#include "core/differ.h"
#include "core/naming.h"
#include "drivers/postgresql/dialect.h"
#include "drivers/postgresql/session.h"
#include "drivers/sqlite/dialect.h"
#include "drivers/sqlite/session.h"

// Its own namespace: the unity build compiles several test files as one.
namespace expression_fidelity_test {

using namespace strata;

namespace {

struct NoTables : core::TableLookup {
  std::optional<core::Table> table(const std::string&, const std::string&) const override { return std::nullopt; }
};

struct Case {
  const char* sql;
  bool postgresql_only;
};

// Check conditions, as people write them.
const Case kConditions[] = {
    {"price >= 0", false},
    {"price > 0 AND price < 1000", false},
    {"status IN ('draft', 'published', 'archived')", false},
    {"status NOT IN ('x', 'y')", false},
    {"status IN ('only')", false},
    {"qty IN (1, 2, 3)", false},
    {"qty BETWEEN 1 AND 100", false},
    {"qty NOT BETWEEN -5 AND -1", false},
    {"length(name) BETWEEN 1 AND 100 AND qty > 0", false},
    {"name LIKE 'a%'", false},
    {"name NOT LIKE '%(x)%'", false},
    {"name ILIKE 'A%'", true},
    {"COALESCE(discount, 0) <= price", false},
    {"length(name) > 0", false},
    {"lower(name) <> 'it''s (not) \"here\"'", false},
    {"((price > 0) OR (qty > 0)) AND name IS NOT NULL", false},
    {"NOT (qty = 0)", false},
    {"deleted_at IS NULL OR deleted_at > created_at", false},
    {"price * 2 < 10000.50", false},
    {"qty % 2 = 0", false},
    {"price <> -1", false},
    {"price::numeric(10,2) >= 0.01", true},
    {"CAST(qty AS bigint) < 1000000", false},
    {"data ->> 'kind' = 'event'", true},
    {"data ? 'id'", true},
    {"data @> '{\"a\": 1}'", true},
    {"created_at > now() - interval '1 day'", true},
    {"due_date >= created_at::date", true},
    {"status = 'a' OR status = 'b'", false},
    {"code ~ '^[A-Z]{3}$'", true},
    {"CASE WHEN qty > 10 THEN price > 5 ELSE true END", false},
    {"name IS DISTINCT FROM 'x'", true},
    {"upper(code) = code", false},
    {"tags && ARRAY['a', 'b']", true},
    {"\"Weird Col\" > 0 AND \"order\" >= 0", false},
    {"EXTRACT(year FROM created_at) > 2000", true},
};

// Index keys (expressions) and partial-index predicates.
const Case kExpressions[] = {
    {"lower(name)", false},
    {"lower(name) || code", false},
    {"(data ->> 'kind')", true},
    {"coalesce(discount, 0)", false},
    {"qty + 1", false},
};
const Case kPredicates[] = {
    {"deleted_at IS NULL", false},
    {"status IN ('a', 'b')", false},
    {"qty > 0 AND price >= 0", false},
    {"name LIKE 'x%'", false},
};

core::Column column(const char* name, const char* type) {
  core::Column c;
  c.name = name;
  c.type = type;
  return c;
}

core::Table corpus_table(bool postgresql) {
  core::Table t;
  t.name = "corpus";
  t.columns = {column("id", "integer"), column("price", "numeric(10,2)"), column("qty", "integer"),
               column("discount", "numeric"), column("name", "varchar(100)"), column("status", "varchar(20)"),
               column("code", "text"), column("data", postgresql ? "jsonb" : "json"),
               column("created_at", "timestamp"), column("deleted_at", "timestamp"), column("due_date", "date"),
               column("Weird Col", "integer"), column("order", "integer")};
  t.columns[0].primary_key = true;
  if (postgresql) t.columns.push_back(column("tags", "text[]"));
  int n = 0;
  for (const auto& c : kConditions)
    if (postgresql || !c.postgresql_only) t.check_constraints.push_back({"ck_" + std::to_string(++n), c.sql});
  n = 0;
  for (const auto& e : kExpressions) {
    if (!postgresql && e.postgresql_only) continue;
    core::Index ix;
    ix.name = "ix_expr_" + std::to_string(++n);
    ix.columns = {core::IndexElement::of_expression(e.sql), "id"};
    ix.columns[1].descending = n % 2 == 0;
    t.indexes.push_back(ix);
  }
  n = 0;
  for (const auto& p : kPredicates) {
    core::Index ix;
    ix.name = "ix_where_" + std::to_string(++n);
    ix.columns = {"qty"};
    ix.where = p.sql;
    t.indexes.push_back(ix);
  }
  if (postgresql) {
    core::Index gin;
    gin.name = "ix_gin";
    gin.method = "gin";
    gin.columns = {core::IndexElement::of_expression("to_tsvector('english', name)")};
    t.indexes.push_back(gin);
    core::Index pattern;
    pattern.name = "ix_pattern";
    pattern.unique = true;
    pattern.columns = {"code"};
    pattern.columns[0].opclass = "text_pattern_ops";
    t.indexes.push_back(pattern);
  }
  return t;
}

// Creates the corpus with the session's dialect, reflects it, and checks
// every condition, predicate and key in normal form, then the whole table
// with the differ.
void round_trip(core::Session& session, bool postgresql) {
  const core::Dialect& d = session.dialect();
  core::Table declared = corpus_table(postgresql);
  for (const auto& sql : d.render(core::CreateTable{declared}, NoTables{})) session.execute(sql);
  core::Schema live = session.inspector().reflect({});
  REQUIRE(live.tables.size() == 1);
  const core::Table& t = live.tables[0];
  REQUIRE(t.check_constraints.size() == declared.check_constraints.size());
  for (const auto& want : declared.check_constraints) {
    auto it = std::find_if(t.check_constraints.begin(), t.check_constraints.end(),
                           [&](const core::CheckConstraint& c) { return c.name == want.name; });
    REQUIRE(it != t.check_constraints.end());
    INFO("declared: ", want.condition, "\nreflected: ", it->condition);
    CHECK(d.normalize_expression(want.condition) == d.normalize_expression(it->condition));
  }
  REQUIRE(t.indexes.size() == declared.indexes.size());
  for (const auto& want : declared.indexes) {
    auto it = std::find_if(t.indexes.begin(), t.indexes.end(), [&](const core::Index& i) { return i.name == want.name; });
    REQUIRE(it != t.indexes.end());
    REQUIRE(it->columns.size() == want.columns.size());
    for (size_t k = 0; k < want.columns.size(); ++k) {
      INFO("index ", want.name, " key ", k, ": declared ", want.columns[k].text(), ", reflected ", it->columns[k].text());
      CHECK(want.columns[k].is_expression() == it->columns[k].is_expression());
      CHECK(d.normalize_expression(want.columns[k].text()) == d.normalize_expression(it->columns[k].text()));
      CHECK(want.columns[k].opclass == it->columns[k].opclass);
      CHECK(want.columns[k].descending == it->columns[k].descending);
    }
    CHECK(d.normalize_index_method(want.method) == d.normalize_index_method(it->method));
    CHECK(want.unique == it->unique);
    REQUIRE(want.where.has_value() == it->where.has_value());
    if (want.where) {
      INFO("declared: ", *want.where, "\nreflected: ", *it->where);
      CHECK(d.normalize_expression(*want.where) == d.normalize_expression(*it->where));
    }
  }
  core::Schema models{{declared}};
  core::apply_naming_convention(models, {});
  core::Diff diff = core::diff_schemas(models, live, d, {});
  for (const auto& c : diff.changes) INFO(c.message);
  CHECK(diff.changes.empty());

  // A real change is found: one check's condition, one predicate, one key.
  core::Schema changed = models;
  changed.tables[0].check_constraints[0].condition = "price > 0";
  changed.tables[0].indexes.back().columns[0].descending = true;
  for (auto& ix : changed.tables[0].indexes)
    if (ix.name == "ix_where_1") ix.where = "deleted_at IS NOT NULL";
  diff = core::diff_schemas(changed, live, d, {});
  std::vector<std::string> kinds;
  for (const auto& c : diff.changes) kinds.push_back(c.kind + ":" + c.object);
  std::sort(kinds.begin(), kinds.end());
  const std::string last = changed.tables[0].indexes.back().name;
  std::vector<std::string> expected{"add_check:ck_1", "add_index:" + last, "add_index:ix_where_1",
                                    "remove_check:ck_1", "remove_index:" + last, "remove_index:ix_where_1"};
  std::sort(expected.begin(), expected.end());
  CHECK(kinds == expected);
}

}  // namespace

TEST_CASE("normal form: the corpus survives a round trip through SQLite") {
  drivers::sqlite::SqliteSession session(core::parse_database_url("sqlite://", ""));
  round_trip(session, false);
}

TEST_CASE("normal form: the corpus survives a round trip through PostgreSQL") {
  const char* env = std::getenv("STRATA_TEST_PG_URL");
  if (env == nullptr || *env == '\0') FAIL("STRATA_TEST_PG_URL is not set: this test needs a live PostgreSQL");
  core::DatabaseUrl url = core::parse_database_url(env, "");
  drivers::postgresql::PostgresSession admin(url);
  admin.execute("SET client_min_messages = warning");
  const std::string name = "strata_fidelity_" + std::to_string(::getpid());
  admin.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  admin.execute("CREATE DATABASE \"" + name + "\"");
  url.database = name;
  try {
    drivers::postgresql::PostgresSession session(url);
    round_trip(session, true);
  } catch (...) {
    admin.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    throw;
  }
  admin.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

TEST_CASE("normal form: PostgreSQL's rewrites undone, real differences kept") {
  drivers::postgresql::PostgresDialect pg;
  auto same = [&](const char* a, const char* b) { return pg.normalize_expression(a) == pg.normalize_expression(b); };
  CHECK(same("lower(email)", "lower((email)::text)"));
  CHECK(same("deleted_at IS NULL", "(deleted_at IS NULL)"));
  CHECK(same("status IN ('a','b')",
             "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"));
  CHECK(same("price >= 0", "(price >= (0)::numeric)"));
  CHECK(same("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))"));
  CHECK(same("a  BETWEEN 1 AND 2", "((a >= 1) AND (a <= 2))"));
  CHECK(same("\"price\" != 0", "price <> 0"));
  CHECK_FALSE(same("price >= 0", "price > 0"));
  CHECK_FALSE(same("name = 'A'", "name = 'a'"));    // case inside quotes matters
  CHECK_FALSE(same("\"Name\" = 1", "name = 1"));    // and in quoted names
  CHECK_FALSE(same("status IN ('a', 'b')", "status IN ('a', 'c')"));
  CHECK_FALSE(same("lower(name)", "upper(name)"));
  drivers::sqlite::SqliteDialect lite;
  CHECK(lite.normalize_expression("(Price >= 0)") == lite.normalize_expression("price   >=  0"));
  CHECK(lite.normalize_expression("price >= 0") != lite.normalize_expression("price > 0"));
}

}  // namespace expression_fidelity_test
