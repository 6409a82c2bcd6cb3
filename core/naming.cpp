#include "core/naming.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/error.h"

namespace strata::core {

namespace {

// The first identifier in CONDITION that names a column of TABLE.
std::string first_column(const Table& table, const std::string& condition) {
  for (size_t i = 0; i < condition.size();) {
    char c = condition[i];
    if (c == '\'') {  // skip string literals
      i = condition.find('\'', i + 1);
      i = i == std::string::npos ? condition.size() : i + 1;
      continue;
    }
    if (c == '"' || std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i + 1;
      std::string word;
      if (c == '"') {
        j = condition.find('"', i + 1);
        if (j == std::string::npos) j = condition.size();
        word = condition.substr(i + 1, j - i - 1);
        ++j;
      } else {
        while (j < condition.size() && (std::isalnum(static_cast<unsigned char>(condition[j])) || condition[j] == '_'))
          ++j;
        word = condition.substr(i, j - i);
      }
      for (const auto& col : table.columns)
        if (col.name == word || (c != '"' && lower(col.name) == lower(word))) return col.name;
      i = j;
      continue;
    }
    ++i;
  }
  return "check";
}

// PostgreSQL cuts identifiers at 63 bytes, so two long generated names could
// become one. A longer name keeps its first 58 bytes and gets "_" and four
// hex digits of a hash of the whole name (SQLAlchemy does the same with md5).
std::string fit_identifier(const std::string& name) {
  constexpr size_t kMax = 63;
  if (name.size() <= kMax) return name;
  unsigned long long h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
  static const char* hex = "0123456789abcdef";
  std::string suffix = "_";
  for (int shift = 12; shift >= 0; shift -= 4) suffix += hex[(h >> shift) & 0xF];
  size_t keep = kMax - suffix.size();
  while (keep > 0 && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;  // whole UTF-8 characters
  return name.substr(0, keep) + suffix;
}

class Namer {
 public:
  Namer(const Table& table, const std::map<std::string, std::string>& conventions)
      : table_(table), conventions_(conventions) {
    for (const auto& i : table.indexes) taken_.insert(i.name);
    for (const auto& u : table.unique_constraints) taken_.insert(u.name);
    for (const auto& f : table.foreign_keys) taken_.insert(f.name);
    for (const auto& k : table.check_constraints) taken_.insert(k.name);
    taken_.insert(table.primary_key.name);
  }

  std::string name(const std::string& kind, const std::string& column_0, const std::string& referred_table = "",
                   const std::string& constraint = "") {
    auto it = conventions_.find(kind);
    std::string base = it == conventions_.end() ? kind + "_{table}_{column_0}" : it->second;
    std::map<std::string, std::string> tokens{{"table", table_.name},
                                              {"column_0", column_0},
                                              {"referred_table", referred_table},
                                              {"constraint", constraint}};
    std::string n = fit_identifier(convention_name(base, tokens));
    std::string unique = n;
    for (int k = 2; taken_.count(unique); ++k) unique = n + "_" + std::to_string(k);
    taken_.insert(unique);
    return unique;
  }

 private:
  const Table& table_;
  const std::map<std::string, std::string>& conventions_;
  std::set<std::string> taken_;
};

}  // namespace

std::string convention_name(const std::string& convention, const std::map<std::string, std::string>& tokens) {
  std::string out;
  for (size_t i = 0; i < convention.size(); ++i) {
    if (convention[i] != '{') {
      out += convention[i];
      continue;
    }
    size_t close = convention.find('}', i);
    if (close == std::string::npos) throw UsageError("naming_convention '" + convention + "': unclosed '{'");
    std::string token = convention.substr(i + 1, close - i - 1);
    // SQLAlchemy's spellings: table_name, column_0_name, referred_table_name, constraint_name.
    if (token.size() > 5 && token.compare(token.size() - 5, 5, "_name") == 0) token.resize(token.size() - 5);
    auto it = tokens.find(token);
    if (it == tokens.end())
      throw UsageError("naming_convention '" + convention + "': unknown token {" + convention.substr(i + 1, close - i - 1) +
                       "} (known: table, column_0, referred_table, constraint)");
    out += it->second;
    i = close;
  }
  return out;
}

void apply_naming_convention(Schema& schema, const std::map<std::string, std::string>& conventions) {
  for (auto& t : schema.tables) {
    Namer namer(t, conventions);
    // A primary key is named only by a `pk` convention: without one it stays
    // unnamed and the database names it (PostgreSQL: <table>_pkey), as SQLAlchemy does.
    const auto pk = primary_key_columns(t);
    if (!pk.empty() && t.primary_key.name.empty() && conventions.count("pk"))
      t.primary_key.name = namer.name("pk", pk.front());
    // Explicit entries first, so that a shortcut never takes their names.
    for (auto& ix : t.indexes)
      if (ix.name.empty()) ix.name = namer.name("ix", ix.columns.empty()                ? ""
                                        : ix.columns[0].is_expression() ? first_column(t, ix.columns[0].expression)
                                                                        : ix.columns[0].column);
    for (auto& uq : t.unique_constraints)
      if (uq.name.empty()) uq.name = namer.name("uq", uq.columns.empty() ? "" : uq.columns[0]);
    for (auto& fk : t.foreign_keys)
      if (fk.name.empty()) fk.name = namer.name("fk", fk.columns.empty() ? "" : fk.columns[0], fk.referred_table);
    for (auto& ck : t.check_constraints)
      if (ck.name.empty()) ck.name = namer.name("ck", "", "", first_column(t, ck.condition));
    // Then the column shortcuts. unique + index is one unique index (SPEC §4).
    for (auto& c : t.columns) {
      if (c.index) {
        t.indexes.push_back(Index{namer.name("ix", c.name), {c.name}, c.unique, std::nullopt, ""});
      } else if (c.unique) {
        t.unique_constraints.push_back(UniqueConstraint{namer.name("uq", c.name), {c.name}});
      }
      c.index = c.unique = false;
      if (c.foreign_key) {
        ForeignKey fk = *c.foreign_key;
        fk.columns = {c.name};
        if (fk.name.empty()) fk.name = namer.name("fk", c.name, fk.referred_table);
        t.foreign_keys.push_back(std::move(fk));
        c.foreign_key.reset();
      }
    }
  }
}

Op with_naming_convention(const Op& op, const std::map<std::string, std::string>& conventions) {
  const auto* create = std::get_if<CreateTable>(&op);
  if (!create || conventions.empty()) return op;
  Schema one;
  one.tables = {create->table};
  apply_naming_convention(one, conventions);
  return CreateTable{std::move(one.tables.front())};
}

}  // namespace strata::core
