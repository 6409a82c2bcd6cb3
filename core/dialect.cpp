#include "core/dialect.h"

#include "core/column_type.h"
#include "core/enums.h"

namespace strata::core {

std::string Dialect::quote_string(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  // Runs between quotes copied whole (this quotes every version and log row).
  for (size_t start = 0;;) {
    const size_t quote = s.find('\'', start);
    if (quote == std::string_view::npos) {
      out.append(s.substr(start));
      break;
    }
    out.append(s.substr(start, quote + 1 - start));
    out += '\'';
    start = quote + 1;
  }
  out += '\'';
  return out;
}

namespace {

void resolve(const Dialect& d, Column& column, const std::string& table_schema, const TableLookup& tables) {
  if (parse_column_type(column.type).kind != PortableType::Kind::kNative) return;
  if (auto e = find_enum(tables, table_schema, column.type)) column.type = d.enum_column_type(*e);
}

}  // namespace

Table Dialect::with_enum_types(Table table, const TableLookup& tables) const {
  for (auto& c : table.columns) resolve(*this, c, table.schema, tables);
  return table;
}

Op Dialect::with_enum_types(const Op& op, const TableLookup& tables) const {
  if (auto* c = std::get_if<CreateTable>(&op)) return CreateTable{with_enum_types(c->table, tables)};
  if (auto* a = std::get_if<AddColumn>(&op)) {
    AddColumn out = *a;
    resolve(*this, out.column, out.schema, tables);
    return out;
  }
  if (auto* a = std::get_if<AlterColumn>(&op); a && a->type) {
    AlterColumn out = *a;
    Column c;
    c.type = *out.type;
    resolve(*this, c, out.schema, tables);
    out.type = c.type;
    return out;
  }
  return op;
}

std::string Dialect::insert_version(const VersionTable& vt, std::string_view rev) const {
  return "INSERT INTO " + qualify(vt.schema, vt.name) + " (version_num) VALUES (" + quote_string(rev) + ")";
}

std::string Dialect::delete_version(const VersionTable& vt, std::string_view rev) const {
  return "DELETE FROM " + qualify(vt.schema, vt.name) + " WHERE " + qualify(vt.schema, vt.name) +
         ".version_num = " + quote_string(rev);
}

std::string Dialect::update_version(const VersionTable& vt, std::string_view from, std::string_view to) const {
  return "UPDATE " + qualify(vt.schema, vt.name) + " SET version_num=" + quote_string(to) + " WHERE " +
         qualify(vt.schema, vt.name) + ".version_num = " + quote_string(from);
}

std::string Dialect::select_versions(const VersionTable& vt) const {
  return "SELECT version_num FROM " + qualify(vt.schema, vt.name);
}

}  // namespace strata::core
