#include "core/compensation.h"

#include <algorithm>
#include <cctype>

#include "core/overload.h"
#include "core/table_edit.h"
#include "core/text.h"

namespace strata::core {

namespace {

std::string key(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

const Column* column_of(const std::optional<Table>& t, const std::string& name) {
  if (!t) return nullptr;
  for (const auto& c : t->columns)
    if (c.name == name) return &c;
  return nullptr;
}

Inverse none(std::string loss) { return {{}, std::move(loss), std::nullopt}; }

// An execute's statement as the report names it: on one line, whitespace runs
// made one space, cut after 200 characters.
std::string statement_named(const std::string& sql) {
  std::string out;
  for (char c : sql) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > 200) out = out.substr(0, 200) + "...";
  return out;
}
Inverse one(Op op, std::string loss) { return {{std::move(op)}, std::move(loss), std::nullopt}; }

}  // namespace

bool inverse_needs_table(const Op& op) {
  return std::holds_alternative<DropTable>(op) || std::holds_alternative<DropColumn>(op) ||
         std::holds_alternative<AlterColumn>(op) || std::holds_alternative<DropIndex>(op) ||
         std::holds_alternative<DropConstraint>(op) || std::holds_alternative<CreateTableComment>(op) ||
         std::holds_alternative<DropTableComment>(op);
}

std::vector<Op> inverse_ops(const Inverse& inv, const std::string& table, const std::string& schema,
                            const TableLookup& live) {
  std::vector<Op> out;
  if (inv.drop_foreign_keys_of)
    if (auto t = live.table(schema, table))
      for (const auto& fk : t->foreign_keys)
        if (std::find(fk.columns.begin(), fk.columns.end(), *inv.drop_foreign_keys_of) != fk.columns.end())
          out.push_back(DropConstraint{fk.name, table, schema, ConstraintType::kForeignKey});
  out.insert(out.end(), inv.ops.begin(), inv.ops.end());
  return out;
}

bool rows_only(const Op& op) {
  if (std::holds_alternative<BulkInsert>(op)) return true;
  const auto* e = std::get_if<Execute>(&op);
  if (!e || several_statements(e->sql)) return false;
  std::string_view sql = e->sql;
  for (;;) {  // skip blanks and leading comments to the first keyword
    const auto start = sql.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return false;
    sql.remove_prefix(start);
    if (sql.substr(0, 2) == "--" || sql.substr(0, 1) == "#") {
      const auto eol = sql.find('\n');
      if (eol == std::string_view::npos) return false;
      sql.remove_prefix(eol);
    } else if (sql.substr(0, 2) == "/*") {
      const auto end = sql.find("*/");
      if (end == std::string_view::npos) return false;
      sql.remove_prefix(end + 2);
    } else {
      break;
    }
  }
  std::string word;
  for (char c : sql) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "REPLACE" || word == "SELECT" ||
         word == "WITH";
}

bool several_statements(std::string_view sql) {
  bool ended = false;  // a `;` was seen outside quotes and comments
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      if (ended) return true;
      for (++i; i < sql.size() && sql[i] != c; ++i) {
      }
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '#') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == ';') {
      ended = true;
    } else if (ended && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      return true;
    }
  }
  return false;
}

Inverse inverse_of(const Op& op, const TableLookup& tables) {
  return std::visit(
      Overload{
          [&](const CreateTable& o) -> Inverse { return one(DropTable{o.table.name, o.table.schema}, ""); },
          [&](const DropTable& o) -> Inverse {
            auto t = tables.table(o.schema, o.name);
            if (!t) return none("table '" + key(o.schema, o.name) + "'");
            return one(CreateTable{*t}, "the rows of table '" + key(o.schema, o.name) + "'");
          },
          [&](const RenameTable& o) -> Inverse { return one(RenameTable{o.new_name, o.name, o.schema}, ""); },
          [&](const AddColumn& o) -> Inverse {
            // MySQL will not drop a column a foreign key uses: the key goes first.
            Inverse inv = one(DropColumn{o.table, o.column.name, o.schema}, "");
            // Looked up at undo time, named or not: the key's own statement may
            // be the one that failed, and then there is none to drop.
            if (o.column.foreign_key) inv.drop_foreign_keys_of = o.column.name;
            return inv;
          },
          [&](const DropColumn& o) -> Inverse {
            const auto t = tables.table(o.schema, o.table);
            const Column* c = column_of(t, o.name);
            if (!c) return none("column '" + key(o.schema, o.table) + "." + o.name + "'");
            // Dropping the column dropped what involves it (the dialect's
            // drop_column drops them as apply_to_table does: indexes and keys
            // whole, checks naming the column); those come back too.
            Inverse inv{{AddColumn{o.table, o.schema, *c}},
                        "the values of column '" + key(o.schema, o.table) + "." + o.name +
                            "' (it comes back as the table's last column)",
                        std::nullopt};
            const Table before = materialize_shortcuts(*t);
            Table after;
            try {
              after = apply_to_table(before, o);
            } catch (const std::exception&) {
              return inv;  // the drop itself will fail and say why; nothing else went with it
            }
            auto gone = [](const auto& list, const auto& entry) {
              return std::find(list.begin(), list.end(), entry) == list.end();
            };
            for (const auto& i : before.indexes)
              if (gone(after.indexes, i))
                inv.ops.push_back(CreateIndex{i.name, o.table, o.schema, i.columns, i.unique, i.where, i.method});
            for (const auto& u : before.unique_constraints)
              if (gone(after.unique_constraints, u))
                inv.ops.push_back(CreateUniqueConstraint{u.name, o.table, o.schema, u.columns});
            for (const auto& k : before.check_constraints)
              if (gone(after.check_constraints, k))
                inv.ops.push_back(CreateCheckConstraint{k.name, o.table, o.schema, k.condition});
            for (const auto& fk : before.foreign_keys)
              if (gone(after.foreign_keys, fk)) inv.ops.push_back(CreateForeignKey{o.table, o.schema, fk});
            return inv;
          },
          [&](const AlterColumn& o) -> Inverse {
            const auto t = tables.table(o.schema, o.table);
            const Column* c = column_of(t, o.name);
            if (!c) return none("the change of column '" + key(o.schema, o.table) + "." + o.name + "'");
            AlterColumn back;
            back.table = o.table;
            back.schema = o.schema;
            back.name = o.new_name.value_or(o.name);
            if (o.new_name && *o.new_name != o.name) back.new_name = o.name;
            if (o.type) back.type = c->type;
            if (o.nullable) back.nullable = c->nullable;
            if (o.server_default) back.server_default.emplace(c->server_default);
            if (o.comment) back.comment.emplace(c->comment);
            back.existing_type = o.type.value_or(c->type);
            back.existing_nullable = o.nullable.value_or(c->nullable);
            back.existing_server_default = o.server_default ? *o.server_default : c->server_default;
            return one(back, "");
          },
          [&](const CreateIndex& o) -> Inverse {
            return one(DropIndex{o.name, o.table, o.schema, o.concurrently}, "");
          },
          [&](const DropIndex& o) -> Inverse {
            auto t = tables.table(o.schema, o.table);
            if (t)
              for (const auto& i : t->indexes)
                if (i.name == o.name)
                  return one(CreateIndex{i.name, o.table, o.schema, i.columns, i.unique, i.where, i.method,
                                         o.concurrently},
                             "");
            return none("index '" + o.name + "'");
          },
          [&](const CreateUniqueConstraint& o) -> Inverse {
            return one(DropConstraint{o.name, o.table, o.schema, ConstraintType::kUnique}, "");
          },
          [&](const CreateForeignKey& o) -> Inverse {
            return one(DropConstraint{o.key.name, o.table, o.schema, ConstraintType::kForeignKey}, "");
          },
          [&](const CreateCheckConstraint& o) -> Inverse {
            return one(DropConstraint{o.name, o.table, o.schema, ConstraintType::kCheck}, "");
          },
          // Validating changes no schema: there is nothing to undo.
          [&](const ValidateConstraint&) -> Inverse { return {{}, "", std::nullopt}; },
          [&](const CreatePrimaryKey& o) -> Inverse {
            return one(DropConstraint{o.name, o.table, o.schema, ConstraintType::kPrimary}, "");
          },
          [&](const DropConstraint& o) -> Inverse {
            auto t = tables.table(o.schema, o.table);
            const std::string what = "constraint '" + o.name + "' of '" + key(o.schema, o.table) + "'";
            if (!t) return none(what);
            switch (o.type) {
              case ConstraintType::kForeignKey:
                for (const auto& fk : t->foreign_keys)
                  if (fk.name == o.name) return one(CreateForeignKey{o.table, o.schema, fk}, "");
                break;
              case ConstraintType::kUnique:
                for (const auto& u : t->unique_constraints)
                  if (u.name == o.name) return one(CreateUniqueConstraint{o.name, o.table, o.schema, u.columns}, "");
                break;
              case ConstraintType::kCheck:
                for (const auto& ck : t->check_constraints)
                  if (ck.name == o.name) return one(CreateCheckConstraint{o.name, o.table, o.schema, ck.condition}, "");
                break;
              case ConstraintType::kPrimary: {
                const std::vector<std::string> columns = primary_key_columns(*t);
                if (!columns.empty()) return one(CreatePrimaryKey{o.name, o.table, o.schema, columns}, "");
                break;
              }
            }
            return none(what);
          },
          // The comment comes back as the live table had it, whatever the
          // file's existing_comment says; the file's is the fallback.
          [&](const CreateTableComment& o) -> Inverse {
            const auto t = tables.table(o.schema, o.table);
            const auto before = t ? t->comment : o.existing_comment;
            if (before && !before->empty()) return one(CreateTableComment{o.table, o.schema, *before, o.comment}, "");
            return one(DropTableComment{o.table, o.schema, o.comment}, "");
          },
          [&](const DropTableComment& o) -> Inverse {
            const auto t = tables.table(o.schema, o.table);
            const auto before = t ? t->comment : o.existing_comment;
            if (before && !before->empty()) return one(CreateTableComment{o.table, o.schema, *before, std::nullopt}, "");
            if (t) return {{}, "", std::nullopt};  // the table had no comment: nothing to undo
            return none("the comment of table '" + key(o.schema, o.table) + "'");
          },
          [&](const CreateEnum& o) -> Inverse { return one(DropEnum{o.name, o.schema, o.values}, ""); },
          [&](const DropEnum& o) -> Inverse { return one(CreateEnum{o.name, o.schema, o.values}, ""); },
          [&](const AlterEnum& o) -> Inverse { return one(AlterEnum{o.name, o.schema, o.existing_values, o.values}, ""); },
          [&](const Execute& o) -> Inverse { return none("what `" + statement_named(o.sql) + "` did"); },
          [&](const BulkInsert& o) -> Inverse { return none("the rows it inserted into '" + key(o.schema, o.table) + "'"); },
      },
      op);
}

}  // namespace strata::core
