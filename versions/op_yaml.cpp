#include "versions/op_yaml.h"

#include <functional>
#include <map>

#include "versions/enum_yaml.h"
#include "versions/table_yaml.h"
#include "versions/yaml_nodes.h"
#include "versions/yaml_scalars.h"

namespace strata::versions {

namespace {

using namespace core;
using Parser = std::function<Op(const std::string&, const yaml::Node&)>;

std::string opt(const std::string& f, const yaml::Node& n, const char* key) {
  return optional_string(f, n, key).value_or("");
}

// A field that distinguishes "absent" (unchanged) from "null" (drop it).
std::optional<std::optional<std::string>> tristate(const std::string& f, const yaml::Node& n, const char* key) {
  yaml::Node v = n[key];
  if (!v) return std::nullopt;
  if (v.is_null()) return std::optional<std::string>{};
  return std::optional<std::string>{scalar_text(f, v, std::string("'") + key + "'")};
}

Literal literal(const std::string& f, const yaml::Node& v) {
  if (!v || v.is_null()) return {Literal::Kind::kNull, ""};
  std::string s = scalar_text(f, v, "a bulk_insert value");
  if (v.quoted()) return {Literal::Kind::kString, s};  // quoted in the file: always a string
  if (auto b = yaml::decode_bool(s)) return {Literal::Kind::kBool, *b ? "true" : "false"};
  if (auto i = yaml::decode_integer(s)) return {Literal::Kind::kInteger, std::to_string(*i)};
  if (yaml::decode_double(s)) return {Literal::Kind::kFloat, s};
  return {Literal::Kind::kString, s};
}

const std::map<std::string, std::pair<std::vector<std::string_view>, Parser>, std::less<>>& parsers() {
  static const std::map<std::string, std::pair<std::vector<std::string_view>, Parser>, std::less<>> table = {
      {"create_table", {{}, [](auto& f, auto& n) -> Op { return CreateTable{parse_table(f, n)}; }}},
      {"drop_table", {{"name", "schema"}, [](auto& f, auto& n) -> Op {
         return DropTable{required_string(f, n, "name", "drop_table"), opt(f, n, "schema")};
       }}},
      {"rename_table", {{"name", "new_name", "schema"}, [](auto& f, auto& n) -> Op {
         return RenameTable{required_string(f, n, "name", "rename_table"),
                            required_string(f, n, "new_name", "rename_table"), opt(f, n, "schema")};
       }}},
      {"add_column", {{"table", "column", "schema"}, [](auto& f, auto& n) -> Op {
         if (!n["column"]) fail_at(f, n, "add_column needs 'column'");
         return AddColumn{required_string(f, n, "table", "add_column"), opt(f, n, "schema"),
                          parse_column(f, n["column"])};
       }}},
      {"drop_column", {{"table", "name", "schema"}, [](auto& f, auto& n) -> Op {
         return DropColumn{required_string(f, n, "table", "drop_column"),
                           required_string(f, n, "name", "drop_column"), opt(f, n, "schema")};
       }}},
      {"alter_column",
       {{"table", "name", "schema", "new_name", "type", "nullable", "server_default", "comment", "existing_type",
         "existing_nullable", "existing_server_default"},
        [](auto& f, auto& n) -> Op {
          AlterColumn a;
          a.table = required_string(f, n, "table", "alter_column");
          a.name = required_string(f, n, "name", "alter_column");
          a.schema = opt(f, n, "schema");
          a.new_name = optional_string(f, n, "new_name");
          a.type = optional_string(f, n, "type");
          if (n["nullable"] && !n["nullable"].is_null()) a.nullable = boolean(f, n, "nullable", true);
          a.server_default = tristate(f, n, "server_default");
          a.comment = tristate(f, n, "comment");
          a.existing_type = optional_string(f, n, "existing_type");
          if (n["existing_nullable"] && !n["existing_nullable"].is_null())
            a.existing_nullable = boolean(f, n, "existing_nullable", true);
          a.existing_server_default = optional_string(f, n, "existing_server_default");
          if (!a.new_name && !a.type && !a.nullable && !a.server_default && !a.comment)
            fail_at(f, n, "alter_column of '" + a.name + "' changes nothing");
          return a;
        }}},
      {"create_index",
       {{"name", "table", "columns", "unique", "where", "using", "concurrently", "schema"}, [](auto& f, auto& n) -> Op {
         CreateIndex c{required_string(f, n, "name", "create_index"), required_string(f, n, "table", "create_index"),
                       opt(f, n, "schema"), parse_index_columns(f, n), boolean(f, n, "unique", false),
                       optional_string(f, n, "where"), opt(f, n, "using"), boolean(f, n, "concurrently", false)};
         if (c.columns.empty()) fail_at(f, n, "create_index needs 'columns'");
         return c;
       }}},
      {"drop_index", {{"name", "table", "concurrently", "schema"}, [](auto& f, auto& n) -> Op {
         return DropIndex{required_string(f, n, "name", "drop_index"), opt(f, n, "table"), opt(f, n, "schema"),
                          boolean(f, n, "concurrently", false)};
       }}},
      {"create_unique_constraint", {{"name", "table", "columns", "schema"}, [](auto& f, auto& n) -> Op {
         CreateUniqueConstraint c{required_string(f, n, "name", "create_unique_constraint"),
                                  required_string(f, n, "table", "create_unique_constraint"), opt(f, n, "schema"),
                                  string_list(f, n, "columns")};
         if (c.columns.empty()) fail_at(f, n, "create_unique_constraint needs 'columns'");
         return c;
       }}},
      {"create_foreign_key",
       {{"name", "table", "columns", "referred_table", "referred_columns", "referred_schema", "ondelete", "onupdate",
         "not_valid", "schema"},
        [](auto& f, auto& n) -> Op {
          CreateForeignKey c{required_string(f, n, "table", "create_foreign_key"), opt(f, n, "schema"),
                             parse_foreign_key_fields(f, n), boolean(f, n, "not_valid", false)};
          if (c.key.name.empty()) fail_at(f, n, "create_foreign_key needs 'name'");
          return c;
        }}},
      {"create_check_constraint", {{"name", "table", "condition", "not_valid", "schema"}, [](auto& f, auto& n) -> Op {
         return CreateCheckConstraint{required_string(f, n, "name", "create_check_constraint"),
                                      required_string(f, n, "table", "create_check_constraint"), opt(f, n, "schema"),
                                      required_string(f, n, "condition", "create_check_constraint"),
                                      boolean(f, n, "not_valid", false)};
       }}},
      {"validate_constraint", {{"name", "table", "schema"}, [](auto& f, auto& n) -> Op {
         return ValidateConstraint{required_string(f, n, "name", "validate_constraint"),
                                   required_string(f, n, "table", "validate_constraint"), opt(f, n, "schema")};
       }}},
      {"create_primary_key", {{"name", "table", "columns", "schema"}, [](auto& f, auto& n) -> Op {
         CreatePrimaryKey c{required_string(f, n, "name", "create_primary_key"),
                            required_string(f, n, "table", "create_primary_key"), opt(f, n, "schema"),
                            string_list(f, n, "columns")};
         if (c.columns.empty()) fail_at(f, n, "create_primary_key needs 'columns'");
         return c;
       }}},
      {"drop_constraint", {{"name", "table", "type", "schema"}, [](auto& f, auto& n) -> Op {
         static const std::map<std::string, ConstraintType, std::less<>> types = {
             {"foreignkey", ConstraintType::kForeignKey}, {"unique", ConstraintType::kUnique},
             {"check", ConstraintType::kCheck}, {"primary", ConstraintType::kPrimary}};
         std::string type = required_string(f, n, "type", "drop_constraint");
         auto t = types.find(type);
         if (t == types.end())
           fail_at(f, n["type"], "drop_constraint type '" + type + "' must be foreignkey, unique, check or primary");
         return DropConstraint{required_string(f, n, "name", "drop_constraint"),
                               required_string(f, n, "table", "drop_constraint"), opt(f, n, "schema"), t->second};
       }}},
      {"create_table_comment", {{"table", "comment", "existing_comment", "schema"}, [](auto& f, auto& n) -> Op {
         return CreateTableComment{required_string(f, n, "table", "create_table_comment"), opt(f, n, "schema"),
                                   required_string(f, n, "comment", "create_table_comment"),
                                   optional_string(f, n, "existing_comment")};
       }}},
      {"drop_table_comment", {{"table", "existing_comment", "schema"}, [](auto& f, auto& n) -> Op {
         return DropTableComment{required_string(f, n, "table", "drop_table_comment"), opt(f, n, "schema"),
                                 optional_string(f, n, "existing_comment")};
       }}},
      {"execute", {{"sql", "dialect"}, [](auto& f, auto& n) -> Op {
         if (n.is_scalar()) return Execute{n.scalar(), std::nullopt};
         Execute e{required_string(f, n, "sql", "execute"), optional_string(f, n, "dialect")};
         if (e.dialect && *e.dialect != "sqlite" && *e.dialect != "postgresql" && *e.dialect != "mysql")
           fail_at(f, n["dialect"], "execute dialect '" + *e.dialect + "' must be sqlite, postgresql or mysql");
         return e;
       }}},
      {"create_enum", {{"name", "schema", "values"}, [](auto& f, auto& n) -> Op {
         auto e = parse_enum(f, n, "create_enum");
         return CreateEnum{e.name, e.schema, e.values};
       }}},
      {"drop_enum", {{"name", "schema", "values"}, [](auto& f, auto& n) -> Op {
         // The values are what the downgrade's create_enum needs: required.
         auto e = parse_enum(f, n, "drop_enum");
         return DropEnum{e.name, e.schema, e.values};
       }}},
      {"alter_enum", {{"name", "schema", "values", "existing_values"}, [](auto& f, auto& n) -> Op {
         auto e = parse_enum(f, n, "alter_enum");
         // The values before decide between ADD VALUE and a rebuild.
         auto existing = enum_values(f, n, "existing_values", "alter_enum '" + e.name + "'");
         return AlterEnum{e.name, e.schema, e.values, existing};
       }}},
      {"bulk_insert", {{"table", "rows", "schema"}, [](auto& f, auto& n) -> Op {
         BulkInsert b{required_string(f, n, "table", "bulk_insert"), opt(f, n, "schema"), {}};
         yaml::Node rows = n["rows"];
         if (!rows || !rows.is_sequence()) fail_at(f, n, "bulk_insert needs 'rows', a list of column -> value maps");
         for (const auto& row : rows) {
           if (!row.is_map()) fail_at(f, row, "a bulk_insert row must be a column -> value map");
           auto& out = b.rows.emplace_back();
           for (const auto& kv : row) out.emplace_back(scalar_text(f, kv.first, "a column name"), literal(f, kv.second));
         }
         return b;
       }}},
  };
  return table;
}

}  // namespace

Op parse_op(const std::string& file, const yaml::Node& item) {
  if (!item.is_map() || item.size() != 1)
    fail_at(file, item, "an operation must be a one-key map such as '- add_column: {...}'");
  auto kv = *item.begin();
  std::string name = scalar_text(file, kv.first, "an operation name");
  auto it = parsers().find(name);
  if (it == parsers().end()) fail_at(file, kv.first, "unknown operation '" + name + "'");
  const yaml::Node& args = kv.second;
  if (name == "execute" && args.is_scalar()) return it->second.second(file, args);
  if (!args.is_map()) fail_at(file, args, "the arguments of '" + name + "' must be a mapping");
  if (!it->second.first.empty()) {
    for (const auto& arg : args) {
      std::string key = scalar_text(file, arg.first, "an argument name");
      const auto& allowed = it->second.first;
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        fail_at(file, arg.first, "unknown argument '" + key + "' of '" + name + "'");
    }
  }
  return it->second.second(file, args);
}

std::vector<Op> parse_ops(const std::string& file, const yaml::Node& list, const char* section,
                          std::vector<int>* lines) {
  std::vector<Op> ops;
  if (!list || list.is_null()) return ops;
  if (!list.is_sequence()) fail_at(file, list, std::string("'") + section + "' must be a list of operations");
  for (const auto& item : list) {
    ops.push_back(parse_op(file, item));
    if (lines) lines->push_back(item.mark().line + 1);
  }
  return ops;
}

}  // namespace strata::versions
