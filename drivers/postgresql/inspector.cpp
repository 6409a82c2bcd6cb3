// PostgreSQL reflection: five bulk queries on pg_catalog for every table of
// the requested schemas (tables, columns, constraints, indexes, enum types), grouped in
// C++ by table oid. Arrays (conkey, confkey, indkey) are expanded in SQL to
// one row per key position, so no name is ever split out of a joined string.
// Needs PostgreSQL 12 or later (attgenerated, indnkeyatts, conparentid).
#include "drivers/postgresql/inspector.h"
#include "core/text.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "drivers/common/soci_session.h"
#include "drivers/common/sql_dialect.h"

namespace strata::drivers::postgresql {

using core::trim;

namespace {

using Row = std::vector<std::optional<std::string>>;

std::string text(const Row& row, std::size_t i) { return i < row.size() ? row[i].value_or("") : ""; }

// An escape-string literal, E'...': it means the same whatever
// standard_conforming_strings is, so schema names (user data) stay data.
std::string literal(const std::string& s) {
  std::string out = "E'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

std::string schema_array(const std::vector<std::string>& schemas) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < schemas.size(); ++i) out += (i ? ", " : "") + literal(schemas[i]);
  return out + "]::text[]";
}

// The index of the ')' closing the '(' at s[open], skipping '...' literals
// and "..." identifiers (their quotes are doubled inside); npos if unclosed.
std::size_t closing_paren(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      for (++i; i < s.size(); ++i) {
        if (s[i] != c) continue;
        if (i + 1 < s.size() && s[i + 1] == c) {
          ++i;
          continue;
        }
        break;
      }
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i;
  }
  return std::string::npos;
}

// pg_get_constraintdef's "CHECK ((price > (0)::numeric)) NOT VALID" ->
// "price > (0)::numeric": the text inside CHECK (...), whatever follows it
// (NOT VALID, NO INHERIT) dropped, and without the one pair of parentheses
// PostgreSQL wraps around the whole expression (as Alembic reflects it).
std::string check_condition(const std::string& def) {
  std::size_t open = def.find('(');
  std::size_t close = open == std::string::npos ? open : closing_paren(def, open);
  if (close == std::string::npos) return def;
  std::string expr = trim(def.substr(open + 1, close - open - 1));
  if (!expr.empty() && expr.front() == '(' && closing_paren(expr, 0) == expr.size() - 1)
    expr = trim(expr.substr(1, expr.size() - 2));
  return expr;
}

// pg_constraint.confupdtype / confdeltype.
std::string fk_action(const std::string& code) {
  if (code == "r") return "RESTRICT";
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  return "";  // "a": NO ACTION
}

// A serial's default, exactly: nextval('<sequence>'::regclass), the
// sequence literal read to its closing quote (quotes inside are doubled).
bool is_serial_default(const std::string& expr) {
  const std::string head = "nextval('", tail = "::regclass)";
  if (expr.compare(0, head.size(), head) != 0) return false;
  std::size_t i = head.size();
  for (; i < expr.size(); ++i) {
    if (expr[i] != '\'') continue;
    if (i + 1 < expr.size() && expr[i + 1] == '\'') {
      ++i;
      continue;
    }
    break;
  }
  return i < expr.size() && expr.compare(i + 1, std::string::npos, tail) == 0;
}

// "public" is the default schema: reflected as "".
std::string schema_of(const std::string& nspname) { return nspname == "public" ? "" : nspname; }

template <class T>
void sort_by_name(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

core::Schema PostgresInspector::reflect(const core::ReflectOptions& options) {
  query_count_ = 0;
  core::Schema schema;
  if (options.schemas.empty()) return schema;

  auto query = [&](const std::string& sql) {
    ++query_count_;
    try {
      return session_.query_rows(sql);
    } catch (const core::DatabaseError& e) {
      throw core::DatabaseError(std::string("reflecting the PostgreSQL schema: ") + e.what());
    }
  };
  // The reflected tables: ordinary ones only. Partitioned tables and their
  // partitions are not managed (docs/decisions.md), as views are not; nor
  // are the tables an extension owns (PostGIS's spatial_ref_sys): DROP
  // EXTENSION drops those, so a migration must never propose dropping them.
  const std::string of_tables = " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                                " WHERE c.relkind = 'r' AND NOT c.relispartition"
                                " AND n.nspname::text = ANY(" + schema_array(options.schemas) + ")"
                                " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e"
                                "   WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid"
                                "   AND e.deptype = 'e')";

  // 1. Tables and their comments.
  std::unordered_map<std::string, core::Table> tables;  // by oid
  for (const auto& r : query("SELECT c.oid::text, n.nspname::text, c.relname::text,"
                             " pg_catalog.obj_description(c.oid, 'pg_class')"
                             " FROM pg_catalog.pg_class c" + of_tables)) {
    core::Table& t = tables[text(r, 0)];
    t.schema = schema_of(text(r, 1));
    t.name = text(r, 2);
    t.comment = r[3];
  }

  // 2. Columns in attnum order, with default, identity and comment, and the
  // sequence the column owns: a serial's (OWNED BY, deptype 'a') or an
  // identity's (deptype 'i'), with its start and increment. A default holds
  // no column reference (PostgreSQL refuses one), so it is deparsed with no
  // relation (relid 0), which skips a relation lookup per default and halves
  // the query on a thousand tables; a generated column's expression does
  // name columns and gets its table. The comment is a join, not
  // col_description(), which PostgreSQL runs as a query per column.
  for (const auto& r : query("SELECT a.attrelid::text, a.attname::text,"
                             " pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull::text,"
                             " pg_catalog.pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END),"
                             " a.attidentity::text, a.attgenerated::text, dsc.description,"
                             " seq.seqstart::text, seq.seqincrement::text, (seq.seqrelid IS NOT NULL)::text,"
                             " tn.nspname::text, ty.typname::text,"
                             " (SELECT co.collname::text FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation"
                             "   AND a.attcollation <> (SELECT t2.typcollation FROM pg_catalog.pg_type t2"
                             "   WHERE t2.oid = a.atttypid))"
                             " FROM pg_catalog.pg_attribute a"
                             " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                             " LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid AND ty.typtype = 'e'"
                             " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = ty.typnamespace"
                             " LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = a.attrelid"
                             "   AND dsc.classoid = 'pg_catalog.pg_class'::regclass AND dsc.objsubid = a.attnum"
                             " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                             " LEFT JOIN LATERAL (SELECT s.seqrelid, s.seqstart, s.seqincrement"
                             "   FROM pg_catalog.pg_depend sd JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid"
                             "   WHERE sd.classid = 'pg_catalog.pg_class'::regclass"
                             "   AND sd.refclassid = 'pg_catalog.pg_class'::regclass AND sd.refobjid = a.attrelid"
                             "   AND sd.refobjsubid = a.attnum AND sd.deptype IN ('a', 'i')"
                             "   ORDER BY sd.objid LIMIT 1) seq ON true" +
                             of_tables + " AND a.attnum > 0 AND NOT a.attisdropped"
                             " ORDER BY a.attrelid, a.attnum")) {
    auto it = tables.find(text(r, 0));
    if (it == tables.end()) continue;  // created after query 1
    core::Column c;
    c.name = text(r, 1);
    c.type = text(r, 2);
    c.nullable = text(r, 3) != "true";
    const std::optional<std::string>& dflt = r[4];
    const bool owns_sequence = text(r, 10) == "true";
    if (const std::string identity = text(r, 5); !identity.empty()) {
      c.autoincrement = true;
      core::Identity id;
      id.always = identity == "a";
      // Start and increment only when not PostgreSQL's defaults (1 and 1).
      if (text(r, 8) != "1" && !text(r, 8).empty()) id.start = std::stoll(text(r, 8));
      if (text(r, 9) != "1" && !text(r, 9).empty()) id.increment = std::stoll(text(r, 9));
      c.identity = id;
    } else if (dflt && owns_sequence && is_serial_default(*dflt)) {
      // A serial: nextval() of a sequence OWNED BY the column. A nextval()
      // of any other sequence is a default like any other.
      c.autoincrement = true;
    } else if (text(r, 6).empty()) {
      c.server_default = dflt;  // a generated column's expression is no default
    } else if (text(r, 6) == "s" && dflt) {
      c.computed = core::Computed{*dflt, true};  // GENERATED ALWAYS AS (...) STORED
    }
    c.comment = r[7];
    if (r.size() > 13) c.collation = r[13];  // only one that is not the type's own
    // An enum column names its type as a models file does (core/enums.h):
    // bare in the table's own schema, else schema-qualified, whatever
    // search_path makes format_type() print.
    if (r.size() > 12 && r[12])
      c.type = schema_of(text(r, 11)) == it->second.schema ? text(r, 12) : text(r, 11) + "." + text(r, 12);
    it->second.columns.push_back(std::move(c));
  }

  // 3. Primary keys, unique constraints, foreign keys and checks: one row per
  // key position (conkey and confkey side by side), checks as one row.
  // conparentid <> 0 are the clones a foreign key to a partitioned table
  // gets for each partition.
  struct Constraint {
    std::string relid, name, type, referred_schema, referred_table, onupdate, ondelete, definition;
    std::vector<std::string> columns, referred_columns;
  };
  std::vector<Constraint> constraints;
  std::string last_oid;
  for (const auto& r : query("SELECT con.oid::text, con.conrelid::text, con.conname::text, con.contype::text,"
                             " a.attname::text, fn.nspname::text, fc.relname::text, fa.attname::text,"
                             " con.confupdtype::text, con.confdeltype::text,"
                             " CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END"
                             " FROM pg_catalog.pg_constraint con"
                             " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
                             " LEFT JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY"
                             "   AS k(attnum, fattnum, ord) ON con.contype <> 'c'"
                             " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
                             " LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid"
                             " LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace"
                             " LEFT JOIN pg_catalog.pg_attribute fa"
                             "   ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum" +
                             of_tables + " AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0"
                             " ORDER BY con.oid, k.ord")) {
    if (constraints.empty() || text(r, 0) != last_oid) {
      last_oid = text(r, 0);
      Constraint& k = constraints.emplace_back();
      k.relid = text(r, 1);
      k.name = text(r, 2);
      k.type = text(r, 3);
      k.referred_schema = text(r, 5);  // the raw name; made relative below
      k.referred_table = text(r, 6);
      k.onupdate = fk_action(text(r, 8));
      k.ondelete = fk_action(text(r, 9));
      k.definition = text(r, 10);
    }
    Constraint& k = constraints.back();
    if (r[4]) k.columns.push_back(*r[4]);
    if (r[7]) k.referred_columns.push_back(*r[7]);
  }
  for (auto& k : constraints) {
    auto it = tables.find(k.relid);
    if (it == tables.end()) continue;
    core::Table& t = it->second;
    if (k.type == "p") {
      // The name as it is, <table>_pkey included: `inspect` writes every
      // name, so a table built from its output gets the same key name
      // whatever the pk convention says (the differ compares no key names).
      core::set_primary_key(t, k.columns, k.name);
    } else if (k.type == "u") {
      core::UniqueConstraint u;
      u.name = k.name;
      u.columns = std::move(k.columns);
      t.unique_constraints.push_back(std::move(u));
    } else if (k.type == "f") {
      core::ForeignKey fk;
      fk.name = k.name;
      fk.columns = std::move(k.columns);
      // "" when the referred table is in the referring table's own schema
      // (core/schema.h); otherwise its schema's name, "public" included.
      fk.referred_schema = schema_of(k.referred_schema) == t.schema ? "" : k.referred_schema;
      fk.referred_table = k.referred_table;
      fk.referred_columns = std::move(k.referred_columns);
      fk.ondelete = k.ondelete;
      fk.onupdate = k.onupdate;
      t.foreign_keys.push_back(std::move(fk));
    } else {
      core::CheckConstraint ck;
      ck.name = k.name;
      ck.condition = check_condition(k.definition);
      t.check_constraints.push_back(std::move(ck));
    }
  }

  // 4. Indexes not behind a primary key, unique or exclusion constraint (a
  // foreign key's conindid is the referred table's index: not ours), one row
  // per key column (INCLUDE columns left out). An expression key is
  // deparsed alone (pg_get_indexdef with a column number); the operator
  // class only when it is not the default for its type; DESC from indoption.
  std::string last_index;
  for (const auto& r : query("SELECT i.indexrelid::text, i.indrelid::text, ic.relname::text, i.indisunique::text,"
                             " pg_catalog.pg_get_expr(i.indpred, i.indrelid),"
                             " CASE WHEN i.indkey[k.ord - 1] = 0"
                             "   THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.ord, true) END,"
                             " a.attname::text, am.amname::text,"
                             " CASE WHEN NOT opc.opcdefault THEN"
                             "   CASE WHEN opn.nspname = 'pg_catalog' THEN opc.opcname::text"
                             "   ELSE opn.nspname::text || '.' || opc.opcname::text END END,"
                             " (i.indoption[k.ord - 1] & 1)::text"
                             " FROM pg_catalog.pg_index i"
                             " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                             " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
                             " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
                             " CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(ord)"
                             " LEFT JOIN pg_catalog.pg_attribute a"
                             "   ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.ord - 1]"
                             " LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.ord - 1]"
                             " LEFT JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace" +
                             of_tables + " AND NOT i.indisprimary"
                             " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x"
                             "   WHERE x.conindid = i.indexrelid AND x.conrelid = i.indrelid"
                             "   AND x.contype IN ('p', 'u', 'x'))"
                             " ORDER BY i.indexrelid, k.ord")) {
    auto it = tables.find(text(r, 1));
    if (it == tables.end()) continue;
    core::Table& t = it->second;
    if (t.indexes.empty() || text(r, 0) != last_index) {
      last_index = text(r, 0);
      core::Index& ix = t.indexes.emplace_back();
      ix.name = text(r, 2);
      ix.unique = text(r, 3) == "true";
      ix.where = r[4];
      ix.method = text(r, 7) == "btree" ? "" : text(r, 7);
    }
    core::IndexElement key = r[5] ? core::IndexElement::of_expression(*r[5]) : core::IndexElement(text(r, 6));
    key.opclass = text(r, 8);
    key.descending = text(r, 9) == "1";
    t.indexes.back().columns.push_back(std::move(key));
  }

  // 5. Enum types of the schemas, values in their sort order; those that
  // belong to an extension are the extension's, never ours to drop.
  for (const auto& r : query("SELECT n.nspname::text, t.typname::text, e.enumlabel::text"
                             " FROM pg_catalog.pg_type t"
                             " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                             " JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid"
                             " WHERE t.typtype = 'e' AND n.nspname::text = ANY(" + schema_array(options.schemas) + ")"
                             " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
                             "   WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid"
                             "   AND d.deptype = 'e')"
                             " ORDER BY n.nspname, t.typname, e.enumsortorder")) {
    if (schema.enums.empty() || schema.enums.back().schema != schema_of(text(r, 0)) ||
        schema.enums.back().name != text(r, 1))
      schema.enums.push_back({text(r, 1), schema_of(text(r, 0)), {}});
    schema.enums.back().values.push_back(text(r, 2));
  }

  schema.tables.reserve(tables.size());
  for (auto& [oid, t] : tables) {
    sort_by_name(t.indexes);
    sort_by_name(t.unique_constraints);
    sort_by_name(t.check_constraints);
    sort_by_name(t.foreign_keys);
    common::SqlDialect::mark_plain_integer_key(t);
    schema.tables.push_back(std::move(t));
  }
  std::sort(schema.tables.begin(), schema.tables.end(), [](const core::Table& a, const core::Table& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
  return schema;
}

}  // namespace strata::drivers::postgresql
