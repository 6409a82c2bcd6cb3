#include "versions/models_file.h"

#include "versions/yaml_tree.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <utility>

#include "core/column_type.h"
#include "core/enums.h"
#include "core/error.h"
#include "versions/enum_yaml.h"
#include "versions/table_yaml.h"
#include "versions/yaml_nodes.h"

namespace strata::versions {

namespace {

// A parsed table with the nodes it came from, for FILE:LINE in later checks.
struct Declared {
  std::string file;
  yaml::Node node;
  core::Table table;
};

// MAP[KEY] when present, else MAP itself (a missing key has no position).
yaml::Node child(const yaml::Node& map, const char* key) {
  if (!map.is_map()) return map;
  yaml::Node c = map[key];
  return c ? c : map;
}

// MAP[KEY][I] when present, else the nearest existing ancestor.
yaml::Node item(const yaml::Node& map, const char* key, size_t i) {
  yaml::Node list = child(map, key);
  if (!list.is_sequence() || i >= list.size()) return list;
  return list.item(i);
}

// The schema a table or reference lives in, for lookups: "public" is
// PostgreSQL's default schema, and the models loader's callers treat it as the
// default (cli/model_diff.cpp), so `public.users` and `users` are one table.
std::string schema_key(const std::string& schema) { return schema == "public" ? "" : schema; }

std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

std::string models_text(const std::string& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw core::ScriptError(file + ": models file not found");
  if (std::filesystem::is_directory(file, ec)) throw core::ScriptError(file + ": is a directory, not a models file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::ScriptError(file + ": cannot read the models file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw core::ScriptError(file + ": cannot read the models file");
  return text.str();
}

// A declared enum and where: FILE:LINE of its entry.
struct DeclaredEnum {
  std::string where;
  core::EnumType type;
};

// The tables and enums of one file, parsed; checks that need no other table are done here.
void parse_source(const ModelsSource& src, std::vector<Declared>& out, std::vector<DeclaredEnum>& enums) {
  const yaml::Node root = parse_yaml(src.text, src.file);
  if (!root || root.is_null())
    throw core::ScriptError(src.file + ": empty models file (write 'tables: []' for a schema with no tables)");
  check_keys(src.file, root, {"tables", "enums"}, "models file");
  // yaml-cpp keeps both copies of a repeated key but `root["tables"]` sees one.
  std::map<std::string, int> keys;
  for (const auto& kv : root)
    if (++keys[kv.first.scalar()] > 1) fail_at(src.file, kv.first, "'" + kv.first.scalar() + "' is given twice");
  if (const yaml::Node list = root["enums"]; list && !list.is_null()) {
    if (!list.is_sequence()) fail_at(src.file, list, "'enums' must be a list of {name, values, schema}");
    for (const auto& node : list) {
      check_keys(src.file, node, {"name", "values", "schema"}, "enum");
      enums.push_back(DeclaredEnum{location(src.file, node), parse_enum(src.file, node, "enum")});
    }
  }
  const yaml::Node tables = root["tables"];
  if (!tables) fail_at(src.file, root, "models file needs 'tables' (a list of tables)");
  if (tables.is_null()) return;
  if (!tables.is_sequence()) fail_at(src.file, tables, "'tables' must be a list of tables");
  for (const auto& node : tables) out.push_back(Declared{src.file, node, parse_table(src.file, node)});
}

using EnumsByKey = std::map<std::pair<std::string, std::string>, const DeclaredEnum*>;

// A column type that names a declared enum, but of another schema than the
// one it resolves to, is a mistake (the type would be taken as native and
// fail in the database, or mean another type).
void check_enum_reference(const Declared& d, const core::Column& c, const yaml::Node& node,
                          const EnumsByKey& enums, const std::string& what) {
  if (core::parse_column_type(c.type).kind != core::PortableType::Kind::kNative) return;
  auto ref = core::enum_reference(d.table.schema, c.type);
  if (!ref || enums.count(*ref)) return;
  for (const auto& [key, e] : enums) {
    if (key.second != ref->second) continue;
    const std::string in = ref->first.empty() ? "the default schema" : "schema '" + ref->first + "'";
    const std::string there = key.first.empty() ? "public." + key.second : key.first + "." + key.second;
    fail_at(d.file, child(node, "type"),
            what + ": type '" + c.type + "' names no enum of " + in + "; the enum '" + key.second +
                "' is declared in " + (key.first.empty() ? "the default schema" : "schema '" + key.first + "'") +
                " (at " + e->where + "): write '" + there + "'");
  }
}

void check_columns(const Declared& d, const EnumsByKey& enums) {
  const core::Table& t = d.table;
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const core::Column& c = t.columns[i];
    yaml::Node node = item(d.node, "columns", i);
    const std::string what = "column '" + c.name + "' of table '" + qualified(t.schema, t.name) + "'";
    if (auto [it, fresh] = seen.emplace(c.name, i); !fresh)
      fail_at(d.file, child(node, "name"),
              "duplicate " + what + " (first at " + location(d.file, item(d.node, "columns", it->second)) + ")");
    core::PortableType type;
    try {
      type = core::parse_column_type(c.type);
    } catch (const core::ScriptError& e) {
      fail_at(d.file, child(node, "type"), what + ": " + e.what());
    }
    check_enum_reference(d, c, node, enums, what);
    if (c.autoincrement.value_or(false) && !type.is_integer())
      fail_at(d.file, child(node, "autoincrement"),
              what + ": autoincrement needs an integer type, not '" + c.type + "'");
  }
}

// Every column named by an index, unique constraint or table foreign key is a column of the table.
void check_constraint_columns(const Declared& d) {
  const core::Table& t = d.table;
  auto check = [&](const std::vector<std::string>& columns, const yaml::Node& node, const std::string& what) {
    for (const auto& name : columns) {
      bool found = std::any_of(t.columns.begin(), t.columns.end(), [&](const auto& c) { return c.name == name; });
      if (!found)
        fail_at(d.file, child(node, "columns"),
                what + " names column '" + name + "', which table '" + qualified(t.schema, t.name) + "' does not have");
    }
  };
  auto label = [](const char* kind, const std::string& name) {
    return std::string(kind) + (name.empty() ? "" : " '" + name + "'");
  };
  for (size_t i = 0; i < t.indexes.size(); ++i)
    check(core::index_column_names(t.indexes[i].columns), item(d.node, "indexes", i), label("index", t.indexes[i].name));
  for (size_t i = 0; i < t.unique_constraints.size(); ++i)
    check(t.unique_constraints[i].columns, item(d.node, "unique_constraints", i),
          label("unique constraint", t.unique_constraints[i].name));
  for (size_t i = 0; i < t.foreign_keys.size(); ++i)
    check(t.foreign_keys[i].columns, item(d.node, "foreign_keys", i), label("foreign key", t.foreign_keys[i].name));
}

// A name and where it was first declared.
using Seen = std::map<std::string, std::string>;

// Records NAME at WHERE ("FILE:LINE"); throws if SEEN has it already.
void claim(Seen& seen, const std::string& name, const std::string& where, const std::string& kind,
           const std::string& scope) {
  if (name.empty()) return;  // filled in by the naming convention
  auto [it, fresh] = seen.emplace(name, where);
  if (!fresh)
    throw core::ScriptError(where + ": duplicate " + kind + " name '" + name + "' in " + scope + " (first at " +
                            it->second + ")");
}

void check_names(const std::vector<Declared>& all) {
  // One named index or constraint of a table, and the namespaces it lives in.
  struct Named {
    const std::string* name;
    int line = 0, column = 0;
    std::string where;
    bool per_schema = false;  // index and unique-constraint names
    bool per_table = false;   // unique, check and foreign-key constraint names
  };
  std::map<std::string, Seen> per_schema;
  for (const auto& d : all) {
    const core::Table& t = d.table;
    std::vector<Named> named;
    auto add = [&](const std::string& name, const yaml::Node& node, bool per_schema, bool per_table) {
      yaml::Node at = child(node, "name");
      named.push_back(Named{&name, at.mark().line, at.mark().column, location(d.file, at), per_schema, per_table});
    };
    for (size_t i = 0; i < t.indexes.size(); ++i) add(t.indexes[i].name, item(d.node, "indexes", i), true, false);
    for (size_t i = 0; i < t.unique_constraints.size(); ++i)
      add(t.unique_constraints[i].name, item(d.node, "unique_constraints", i), true, true);
    for (size_t i = 0; i < t.check_constraints.size(); ++i)
      add(t.check_constraints[i].name, item(d.node, "check_constraints", i), false, true);
    for (size_t i = 0; i < t.foreign_keys.size(); ++i)
      add(t.foreign_keys[i].name, item(d.node, "foreign_keys", i), false, true);
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (const auto& fk = t.columns[i].foreign_key)
        add(fk->name, child(item(d.node, "columns", i), "foreign_key"), false, true);
    // In file order, so that "first at" is the earlier one.
    std::stable_sort(named.begin(), named.end(), [](const Named& a, const Named& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    Seen& schema = per_schema[schema_key(t.schema)];
    Seen table;
    const std::string schema_scope = t.schema.empty() ? "the default schema" : "schema '" + t.schema + "'";
    const std::string table_scope = "table '" + qualified(t.schema, t.name) + "'";
    for (const auto& n : named) {
      if (n.per_schema) claim(schema, *n.name, n.where, "index or unique constraint", schema_scope);
      if (n.per_table) claim(table, *n.name, n.where, "constraint", table_scope);
    }
  }
}

void check_foreign_key(const Declared& d, const core::ForeignKey& fk, const yaml::Node& node,
                       const std::map<std::pair<std::string, std::string>, const Declared*>& tables,
                       const std::string& what) {
  const std::string schema = fk.referred_schema.empty() ? d.table.schema : fk.referred_schema;
  const std::string target = qualified(schema, fk.referred_table);
  auto it = tables.find({schema_key(schema), fk.referred_table});
  if (it == tables.end())
    fail_at(d.file, node, what + " refers to table '" + target + "', which no models file declares");
  const core::Table& referred = it->second->table;
  for (const auto& name : fk.referred_columns) {
    bool found =
        std::any_of(referred.columns.begin(), referred.columns.end(), [&](const auto& c) { return c.name == name; });
    if (!found)
      fail_at(d.file, node,
              what + " refers to column '" + name + "' of table '" + target +
                  "', which has no such column (declared at " +
                  location(it->second->file, child(it->second->node, "name")) + ")");
  }
  if (fk.columns.size() != fk.referred_columns.size())
    fail_at(d.file, node,
            what + " has " + std::to_string(fk.columns.size()) + " columns but refers to " +
                std::to_string(fk.referred_columns.size()));
}

}  // namespace

core::Schema load_models_sources(const std::vector<ModelsSource>& sources) {
  std::vector<Declared> all;
  std::vector<DeclaredEnum> declared_enums;
  for (const auto& src : sources) parse_source(src, all, declared_enums);
  EnumsByKey enums;
  for (const auto& e : declared_enums) {
    auto [it, fresh] = enums.emplace(std::pair{schema_key(e.type.schema), e.type.name}, &e);
    if (!fresh)
      throw core::ScriptError(e.where + ": duplicate enum '" + qualified(e.type.schema, e.type.name) +
                              "' (first declared at " + it->second->where + ")");
  }

  std::map<std::pair<std::string, std::string>, const Declared*> tables;
  for (const auto& d : all) {
    auto [it, fresh] = tables.emplace(std::pair{schema_key(d.table.schema), d.table.name}, &d);
    if (!fresh)
      fail_at(d.file, child(d.node, "name"),
              "duplicate table '" + qualified(d.table.schema, d.table.name) + "' (first declared at " +
                  location(it->second->file, child(it->second->node, "name")) + ")");
    check_columns(d, enums);
    check_constraint_columns(d);
  }
  check_names(all);
  for (const auto& d : all) {
    const std::string table = "table '" + qualified(d.table.schema, d.table.name) + "'";
    for (size_t i = 0; i < d.table.columns.size(); ++i) {
      const core::Column& c = d.table.columns[i];
      if (c.foreign_key)
        check_foreign_key(d, *c.foreign_key, child(item(d.node, "columns", i), "foreign_key"), tables,
                          "the foreign key of column '" + c.name + "' in " + table);
    }
    for (size_t i = 0; i < d.table.foreign_keys.size(); ++i) {
      const core::ForeignKey& fk = d.table.foreign_keys[i];
      check_foreign_key(d, fk, item(d.node, "foreign_keys", i), tables,
                        "foreign key" + (fk.name.empty() ? "" : " '" + fk.name + "'") + " of " + table);
    }
  }

  core::Schema schema;
  schema.tables.reserve(all.size());
  for (auto& d : all) schema.tables.push_back(std::move(d.table));
  for (auto& e : declared_enums) schema.enums.push_back(std::move(e.type));
  return schema;
}

core::Schema load_models_text(const std::string& file, const std::string& text) {
  return load_models_sources({ModelsSource{file, text}});
}

ModelsSource read_models_file(const std::string& file) { return ModelsSource{file, models_text(file)}; }

core::Schema load_models(const std::vector<std::string>& files) {
  std::vector<ModelsSource> sources;
  sources.reserve(files.size());
  for (const auto& f : files) sources.push_back(read_models_file(f));
  return load_models_sources(sources);
}

}  // namespace strata::versions
