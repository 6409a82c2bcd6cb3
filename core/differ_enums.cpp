// Native enum types: created before the tables and columns that use them,
// dropped after the tables and columns that used them are gone, values
// changed with alter_enum (its inverse restores the old values).
#include <map>

#include "core/differ_detail.h"
#include "core/enums.h"

namespace strata::core::differ_detail {

namespace {

std::map<std::string, const EnumType*> by_key(const Schema& s) {
  std::map<std::string, const EnumType*> out;
  for (const auto& e : s.enums) out[key_of(e.schema, e.name)] = &e;
  return out;
}

}  // namespace

void Differ::index_enum_columns(const Schema& schema) {
  const SchemaLookup lookup(schema);
  for (const auto& t : schema.tables)
    for (const auto& c : t.columns) {
      if (parse_column_type(c.type).kind != PortableType::Kind::kNative) continue;
      if (auto e = find_enum(lookup, t.schema, c.type)) {
        enum_of_[&c] = key_of(e->schema, e->name);
        enum_type_of_[&c] = *e;
      }
    }
}

void Differ::enum_change(std::string kind, const EnumType& e, std::string message) {
  diff_.changes.push_back({std::move(kind), key_of(e.schema, e.name), "", "Detected " + std::move(message)});
}

void Differ::create_enums(const Schema& declared, const Schema& live) {
  const auto have = by_key(live);
  for (const auto& [key, e] : by_key(declared)) {
    auto it = have.find(key);
    if (it == have.end()) {
      enum_change("add_enum", *e, "added enum '" + key + "'");
      emit(CreateEnum{e->name, e->schema, e->values}, DropEnum{e->name, e->schema, e->values});
    } else if (it->second->values != e->values) {
      enum_change("modify_enum", *e, "changed values of enum '" + key + "': (" + join(it->second->values) +
                                         ") to (" + join(e->values) + ")");
      emit(AlterEnum{e->name, e->schema, e->values, it->second->values},
           AlterEnum{e->name, e->schema, it->second->values, e->values});
    }
  }
}

void Differ::drop_enums(const Schema& declared, const Schema& live) {
  const auto want = by_key(declared);
  for (const auto& [key, e] : by_key(live)) {
    if (want.count(key)) continue;
    enum_change("remove_enum", *e, "removed enum '" + key + "'");
    emit(DropEnum{e->name, e->schema, e->values}, CreateEnum{e->name, e->schema, e->values});
  }
}

}  // namespace strata::core::differ_detail
