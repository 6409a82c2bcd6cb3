#include "core/dialect.h"

namespace strata::core {

std::string Dialect::quote_string(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
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
