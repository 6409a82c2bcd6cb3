// The dialects' own SQLAlchemy types (sqlalchemy.dialects.postgresql / mysql /
// sqlite) as strata types: the type as that database spells it, or the
// portable strata type that gives the same DDL there (postgresql.TIMESTAMP()
// is datetime, mysql.VARCHAR(length=20) is string(20)). The names a dialect
// only re-exports (postgresql.INTEGER is sa.INTEGER) are generic_type_rule's.
#include <map>

#include "core/text.h"
#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

TypeRule named(const std::string& function, std::vector<std::string> positional, std::string type) {
  return {{function, std::move(positional), false, {}, {}, {}}, [type](const Scope&, const Arguments&) { return type; }};
}

bool optional_flag(const Scope& scope, const Arguments& args, const char* name, const std::string& what) {
  const py::Node* n = args.get(name);
  return n && !is_none(scope, *n) && flag(scope, *n, what + " " + name);
}

std::string parenthesized(std::optional<int> a, std::optional<int> b = std::nullopt) {
  if (!a) return "";
  return "(" + std::to_string(*a) + (b ? "," + std::to_string(*b) : "") + ")";
}

// --- postgresql -----------------------------------------------------------------------

// TIMESTAMP(timezone=False, precision=None) / TIME(...): PostgreSQL's spelling.
TypeRule pg_zoned(const std::string& function, std::string base, std::string portable_plain, std::string portable_zoned) {
  return {{function, {"timezone", "precision"}, false, {}, {}, {}}, [=](const Scope& s, const Arguments& a) {
            const bool zoned = optional_flag(s, a, "timezone", function);
            const auto precision = optional_int(s, a, "precision", function);
            if (!precision && !(zoned ? portable_zoned : portable_plain).empty())
              return zoned ? portable_zoned : portable_plain;
            return base + parenthesized(precision) + (zoned ? " with time zone" : " without time zone");
          }};
}

// ENUM(*enums, name=, create_type=True): a type Alembic creates with the
// table unless create_type=False, when it must exist already; strata never
// creates types, so only the latter is translated, as the type's name.
TypeRule pg_enum() {
  Signature sig{"postgresql.ENUM", {}, true, {"name", "create_type", "schema", "native_enum"},
                {"metadata", "values_callable", "quote"}, {"validate_strings", "omit_aliases", "inherit_schema",
                                                           "_create_events", "sort_key_function"}};
  return {sig, [](const Scope& s, const Arguments& a) {
            const py::Node* create = a.get("create_type");
            if (!create || flag(s, *create, "postgresql.ENUM create_type"))
              refuse(a.call(), py::to_source(a.call()) + " creates its type (CREATE TYPE) with the table, which strata "
                                                         "does not do: write an execute and the type in the YAML");
            const py::Node* name = a.get("name");
            if (!name) refuse(a.call(), "postgresql.ENUM without a name");
            std::string type = text(s, *name, "postgresql.ENUM name");
            if (const py::Node* schema = a.get("schema"); schema && !is_none(s, *schema))
              type = text(s, *schema, "postgresql.ENUM schema") + "." + type;
            return type;
          }};
}

std::map<std::string, TypeRule, std::less<>> postgresql_rules() {
  std::map<std::string, TypeRule, std::less<>> r;
  for (const char* n : {"INET", "CIDR", "MACADDR", "MACADDR8", "MONEY", "OID", "REGCLASS", "TSVECTOR", "TSQUERY",
                        "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE", "CITEXT"})
    r.emplace(n, named(std::string("postgresql.") + n, {}, core::lower(n)));
  r.emplace("JSON", named("postgresql.JSON", {"none_as_null", "astext_type"}, "json"));
  r.emplace("JSONB", named("postgresql.JSONB", {"none_as_null", "astext_type"}, "jsonb"));
  r.emplace("HSTORE", named("postgresql.HSTORE", {"text_type"}, "hstore"));
  r.emplace("UUID", named("postgresql.UUID", {"as_uuid"}, "uuid"));
  r.emplace("BYTEA", named("postgresql.BYTEA", {"length"}, "bytea"));
  r.emplace("DOUBLE_PRECISION",
            named("postgresql.DOUBLE_PRECISION", {"precision", "asdecimal", "decimal_return_scale"}, "double precision"));
  r.emplace("TIMESTAMP", pg_zoned("postgresql.TIMESTAMP", "timestamp", "datetime", "datetime(timezone=true)"));
  r.emplace("TIME", pg_zoned("postgresql.TIME", "time", "time", ""));
  // BIT(length=None, varying=False)
  r.emplace("BIT", TypeRule{{"postgresql.BIT", {"length", "varying"}, false, {}, {}, {}},
                            [](const Scope& s, const Arguments& a) {
                              const bool varying = optional_flag(s, a, "varying", "postgresql.BIT");
                              return (varying ? "bit varying" : "bit") +
                                     parenthesized(optional_int(s, a, "length", "postgresql.BIT"));
                            }});
  // INTERVAL(precision=None, fields=None): `interval day to second(3)`.
  r.emplace("INTERVAL", TypeRule{{"postgresql.INTERVAL", {"precision", "fields"}, false, {}, {}, {}},
                                 [](const Scope& s, const Arguments& a) {
                                   std::string out = "interval";
                                   if (const py::Node* f = a.get("fields"); f && !is_none(s, *f))
                                     out += " " + core::lower(text(s, *f, "postgresql.INTERVAL fields"));
                                   return out + parenthesized(optional_int(s, a, "precision", "postgresql.INTERVAL"));
                                 }});
  r.emplace("ENUM", pg_enum());
  r.emplace("ARRAY", *generic_type_rule("ARRAY"));  // postgresql.ARRAY takes sa.ARRAY's arguments
  return r;
}

// --- mysql ----------------------------------------------------------------------------

// MySQL's numeric flags, as its DDL writes them after the type.
std::string mysql_flags(const Scope& s, const Arguments& a, const std::string& function) {
  return std::string(optional_flag(s, a, "unsigned", function) ? " unsigned" : "") +
         (optional_flag(s, a, "zerofill", function) ? " zerofill" : "");
}

// TINYINT(display_width=None, unsigned=False, zerofill=False), ...
TypeRule mysql_integer(const std::string& name, std::string portable) {
  const std::string function = "mysql." + name;
  return {{function, {"display_width"}, false, {"unsigned", "zerofill"}, {}, {}}, [=](const Scope& s, const Arguments& a) {
            const std::string width = parenthesized(optional_int(s, a, "display_width", function));
            const std::string flags = mysql_flags(s, a, function);
            if (width.empty() && flags.empty() && !portable.empty()) return portable;
            return core::lower(name) + width + flags;
          }};
}

// DECIMAL(precision=None, scale=None, asdecimal=True, unsigned=, zerofill=), FLOAT, DOUBLE, REAL, NUMERIC.
TypeRule mysql_real(const std::string& name, std::string portable) {
  const std::string function = "mysql." + name;
  return {{function, {"precision", "scale", "asdecimal"}, false, {"unsigned", "zerofill"}, {}, {}},
          [=](const Scope& s, const Arguments& a) {
            const auto precision = optional_int(s, a, "precision", function);
            // (Assigned, not a conditional expression: GCC 12 at -O2 then
            // wrongly warns that the optional may be used uninitialized.)
            std::optional<int> scale;
            if (precision) scale = optional_int(s, a, "scale", function);
            const std::string flags = mysql_flags(s, a, function);
            if (!portable.empty() && flags.empty()) return portable + parenthesized(precision, scale);
            return core::lower(name) + parenthesized(precision, scale) + flags;
          }};
}

// VARCHAR(length=None, charset=, collation=, ascii=, binary=, unicode=, national=), CHAR, TEXT...
TypeRule mysql_string(const std::string& name, std::string spelled, std::string portable) {
  const std::string function = "mysql." + name;
  return {{function, {"length"}, false, {}, {"charset", "collation", "ascii", "binary", "unicode", "national"}, {}},
          [=](const Scope& s, const Arguments& a) {
            const std::string length = parenthesized(optional_int(s, a, "length", function));
            if (!portable.empty()) return portable + length;
            return spelled + length;
          }};
}

// DATETIME(timezone=False, fsp=None), TIMESTAMP, TIME: fractional seconds as
// `timestamp(3)`; strata reads any `datetime(...)` as its portable type, which
// takes timezone= only, so DATETIME(6) has no spelling.
TypeRule mysql_temporal(const std::string& name, std::string portable) {
  const std::string function = "mysql." + name;
  return {{function, {"timezone", "fsp"}, false, {}, {}, {}}, [=](const Scope& s, const Arguments& a) {
            const std::string fsp = parenthesized(optional_int(s, a, "fsp", function));
            if (fsp.empty()) return portable;
            if (portable == "datetime")
              refuse(a.call(), function + "(fsp=...): strata reads datetime(...) as its portable type, which has no "
                                          "fractional seconds");
            return core::lower(name) + fsp;
          }};
}

std::map<std::string, TypeRule, std::less<>> mysql_rules() {
  std::map<std::string, TypeRule, std::less<>> r;
  r.emplace("TINYINT", mysql_integer("TINYINT", ""));
  r.emplace("SMALLINT", mysql_integer("SMALLINT", "smallinteger"));
  r.emplace("MEDIUMINT", mysql_integer("MEDIUMINT", ""));
  r.emplace("INTEGER", mysql_integer("INTEGER", "integer"));
  r.emplace("BIGINT", mysql_integer("BIGINT", "biginteger"));
  r.emplace("NUMERIC", mysql_real("NUMERIC", "numeric"));
  r.emplace("DECIMAL", mysql_real("DECIMAL", ""));
  r.emplace("DOUBLE", mysql_real("DOUBLE", ""));
  r.emplace("REAL", mysql_real("REAL", ""));
  r.emplace("FLOAT", mysql_real("FLOAT", ""));
  r.emplace("VARCHAR", mysql_string("VARCHAR", "varchar", "string"));
  r.emplace("CHAR", mysql_string("CHAR", "char", ""));
  r.emplace("NVARCHAR", mysql_string("NVARCHAR", "national varchar", ""));
  r.emplace("NCHAR", mysql_string("NCHAR", "national char", ""));
  r.emplace("TEXT", mysql_string("TEXT", "text", ""));
  for (const char* n : {"TINYTEXT", "MEDIUMTEXT", "LONGTEXT"}) r.emplace(n, mysql_string(n, core::lower(n), ""));
  for (const char* n : {"TINYBLOB", "MEDIUMBLOB", "LONGBLOB"})
    r.emplace(n, named(std::string("mysql.") + n, {}, core::lower(n)));
  r.emplace("DATETIME", mysql_temporal("DATETIME", "datetime"));
  r.emplace("TIMESTAMP", mysql_temporal("TIMESTAMP", "timestamp"));
  r.emplace("TIME", mysql_temporal("TIME", "time"));
  r.emplace("YEAR", TypeRule{{"mysql.YEAR", {"display_width"}, false, {}, {}, {}}, [](const Scope& s, const Arguments& a) {
                               return "year" + parenthesized(optional_int(s, a, "display_width", "mysql.YEAR"));
                             }});
  r.emplace("BIT", TypeRule{{"mysql.BIT", {"length"}, false, {}, {}, {}}, [](const Scope& s, const Arguments& a) {
                              return "bit" + parenthesized(optional_int(s, a, "length", "mysql.BIT"));
                            }});
  r.emplace("JSON", named("mysql.JSON", {"none_as_null"}, "json"));
  return r;
}

// --- sqlite ---------------------------------------------------------------------------

// DATETIME(storage_format=, regexp=, truncate_microseconds=) and the others:
// the keywords shape the Python values only; the DDL is the plain name.
std::map<std::string, TypeRule, std::less<>> sqlite_rules() {
  std::map<std::string, TypeRule, std::less<>> r;
  auto temporal = [](const std::string& name, std::string type) {
    return TypeRule{{"sqlite." + name, {}, false, {}, {}, {"storage_format", "regexp", "truncate_microseconds", "timezone"}},
                    [type](const Scope&, const Arguments&) { return type; }};
  };
  r.emplace("DATETIME", temporal("DATETIME", "datetime"));
  r.emplace("DATE", temporal("DATE", "date"));
  r.emplace("TIME", temporal("TIME", "time"));
  r.emplace("JSON", named("sqlite.JSON", {"none_as_null"}, "json"));
  return r;
}

}  // namespace

const TypeRule* dialect_type_rule(std::string_view dialect, std::string_view name) {
  static const std::map<std::string, std::map<std::string, TypeRule, std::less<>>, std::less<>> rules = {
      {"postgresql", postgresql_rules()}, {"mysql", mysql_rules()}, {"sqlite", sqlite_rules()}};
  auto d = rules.find(dialect);
  if (d == rules.end()) return nullptr;
  auto t = d->second.find(name);
  return t == d->second.end() ? nullptr : &t->second;
}

}  // namespace strata::versions::alembic
