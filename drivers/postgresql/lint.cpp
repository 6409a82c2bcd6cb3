// PostgreSQL's lint rules (SPEC §10.4): which statements lock an existing
// table against its readers or writers for as long as they scan or rewrite
// it. Each rule cites the page of the PostgreSQL 15 manual that says so.
#include <cctype>
#include <string>

#include "core/lint_scope.h"
#include "drivers/postgresql/dialect.h"

namespace strata::drivers::postgresql {

namespace {

// "character varying(100)" -> {"character varying", 100}; no argument: -1.
struct TypeShape {
  std::string base;
  int first = -1, second = -1;
};

TypeShape shape(const std::string& type) {
  TypeShape s;
  auto open = type.find('(');
  for (char c : type.substr(0, open)) s.base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!s.base.empty() && s.base.back() == ' ') s.base.pop_back();
  if (s.base == "varchar") s.base = "character varying";
  if (s.base == "decimal") s.base = "numeric";
  if (open == std::string::npos || type.back() != ')') return s;
  std::string args = type.substr(open + 1, type.size() - open - 2);
  try {
    auto comma = args.find(',');
    s.first = std::stoi(args.substr(0, comma));
    if (comma != std::string::npos) s.second = std::stoi(args.substr(comma + 1));
  } catch (const std::exception&) {
    s.first = s.second = -2;  // not numbers: compared as text only
  }
  return s;
}

// ALTER TABLE, Notes: a type change rewrites the table and its indexes
// unless the old type is binary coercible to the new one (the USING clause
// strata writes only casts). Those strata knows: widening or unbounding a
// varchar, varchar <-> text, a wider numeric of the same scale, or unbounding
// it. https://www.postgresql.org/docs/15/sql-altertable.html#SQL-ALTERTABLE-NOTES
bool binary_coercible(const std::string& from, const std::string& to) {
  if (from == to) return true;
  const TypeShape a = shape(from), b = shape(to);
  const bool a_text = a.base == "text" || (a.base == "character varying" && a.first == -1);
  const bool b_text = b.base == "text" || (b.base == "character varying" && b.first == -1);
  if (b_text && (a_text || a.base == "character varying")) return true;
  if (a.base == "character varying" && b.base == "character varying") return a.first >= 0 && b.first >= a.first;
  if (a.base == "numeric" && b.base == "numeric") {
    if (b.first == -1) return true;
    return a.first >= 0 && b.first >= a.first && a.second == b.second;
  }
  return false;
}

// Functions whose default is computed per row (pg_proc.provolatile = 'v'
// among those a default commonly calls): ALTER TABLE, Notes: "if the
// default is volatile ... each row will need to be updated with the value
// calculated at the time ALTER TABLE is executed" (a rewrite).
bool volatile_default(const std::string& expression) {
  std::string l;
  for (char c : expression) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* f : {"random(", "gen_random_uuid(", "uuid_generate_v1", "uuid_generate_v4(", "clock_timestamp(",
                        "timeofday(", "nextval("})
    if (l.find(f) != std::string::npos) return true;
  return false;
}

}  // namespace

std::vector<core::LintHit> PostgresDialect::lint(const core::Op& op, const core::LintScope& scope) const {
  std::vector<core::LintHit> out;
  auto existing = [&](const std::string& schema, const std::string& table) { return scope.existing(schema, table); };
  if (const auto* c = std::get_if<core::CreateIndex>(&op)) {
    // CREATE INDEX: "locks the table to be indexed against writes and
    // performs the entire index build with a single scan of the table".
    // https://www.postgresql.org/docs/15/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
    if (c->concurrently && scope.transactional)
      out.push_back({"pg-concurrently-in-transaction",
                     "builds index " + c->name + " concurrently in a transactional revision, which PostgreSQL "
                     "refuses (CREATE INDEX CONCURRENTLY cannot run inside a transaction block); mark the "
                     "revision transactional: false"});
    else if (!c->concurrently && existing(c->schema, c->table))
      out.push_back({"pg-index-not-concurrent",
                     "builds index " + c->name + " on existing table " + c->table +
                         " while blocking its writes; build it with concurrently: true in a transactional: false "
                         "revision"});
  } else if (const auto* d = std::get_if<core::DropIndex>(&op)) {
    // DROP INDEX: "A normal DROP INDEX acquires an ACCESS EXCLUSIVE lock on
    // the table, blocking other accesses until the index drop can be completed."
    // https://www.postgresql.org/docs/15/sql-dropindex.html
    if (d->concurrently && scope.transactional)
      out.push_back({"pg-concurrently-in-transaction",
                     "drops index " + d->name + " concurrently in a transactional revision, which PostgreSQL "
                     "refuses; mark the revision transactional: false"});
    else if (!d->concurrently && existing(d->schema, d->table))
      out.push_back({"pg-drop-index-not-concurrent",
                     "drops index " + d->name + " under an ACCESS EXCLUSIVE lock on its table; drop it with "
                     "concurrently: true in a transactional: false revision"});
  } else if (const auto* f = std::get_if<core::CreateForeignKey>(&op)) {
    // ADD FOREIGN KEY scans the table to check every row, under SHARE ROW
    // EXCLUSIVE on both tables, unless NOT VALID; VALIDATE CONSTRAINT later
    // takes only SHARE UPDATE EXCLUSIVE. https://www.postgresql.org/docs/15/sql-altertable.html
    if (!f->not_valid && existing(f->schema, f->table))
      out.push_back({"pg-constraint-not-valid",
                     "adds foreign key " + f->key.name + " to existing table " + f->table +
                         ", checking every row while writes wait; add it with not_valid: true and "
                         "validate_constraint it in a later revision"});
  } else if (const auto* k = std::get_if<core::CreateCheckConstraint>(&op)) {
    // ADD CHECK scans the table under ACCESS EXCLUSIVE unless NOT VALID (same page).
    if (!k->not_valid && existing(k->schema, k->table))
      out.push_back({"pg-constraint-not-valid",
                     "adds check constraint " + k->name + " to existing table " + k->table +
                         ", checking every row under an ACCESS EXCLUSIVE lock; add it with not_valid: true and "
                         "validate_constraint it in a later revision"});
  } else if (const auto* u = std::get_if<core::CreateUniqueConstraint>(&op)) {
    // ADD UNIQUE builds its index under ACCESS EXCLUSIVE; ADD table_constraint
    // USING INDEX adopts one built CONCURRENTLY (same page).
    if (existing(u->schema, u->table))
      out.push_back({"pg-unique-constraint",
                     "adds unique constraint " + u->name + " to existing table " + u->table +
                         ", building its index under an ACCESS EXCLUSIVE lock; create a unique index concurrently "
                         "instead (and add the constraint USING INDEX in raw SQL if a constraint is needed)"});
  } else if (const auto* p = std::get_if<core::CreatePrimaryKey>(&op)) {
    if (existing(p->schema, p->table))
      out.push_back({"pg-primary-key",
                     "adds primary key " + p->name + " to existing table " + p->table +
                         ", building its index under an ACCESS EXCLUSIVE lock; build a unique index concurrently "
                         "first and add the key USING INDEX in raw SQL"});
  } else if (const auto* a = std::get_if<core::AlterColumn>(&op)) {
    if (!a->type || !existing(a->schema, a->table)) return out;
    std::string old_type = a->existing_type.value_or("");
    if (const core::Table* t = scope.table(a->schema, a->table))
      for (const auto& c : t->columns)
        if (c.name == a->name) old_type = c.type;
    if (!old_type.empty() && binary_coercible(sql_type(old_type), sql_type(*a->type))) return out;
    out.push_back({"pg-type-rewrite",
                   "changes " + a->table + "." + a->name + " to " + *a->type +
                       (old_type.empty() ? " from a type strata does not know, which may rewrite"
                                         : " from " + old_type + ", which rewrites") +
                       " the table and its indexes under an ACCESS EXCLUSIVE lock; add a new column, backfill it "
                       "and switch over instead"});
  } else if (const auto* c = std::get_if<core::AddColumn>(&op)) {
    if (existing(c->schema, c->table) && c->column.server_default && volatile_default(*c->column.server_default))
      out.push_back({"pg-volatile-default",
                     "adds " + c->table + "." + c->column.name + " with the volatile default " +
                         *c->column.server_default +
                         ", which rewrites the table under an ACCESS EXCLUSIVE lock; add it without a default, "
                         "set the default, then backfill in batches"});
  }
  return out;
}

}  // namespace strata::drivers::postgresql
