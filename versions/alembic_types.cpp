// SQLAlchemy's generic types (sqlalchemy.types) as strata types (SPEC §4).
//
// The rule: a portable strata type where it gives the DDL SQLAlchemy gives on
// both SQLite and PostgreSQL (sa.DateTime(timezone=True) is TIMESTAMP WITH
// TIME ZONE and DATETIME, and so is datetime(timezone=true)); else the native
// type as SQLAlchemy spells it, where that spelling is the same on both
// (sa.CHAR(3) -> char(3)); a type whose DDL differs between the two and that
// no strata type matches (sa.Interval: INTERVAL and DATETIME) is refused.
// Keywords that only change Python-side behaviour (asdecimal=,
// none_as_null=) are accepted and left out.
#include <map>

#include "core/column_type.h"
#include "core/text.h"
#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

using Kind = py::Node::Kind;
using core::join;
using core::upper;

// A fixed strata type, whatever the arguments of a constructor without any.
TypeRule fixed(const std::string& function, std::string type) {
  return {{function, {}, false, {}, {}, {}}, [type](const Scope&, const Arguments&) { return type; }};
}

void refuse_if_given(const Scope& scope, const Arguments& args, const char* name, const std::string& function) {
  if (const py::Node* n = args.get(name); n && !is_none(scope, *n))
    refuse(*n, function + ": '" + name + "' has no strata equivalent");
}

bool optional_flag(const Scope& scope, const Arguments& args, const char* name, bool fallback, const std::string& what) {
  const py::Node* n = args.get(name);
  if (!n || is_none(scope, *n)) return fallback;
  return flag(scope, *n, what + " " + name);
}

std::string with_length(const std::string& base, std::optional<int> length) {
  return length ? base + "(" + std::to_string(*length) + ")" : base;
}

// String(length=None, collation=None); VARCHAR and Unicode take the same.
TypeRule string_rule(const std::string& function) {
  return {{function, {"length", "collation"}, false, {}, {}, {}}, [function](const Scope& s, const Arguments& a) {
            refuse_if_given(s, a, "collation", function);
            return with_length("string", optional_int(s, a, "length", function));
          }};
}

// A native type written `name` or `name(length)` (CHAR, BINARY, Text(n)).
TypeRule sized_rule(const std::string& function, std::string native, bool collation) {
  std::vector<std::string> positional{"length"};
  if (collation) positional.push_back("collation");
  return {{function, positional, false, {}, {}, {}}, [function, native](const Scope& s, const Arguments& a) {
            refuse_if_given(s, a, "collation", function);
            return with_length(native, optional_int(s, a, "length", function));
          }};
}

// Text(length=None, collation=None): TEXT, or TEXT(n) as written on both.
TypeRule text_rule(const std::string& function) {
  return {{function, {"length", "collation"}, false, {}, {}, {}}, [function](const Scope& s, const Arguments& a) {
            refuse_if_given(s, a, "collation", function);
            auto length = optional_int(s, a, "length", function);
            return length ? "text(" + std::to_string(*length) + ")" : std::string("text");
          }};
}

// Numeric(precision=None, scale=None, decimal_return_scale=None, asdecimal=True):
// NUMERIC, NUMERIC(p), NUMERIC(p, s); a scale without precision is not rendered.
TypeRule numeric_rule(const std::string& function, std::string base) {
  return {{function, {"precision", "scale", "decimal_return_scale", "asdecimal"}, false, {}, {}, {}},
          [function, base](const Scope& s, const Arguments& a) {
            auto precision = optional_int(s, a, "precision", function);
            if (!precision) return base;
            std::optional<int> scale;
            if (const py::Node* n = a.get("scale"); n && !is_none(s, *n)) {
              auto digits = python_int(s.value(*n));
              if (!digits || (*digits)[0] == '-' || digits->size() > 9)
                refuse(*n, function + " scale must be an integer, not " + py::to_source(*n));
              scale = std::stoi(*digits);
              if (*scale > *precision) refuse(*n, function + ": the scale is larger than the precision");
            }
            return base + "(" + std::to_string(*precision) + (scale ? "," + std::to_string(*scale) : "") + ")";
          }};
}

// Float(precision=None, asdecimal=False, decimal_return_scale=None): FLOAT on
// both; with a precision, FLOAT(p) on PostgreSQL (24 or less: a REAL) but
// FLOAT on SQLite.
TypeRule float_rule(const std::string& function) {
  return {{function, {"precision", "asdecimal", "decimal_return_scale"}, false, {}, {}, {}},
          [function](const Scope& s, const Arguments& a) {
            if (const py::Node* n = a.get("precision"); n && !is_none(s, *n))
              refuse(*n, function + "(precision=...) is FLOAT(p) on PostgreSQL and FLOAT on SQLite: no strata type is "
                                    "both; write the column's type in the YAML (float, real or double precision)");
            return std::string("float");
          }};
}

// DateTime(timezone=False) and DATETIME: datetime / datetime(timezone=true).
TypeRule datetime_rule(const std::string& function) {
  return {{function, {"timezone"}, false, {}, {}, {}}, [function](const Scope& s, const Arguments& a) {
            return optional_flag(s, a, "timezone", false, function) ? std::string("datetime(timezone=true)")
                                                                     : std::string("datetime");
          }};
}

// Time(timezone=False) / TIMESTAMP(timezone=False): WITH TIME ZONE exists on
// PostgreSQL only; SQLite's DDL drops it, so no one strata type is both.
TypeRule zoned_rule(const std::string& function, std::string plain, std::string postgresql) {
  return {{function, {"timezone"}, false, {}, {}, {}}, [=](const Scope& s, const Arguments& a) {
            if (optional_flag(s, a, "timezone", false, function))
              refuse(a.call(), function + "(timezone=True) is " + postgresql + " on PostgreSQL and " + upper(plain) +
                                   " on SQLite: no strata type is both; write the column's type in the YAML");
            return plain;
          }};
}

// Boolean(create_constraint=False, name=None): BOOLEAN; strata's boolean has
// no CHECK (x IN (0, 1)), so create_constraint=True is refused.
TypeRule boolean_rule(const std::string& function) {
  return {{function, {"create_constraint", "name"}, false, {}, {}, {"_create_events"}},
          [function](const Scope& s, const Arguments& a) {
            if (optional_flag(s, a, "create_constraint", false, function))
              refuse(*a.get("create_constraint"),
                     function + "(create_constraint=True) adds a CHECK strata's boolean does not have");
            return std::string("boolean");
          }};
}

size_t code_points(const std::string& utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

// An enum value as strata's enum(...) reads it back: plain, or quoted.
std::string enum_value(const std::string& v) {
  bool plain = !v.empty();
  for (unsigned char c : v) plain = plain && (std::isalnum(c) || c == '_');
  if (plain) return v;
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Enum(*enums, name=, native_enum=True, create_constraint=False, length=, ...).
// The native kind (the default) is CREATE TYPE on PostgreSQL and a VARCHAR
// on SQLite: strata has no such type (docs/decisions.md: its enum is the
// non-native kind everywhere), so it is refused. The non-native kind is
// VARCHAR(longest value) on both, with a CHECK when create_constraint=True:
// strata's string(n), or its enum(...).
TypeRule enum_rule(const std::string& function) {
  Signature sig{function, {}, true, {"name", "native_enum", "create_constraint", "length", "schema", "inherit_schema"},
                {"metadata", "values_callable", "quote"}, {"validate_strings", "omit_aliases", "sort_key_function",
                                                            "_create_events"}};
  return {sig, [function](const Scope& s, const Arguments& a) {
            std::vector<std::string> values;
            for (const py::Node* n : a.rest()) values.push_back(text(s, *n, function + " value"));
            if (values.empty()) refuse(a.call(), function + " without literal values (a Python enum class?)");
            if (optional_flag(s, a, "native_enum", true, function))
              refuse(a.call(), py::to_source(a.call()) + " is a native type on PostgreSQL (CREATE TYPE) and a VARCHAR on "
                                                         "SQLite; strata's enum(...) is a VARCHAR with a CHECK on both: "
                                                         "write the column's type in the YAML");
            size_t longest = 0;
            bool ascii = true;
            for (const auto& v : values) {
              longest = std::max(longest, code_points(v));
              ascii = ascii && code_points(v) == v.size();
            }
            size_t length = longest;
            if (auto given = optional_int(s, a, "length", function)) length = static_cast<size_t>(*given);
            if (length < longest) refuse(a.call(), function + ": length is shorter than the longest value");
            if (!optional_flag(s, a, "create_constraint", false, function)) return "string(" + std::to_string(length) + ")";
            // strata's enum(...) is VARCHAR(longest value in bytes) + CHECK.
            if (length != longest || !ascii)
              refuse(a.call(), function + ": strata's enum(...) is exactly as long as its longest value in bytes");
            if (const py::Node* name = a.get("name"); name && !is_none(s, *name))
              s.note(*name, "the CHECK constraint of " + function + "(name=" + py::to_source(*name) +
                                ") is named by strata's naming convention instead");
            std::vector<std::string> spelled;
            for (const auto& v : values) spelled.push_back(enum_value(v));
            return "enum(" + join(spelled, ",") + ")";
          }};
}

// ARRAY(item_type, as_tuple=False, dimensions=None, zero_indexes=False): PostgreSQL only.
TypeRule array_rule(const std::string& function) {
  return {{function, {"item_type", "as_tuple", "dimensions", "zero_indexes"}, false, {}, {}, {}},
          [function](const Scope& s, const Arguments& a) {
            const py::Node* item = a.get("item_type");
            if (!item) refuse(a.call(), function + " without an item type");
            std::string out = postgresql_spelling(*item, type_of(s, *item));
            const int dimensions = optional_int(s, a, "dimensions", function).value_or(1);
            for (int i = 0; i < dimensions; ++i) out += "[]";
            return out;
          }};
}

// Uuid(as_uuid=True, native_uuid=True): UUID on PostgreSQL, CHAR(32) on SQLite, as strata's uuid.
TypeRule uuid_rule(const std::string& function) {
  return {{function, {"as_uuid", "native_uuid"}, false, {}, {}, {}}, [function](const Scope& s, const Arguments& a) {
            if (!optional_flag(s, a, "native_uuid", true, function))
              refuse(*a.get("native_uuid"), function + "(native_uuid=False) is CHAR(32) on PostgreSQL too: write the "
                                                       "column's type in the YAML");
            return std::string("uuid");
          }};
}

const std::map<std::string, TypeRule, std::less<>>& generic_rules() {
  static const std::map<std::string, TypeRule, std::less<>> rules = [] {
    std::map<std::string, TypeRule, std::less<>> r;
    for (const char* n : {"Integer", "INTEGER", "INT"}) r.emplace(n, fixed(std::string("sa.") + n, "integer"));
    for (const char* n : {"BigInteger", "BIGINT"}) r.emplace(n, fixed(std::string("sa.") + n, "biginteger"));
    for (const char* n : {"SmallInteger", "SMALLINT"}) r.emplace(n, fixed(std::string("sa.") + n, "smallinteger"));
    for (const char* n : {"String", "VARCHAR", "Unicode"}) r.emplace(n, string_rule(std::string("sa.") + n));
    for (const char* n : {"Text", "TEXT", "UnicodeText"}) r.emplace(n, text_rule(std::string("sa.") + n));
    r.emplace("CHAR", sized_rule("sa.CHAR", "char", true));
    r.emplace("NCHAR", sized_rule("sa.NCHAR", "nchar", true));
    r.emplace("NVARCHAR", sized_rule("sa.NVARCHAR", "nvarchar", true));
    r.emplace("BINARY", sized_rule("sa.BINARY", "binary", false));
    r.emplace("VARBINARY", sized_rule("sa.VARBINARY", "varbinary", false));
    r.emplace("CLOB", fixed("sa.CLOB", "clob"));
    r.emplace("BLOB", fixed("sa.BLOB", "blob"));
    // LargeBinary(length=None): BYTEA and BLOB whatever the length (only MySQL uses it).
    r.emplace("LargeBinary", TypeRule{{"sa.LargeBinary", {"length"}, false, {}, {}, {}},
                                      [](const Scope&, const Arguments&) { return std::string("binary"); }});
    for (const char* n : {"Boolean", "BOOLEAN"}) r.emplace(n, boolean_rule(std::string("sa.") + n));
    for (const char* n : {"DateTime", "DATETIME"}) r.emplace(n, datetime_rule(std::string("sa.") + n));
    for (const char* n : {"Date", "DATE"}) r.emplace(n, fixed(std::string("sa.") + n, "date"));
    for (const char* n : {"Time", "TIME"}) r.emplace(n, zoned_rule(std::string("sa.") + n, "time", "TIME WITH TIME ZONE"));
    r.emplace("TIMESTAMP", zoned_rule("sa.TIMESTAMP", "timestamp", "TIMESTAMP WITH TIME ZONE"));
    for (const char* n : {"Numeric", "NUMERIC"}) r.emplace(n, numeric_rule(std::string("sa.") + n, "numeric"));
    r.emplace("DECIMAL", numeric_rule("sa.DECIMAL", "decimal"));
    for (const char* n : {"Float", "FLOAT"}) r.emplace(n, float_rule(std::string("sa.") + n));
    r.emplace("REAL", TypeRule{{"sa.REAL", {"precision", "asdecimal", "decimal_return_scale"}, false, {}, {}, {}},
                               [](const Scope&, const Arguments&) { return std::string("real"); }});
    r.emplace("DOUBLE_PRECISION", TypeRule{{"sa.DOUBLE_PRECISION", {"precision", "asdecimal", "decimal_return_scale"},
                                            false, {}, {}, {}},
                                           [](const Scope&, const Arguments&) { return std::string("double precision"); }});
    r.emplace("JSON", TypeRule{{"sa.JSON", {"none_as_null"}, false, {}, {}, {}},
                               [](const Scope&, const Arguments&) { return std::string("json"); }});
    for (const char* n : {"Uuid", "UUID"}) r.emplace(n, uuid_rule(std::string("sa.") + n));
    r.emplace("Enum", enum_rule("sa.Enum"));
    r.emplace("ARRAY", array_rule("sa.ARRAY"));
    return r;
  }();
  return rules;
}

}  // namespace

const TypeRule* generic_type_rule(std::string_view name) {
  auto it = generic_rules().find(name);
  return it == generic_rules().end() ? nullptr : &it->second;
}

std::optional<int> optional_int(const Scope& scope, const Arguments& args, const char* name, const std::string& what) {
  const py::Node* n = args.get(name);
  if (!n || is_none(scope, *n)) return std::nullopt;
  return positive_int(scope, *n, what + " " + name);
}

int positive_int(const Scope& scope, const py::Node& node, std::string_view what) {
  const py::Node& v = scope.value(node);
  if (v.kind == Kind::kName || v.kind == Kind::kAttribute || v.kind == Kind::kCall || v.kind == Kind::kOther)
    refuse(node, std::string(what) + ": argument is not a literal: " + py::to_source(node));
  auto digits = python_int(v);
  if (!digits || (*digits)[0] == '-' || *digits == "0" || digits->size() > 9)
    refuse(node, std::string(what) + " must be a positive integer, not " + py::to_source(node));
  return std::stoi(*digits);
}

std::string postgresql_spelling(const py::Node& at, const std::string& type) {
  using K = core::PortableType::Kind;
  const core::PortableType t = core::parse_column_type(type);
  switch (t.kind) {
    case K::kInteger: return "integer";
    case K::kBigInteger: return "bigint";
    case K::kSmallInteger: return "smallint";
    case K::kString: return with_length("varchar", t.length);
    case K::kText: return "text";
    case K::kBoolean: return "boolean";
    case K::kDateTime: return t.timezone ? "timestamp with time zone" : "timestamp without time zone";
    case K::kDate: return "date";
    case K::kTime: return "time without time zone";
    case K::kNumeric:
      if (!t.precision) return "numeric";
      return "numeric(" + std::to_string(*t.precision) + (t.scale ? "," + std::to_string(*t.scale) : "") + ")";
    case K::kFloat: return "float";
    case K::kJson: return "json";
    case K::kUuid: return "uuid";
    case K::kBinary: return "bytea";
    case K::kEnum: refuse(at, "an ARRAY of " + type + ": strata's enum is a VARCHAR with a CHECK, not an item type");
    case K::kNative: return t.native;
  }
  return t.native;
}

std::string type_of(const Scope& scope, const py::Node& node) {
  const py::Node& v = scope.value(node);
  const bool called = v.kind == Kind::kCall;
  const py::Node& callee = called ? v.items[0] : v;
  if (callee.kind == Kind::kAttribute && callee.text == "with_variant")
    refuse(v, py::to_source(v) + ": a type per database has no strata equivalent; write the column's type in the YAML");
  const std::string name = scope.sqlalchemy_name(callee);
  const TypeRule* rule = nullptr;
  if (name.rfind("dialects.", 0) == 0) {
    const auto dialect_end = name.find('.', 9);
    const std::string dialect = name.substr(9, dialect_end - 9);
    const std::string type = dialect_end == std::string::npos ? "" : name.substr(dialect_end + 1);
    rule = dialect_type_rule(dialect, type);
    // The dialect modules re-export the generic upper-case types (postgresql.INTEGER is sa.INTEGER).
    if (!rule && !type.empty() && upper(type) == type) rule = generic_type_rule(type);
  } else if (!name.empty()) {
    rule = generic_type_rule(name);
  }
  if (!rule) {
    const std::string qualified = scope.qualified_name(callee);
    // Where the name comes from, when the file imports it from elsewhere.
    const bool elsewhere = !qualified.empty() && qualified != py::dotted_name(callee) &&
                           qualified.rfind("sqlalchemy.", 0) != 0;
    const std::string where = elsewhere ? " (" + qualified + ")" : "";
    refuse(v, "type " + py::to_source(v) + where + " is not a type strata can name");
  }
  if (called) return rule->build(scope, bind(scope, v, rule->signature));
  py::Node empty_call;  // `sa.Integer` written without a call: the type's defaults
  empty_call.kind = Kind::kCall;
  empty_call.line = v.line;
  empty_call.items = {v};
  return rule->build(scope, bind(scope, empty_call, rule->signature));
}

}  // namespace strata::versions::alembic

namespace strata::versions {

std::optional<std::string> translate_type(const py::Node& type, const AlembicContext& context, std::string& reason) {
  alembic::Scope scope(context);
  try {
    return alembic::type_of(scope, type);
  } catch (const alembic::Untranslatable& e) {
    reason = e.reason;
    return std::nullopt;
  }
}

}  // namespace strata::versions
