// PostgreSQL reflection against a live server (STRATA_TEST_PG_URL, a role
// that may create databases): each test builds its own throwaway database
// from hand-written DDL and checks every reflected value of the contract in
// core/inspector.h, and that the number of catalog queries does not grow
// with the number of tables. Without STRATA_TEST_PG_URL the tests fail.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/database_url.h"
#include "core/error.h"
#include "drivers/postgresql/session.h"

// Its own namespace: the unity build compiles several test files as one.
namespace postgresql_inspector_test {

using namespace strata;
using drivers::postgresql::PostgresInspector;
using drivers::postgresql::PostgresSession;

namespace {

std::string quote_ident(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A database of its own for one test, dropped (WITH (FORCE)) at the end.
class TempDatabase {
 public:
  TempDatabase() {
    const char* env = std::getenv("STRATA_TEST_PG_URL");
    if (env == nullptr || *env == '\0')
      FAIL("STRATA_TEST_PG_URL is not set: the PostgreSQL inspector tests need a live server "
           "(e.g. `. /tmp/devpg/env`, or scripts/pg-cluster.sh)");
    core::DatabaseUrl url = core::parse_database_url(env, "");
    admin_ = std::make_unique<PostgresSession>(url);
    admin_->execute("SET client_min_messages = warning");
    static int counter = 0;
    name_ = "strata_inspect_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    admin_->execute("DROP DATABASE IF EXISTS " + quote_ident(name_) + " WITH (FORCE)");
    admin_->execute("CREATE DATABASE " + quote_ident(name_));
    url.database = name_;
    try {
      session_ = std::make_unique<PostgresSession>(url);
    } catch (...) {
      drop();
      throw;
    }
  }
  ~TempDatabase() {
    session_.reset();
    drop();
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  PostgresSession& session() { return *session_; }
  PostgresInspector& inspector() { return static_cast<PostgresInspector&>(session_->inspector()); }
  void run(const std::vector<std::string>& statements) {
    for (const auto& sql : statements) session_->execute(sql);
  }

 private:
  void drop() noexcept {
    try {
      admin_->execute("DROP DATABASE IF EXISTS " + quote_ident(name_) + " WITH (FORCE)");
    } catch (...) {
    }
  }
  std::unique_ptr<PostgresSession> admin_;
  std::unique_ptr<PostgresSession> session_;
  std::string name_;
};

// Every field of the reflected schema, one line per item, so an expected
// value reads as text and a failure shows exactly which field differs.
std::string show(const std::optional<std::string>& s) { return s ? "[" + *s + "]" : "-"; }
std::string show(const std::vector<std::string>& v) {
  std::string out = "(";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "|" : "") + v[i];
  return out + ")";
}
std::string show(const std::vector<core::IndexElement>& keys) {
  std::vector<std::string> v;
  for (const auto& k : keys)
    v.push_back((k.is_expression() ? "expr:" + k.expression : k.column) + (k.opclass.empty() ? "" : " " + k.opclass) +
                (k.descending ? " desc" : ""));
  return show(v);
}
std::string show(const core::ForeignKey& fk) {
  return "fk [" + fk.name + "] " + show(fk.columns) + " -> [" + fk.referred_schema + "].[" + fk.referred_table + "] " +
         show(fk.referred_columns) + " ondelete=[" + fk.ondelete + "] onupdate=[" + fk.onupdate + "]";
}

std::string dump(const core::Table& t) {
  std::ostringstream out;
  out << "table [" << t.schema << "].[" << t.name << "] comment=" << show(t.comment) << "\n";
  for (const auto& c : t.columns)
    out << "  column [" << c.name << "] " << c.type << (c.nullable ? "" : " NOT NULL") << (c.primary_key ? " PK" : "")
        << " default=" << show(c.server_default) << " autoinc="
        << (c.autoincrement ? (*c.autoincrement ? "true" : "false") : "-") << " comment=" << show(c.comment)
        << (c.unique ? " UNIQUE!" : "") << (c.index ? " INDEX!" : "")
        << (c.foreign_key ? " FK!" + show(*c.foreign_key) : "") << "\n";
  for (const auto& ix : t.indexes)
    out << "  index [" << ix.name << "] " << show(ix.columns) << (ix.unique ? " unique" : "")
        << " where=" << show(ix.where) << (ix.method.empty() ? "" : " using=" + ix.method) << "\n";
  for (const auto& u : t.unique_constraints) out << "  unique [" << u.name << "] " << show(u.columns) << "\n";
  for (const auto& ck : t.check_constraints) out << "  check [" << ck.name << "] " << ck.condition << "\n";
  for (const auto& fk : t.foreign_keys) out << "  " << show(fk) << "\n";
  return out.str();
}

std::string dump(const core::Schema& s) {
  std::string out;
  for (const auto& t : s.tables) out += dump(t);
  return out;
}

core::Schema reflect(TempDatabase& db, std::vector<std::string> schemas) {
  core::ReflectOptions options;
  options.schemas = std::move(schemas);
  return db.session().inspector().reflect(options);
}

}  // namespace

TEST_CASE("postgres inspector: every reflected value of the contract, two schemas") {
  TempDatabase db;
  db.run({
      "CREATE SCHEMA other",
      "CREATE SCHEMA hidden",
      "CREATE TABLE hidden.secret (id integer PRIMARY KEY)",
      "CREATE TABLE other.accounts ("
      "  region varchar(8) NOT NULL,"
      "  num integer NOT NULL,"
      "  opened numeric(10,2) DEFAULT 0,"
      "  CONSTRAINT accounts_pk PRIMARY KEY (region, num))",
      "ALTER TABLE other.accounts ADD CONSTRAINT accounts_num_check CHECK (num > 0) NOT VALID",
      "COMMENT ON TABLE other.accounts IS 'Accounts, by region'",
      "CREATE TABLE users ("
      "  id serial PRIMARY KEY,"
      "  gone integer,"
      "  email varchar(255) NOT NULL,"
      "  balance numeric(10,2),"
      "  created_at timestamptz NOT NULL DEFAULT now(),"
      "  active boolean NOT NULL DEFAULT true,"
      "  note text DEFAULT 'x',"
      "  profile jsonb,"
      "  token uuid,"
      "  tags varchar(20)[],"
      "  deleted_at timestamptz,"
      "  region varchar(8),"
      "  account_num integer,"
      "  doubled numeric GENERATED ALWAYS AS (balance * 2) STORED,"
      "  CONSTRAINT users_email_key UNIQUE (email),"
      "  CONSTRAINT users_balance_check CHECK (balance >= 0),"
      "  CONSTRAINT users_account_fkey FOREIGN KEY (account_num, region)"
      "    REFERENCES other.accounts (num, region) ON DELETE CASCADE)",
      "ALTER TABLE users DROP COLUMN gone",
      "CREATE UNIQUE INDEX users_token_key ON users (token)",
      "CREATE INDEX users_live_idx ON users (created_at, id) WHERE deleted_at IS NULL",
      "CREATE INDEX users_lower_email_idx ON users (lower(email), id)",
      "COMMENT ON TABLE users IS 'People who log in'",
      "COMMENT ON COLUMN users.email IS 'Login, unique'",
      "CREATE TABLE other.events ("
      "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
      "  user_id integer REFERENCES users (id) ON UPDATE RESTRICT ON DELETE SET NULL,"
      "  happened_at timestamptz DEFAULT now(),"
      "  kind text NOT NULL DEFAULT 'x')",
      "CREATE INDEX events_user_idx ON other.events (user_id) INCLUDE (happened_at)",
      "CREATE TABLE \"We\"\"ird, Table\" ("
      "  \"Col, One\" integer NOT NULL,"
      "  \"sp ace\" text DEFAULT 'it''s',"
      "  \"UPPER\" smallint GENERATED BY DEFAULT AS IDENTITY,"
      "  CONSTRAINT \"pk \"\"w\"\"\" PRIMARY KEY (\"Col, One\"),"
      "  CONSTRAINT \"uq, \"\"w\"\"\" UNIQUE (\"UPPER\", \"sp ace\"),"
      "  CONSTRAINT \"ck (w)\" CHECK (\"sp ace\" <> ')' AND \"Col, One\" > 0))",
      "CREATE INDEX \"ix \"\"w\"\", 1\" ON \"We\"\"ird, Table\" (\"sp ace\" DESC, \"UPPER\")",
      "CREATE INDEX \"expr ix\" ON \"We\"\"ird, Table\" ((\"Col, One\" + 1), upper(\"sp ace\"))",
      "COMMENT ON COLUMN \"We\"\"ird, Table\".\"sp ace\" IS 'with ''quotes'' and, commas'",
      // A partitioned table and its partitions: not managed, left out. A
      // foreign key to it (a clone per partition in pg_constraint) is the
      // referring table's: reflected once.
      "CREATE TABLE measurements (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at))"
      "  PARTITION BY RANGE (at)",
      "CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      "CREATE INDEX measurements_at_idx ON measurements (at)",
      "CREATE TABLE readings (m_id integer, m_at date,"
      "  CONSTRAINT readings_m_fkey FOREIGN KEY (m_id, m_at) REFERENCES measurements (id, at))",
      "CREATE VIEW user_emails AS SELECT email FROM users",
      "CREATE SEQUENCE lonely_seq",
  });

  core::Schema schema = reflect(db, {"public", "other"});
  CHECK(db.inspector().last_query_count() <= 6);

  CHECK(dump(schema) ==
        "table [].[We\"ird, Table] comment=-\n"
        "  column [Col, One] integer NOT NULL PK default=- autoinc=false comment=-\n"
        "  column [sp ace] text default=['it''s'::text] autoinc=- comment=[with 'quotes' and, commas]\n"
        "  column [UPPER] smallint NOT NULL default=- autoinc=true comment=-\n"
        "  index [expr ix] (expr:(\"Col, One\" + 1)|expr:upper(\"sp ace\")) where=-\n"
        "  index [ix \"w\", 1] (sp ace desc|UPPER) where=-\n"
        "  unique [uq, \"w\"] (UPPER|sp ace)\n"
        "  check [ck (w)] (\"sp ace\" <> ')'::text) AND (\"Col, One\" > 0)\n"
        "table [].[readings] comment=-\n"
        "  column [m_id] integer default=- autoinc=- comment=-\n"
        "  column [m_at] date default=- autoinc=- comment=-\n"
        "  fk [readings_m_fkey] (m_id|m_at) -> [].[measurements] (id|at) ondelete=[] onupdate=[]\n"
        "table [].[users] comment=[People who log in]\n"
        "  column [id] integer NOT NULL PK default=- autoinc=true comment=-\n"
        "  column [email] character varying(255) NOT NULL default=- autoinc=- comment=[Login, unique]\n"
        "  column [balance] numeric(10,2) default=- autoinc=- comment=-\n"
        "  column [created_at] timestamp with time zone NOT NULL default=[now()] autoinc=- comment=-\n"
        "  column [active] boolean NOT NULL default=[true] autoinc=- comment=-\n"
        "  column [note] text default=['x'::text] autoinc=- comment=-\n"
        "  column [profile] jsonb default=- autoinc=- comment=-\n"
        "  column [token] uuid default=- autoinc=- comment=-\n"
        "  column [tags] character varying(20)[] default=- autoinc=- comment=-\n"
        "  column [deleted_at] timestamp with time zone default=- autoinc=- comment=-\n"
        "  column [region] character varying(8) default=- autoinc=- comment=-\n"
        "  column [account_num] integer default=- autoinc=- comment=-\n"
        "  column [doubled] numeric default=- autoinc=- comment=-\n"
        "  index [users_live_idx] (created_at|id) where=[(deleted_at IS NULL)]\n"
        "  index [users_lower_email_idx] (expr:lower(email::text)|id) where=-\n"
        "  index [users_token_key] (token) unique where=-\n"
        "  unique [users_email_key] (email)\n"
        "  check [users_balance_check] balance >= (0)::numeric\n"
        "  fk [users_account_fkey] (account_num|region) -> [other].[accounts] (num|region) ondelete=[CASCADE] "
        "onupdate=[]\n"
        "table [other].[accounts] comment=[Accounts, by region]\n"
        "  column [region] character varying(8) NOT NULL PK default=- autoinc=- comment=-\n"
        "  column [num] integer NOT NULL PK default=- autoinc=- comment=-\n"
        "  column [opened] numeric(10,2) default=[0] autoinc=- comment=-\n"
        "  check [accounts_num_check] num > 0\n"
        "table [other].[events] comment=-\n"
        "  column [id] bigint NOT NULL PK default=- autoinc=true comment=-\n"
        "  column [user_id] integer default=- autoinc=- comment=-\n"
        "  column [happened_at] timestamp with time zone default=[now()] autoinc=- comment=-\n"
        "  column [kind] text NOT NULL default=['x'::text] autoinc=- comment=-\n"
        "  index [events_user_idx] (user_id) where=-\n"
        "  fk [events_user_id_fkey] (user_id) -> [public].[users] (id) ondelete=[SET NULL] onupdate=[RESTRICT]\n");

  // The same values through the model's own fields, for the key cases.
  REQUIRE(schema.tables.size() == 5);
  const core::Table& users = schema.tables[2];
  REQUIRE(users.name == "users");
  CHECK(users.schema == "");
  CHECK(users.columns[0].autoincrement == std::optional<bool>(true));
  // A single integer key with no sequence: autoincrement false, as SQLAlchemy reflects it.
  CHECK(schema.tables[0].columns[0].autoincrement == std::optional<bool>(false));
  CHECK_FALSE(users.columns[0].server_default.has_value());
  REQUIRE(users.foreign_keys.size() == 1);
  CHECK(users.foreign_keys[0].referred_schema == "other");
  CHECK(users.foreign_keys[0].columns == std::vector<std::string>{"account_num", "region"});
  CHECK(users.foreign_keys[0].referred_columns == std::vector<std::string>{"num", "region"});
  CHECK(users.foreign_keys[0].ondelete == "CASCADE");

  // Only the schemas asked for.
  {
    core::Schema only_other = reflect(db, {"other"});
    REQUIRE(only_other.tables.size() == 2);
    CHECK(only_other.tables[0].schema == "other");
    CHECK(only_other.tables[0].name == "accounts");
    CHECK(only_other.tables[1].name == "events");
    CHECK(only_other.tables[1].foreign_keys.at(0).referred_schema == "public");  // not its own schema

    core::Schema hidden = reflect(db, {"hidden"});
    REQUIRE(hidden.tables.size() == 1);
    CHECK(hidden.tables[0].schema == "hidden");

    CHECK(reflect(db, {"no_such_schema"}).tables.empty());
    CHECK(reflect(db, {}).tables.empty());
  }
}

TEST_CASE("postgres inspector: schema and sequence names are data, never SQL") {
  TempDatabase db;
  db.run({
      "CREATE SCHEMA hidden",
      "CREATE TABLE hidden.secret (id integer)",
      "CREATE SCHEMA \"it's \\ here\"",
      "CREATE TABLE \"it's \\ here\".\"t\" (id integer)",
  });
  core::Schema s = reflect(db, {"it's \\ here"});
  REQUIRE(s.tables.size() == 1);
  CHECK(s.tables[0].schema == "it's \\ here");
  CHECK(s.tables[0].name == "t");
  // Were the name pasted into the SQL unescaped, this would match "hidden".
  CHECK(reflect(db, {"x', 'hidden"}).tables.empty());
  CHECK(reflect(db, {"x\\', 'hidden"}).tables.empty());

  // nextval() of a sequence is an auto-increment only when it is the whole
  // default and the sequence is OWNED BY the column (a serial); a shared
  // sequence's nextval() is a default like any other.
  db.run({
      "CREATE SEQUENCE \"it's_seq\"",
      "CREATE SEQUENCE shared_seq",
      "CREATE TABLE seqs (a bigint DEFAULT nextval('\"it''s_seq\"'), b bigint DEFAULT nextval('\"it''s_seq\"') + 1,"
      " c bigint DEFAULT nextval('shared_seq'))",
      "ALTER SEQUENCE \"it's_seq\" OWNED BY seqs.a",
  });
  core::Schema p = reflect(db, {"public"});
  REQUIRE(p.tables.size() == 1);
  REQUIRE(p.tables[0].columns.size() == 3);
  CHECK(p.tables[0].columns[0].autoincrement == std::optional<bool>(true));
  CHECK_FALSE(p.tables[0].columns[0].server_default.has_value());
  CHECK_FALSE(p.tables[0].columns[1].autoincrement.has_value());
  CHECK(p.tables[0].columns[1].server_default == std::optional<std::string>("(nextval('\"it''s_seq\"'::regclass) + 1)"));
  CHECK_FALSE(p.tables[0].columns[2].autoincrement.has_value());
  CHECK(p.tables[0].columns[2].server_default == std::optional<std::string>("nextval('shared_seq'::regclass)"));
}

TEST_CASE("postgres inspector: a fixed number of queries, whatever the table count") {
  TempDatabase db;
  db.run({"CREATE TABLE t_000 (id integer PRIMARY KEY)"});
  CHECK(reflect(db, {"public"}).tables.size() == 1);
  const int one_table = db.inspector().last_query_count();
  CHECK(one_table <= 6);

  // 200 tables, each with a key, a foreign key to the one before, a unique
  // constraint, an index and a check: built server-side in one statement.
  db.run({"DO $$ BEGIN FOR i IN 1..200 LOOP EXECUTE format("
          "'CREATE TABLE %I (id serial PRIMARY KEY, prev_id integer REFERENCES %I (id), code text UNIQUE,"
          " n integer CHECK (n > %s)); CREATE INDEX %I ON %I (n);',"
          " 't_' || lpad(i::text, 3, '0'), 't_' || lpad((i - 1)::text, 3, '0'), i,"
          " 'ix_' || lpad(i::text, 3, '0'), 't_' || lpad(i::text, 3, '0'));"
          " END LOOP; END $$"});
  core::Schema s = reflect(db, {"public"});
  CHECK(db.inspector().last_query_count() == one_table);
  REQUIRE(s.tables.size() == 201);
  const core::Table& t = s.tables[137];
  CHECK(t.name == "t_137");
  REQUIRE(t.foreign_keys.size() == 1);
  CHECK(t.foreign_keys[0].referred_table == "t_136");
  CHECK(t.foreign_keys[0].columns == std::vector<std::string>{"prev_id"});
  REQUIRE(t.check_constraints.size() == 1);
  CHECK(t.check_constraints[0].condition == "n > 137");
  REQUIRE(t.indexes.size() == 1);
  CHECK(t.indexes[0].name == "ix_137");
  REQUIRE(t.unique_constraints.size() == 1);
  CHECK(t.unique_constraints[0].columns == std::vector<std::string>{"code"});
  CHECK(t.columns.at(0).autoincrement == std::optional<bool>(true));
  for (const auto& table : s.tables) CHECK(table.columns.front().primary_key);
}

TEST_CASE("postgres inspector: a column's collation only when it is not its type's own") {
  TempDatabase db;
  db.run({"CREATE TABLE words (a text COLLATE \"C\", b text, c varchar(5) COLLATE \"POSIX\", n integer)"});
  core::Schema s = reflect(db, {"public"});
  REQUIRE(s.tables.size() == 1);
  const auto& cols = s.tables[0].columns;
  CHECK(cols[0].collation == std::optional<std::string>("C"));
  CHECK_FALSE(cols[1].collation.has_value());
  CHECK(cols[2].collation == std::optional<std::string>("POSIX"));
  CHECK_FALSE(cols[3].collation.has_value());
}

TEST_CASE("postgres inspector: a generated column is computed (STORED), not a default") {
  TempDatabase db;
  db.run({"CREATE TABLE lines (qty integer NOT NULL DEFAULT 1, price numeric(10,2),"
          " total numeric GENERATED ALWAYS AS (qty * price) STORED)"});
  core::Schema s = reflect(db, {"public"});
  REQUIRE(s.tables.size() == 1);
  const auto& cols = s.tables[0].columns;
  CHECK_FALSE(cols[0].computed.has_value());
  CHECK(cols[0].server_default == std::optional<std::string>("1"));
  REQUIRE(cols[2].computed.has_value());
  CHECK(cols[2].computed->persisted == std::optional<bool>(true));
  CHECK(cols[2].computed->sqltext.find("qty") != std::string::npos);
  CHECK_FALSE(cols[2].server_default.has_value());
}

}  // namespace postgresql_inspector_test
