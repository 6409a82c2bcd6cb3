#include "core/compensation.h"

#include <algorithm>

#include "core/table_edit.h"

namespace strata::core {

namespace {

template <class... F> struct Overload : F... { using F::operator()...; };
template <class... F> Overload(F...) -> Overload<F...>;

std::string key(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

const Column* column_of(const std::optional<Table>& t, const std::string& name) {
  if (!t) return nullptr;
  for (const auto& c : t->columns)
    if (c.name == name) return &c;
  return nullptr;
}

Inverse none(std::string loss) { return {{}, std::move(loss)}; }

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
Inverse one(Op op, std::string loss) { return {{std::move(op)}, std::move(loss)}; }

}  // namespace

bool inverse_needs_table(const Op& op) {
  return std::holds_alternative<DropTable>(op) || std::holds_alternative<DropColumn>(op) ||
         std::holds_alternative<AlterColumn>(op) || std::holds_alternative<DropIndex>(op) ||
         std::holds_alternative<DropConstraint>(op);
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
          [&](const AddColumn& o) -> Inverse { return one(DropColumn{o.table, o.column.name, o.schema}, ""); },
          [&](const DropColumn& o) -> Inverse {
            const auto t = tables.table(o.schema, o.table);
            const Column* c = column_of(t, o.name);
            if (!c) return none("column '" + key(o.schema, o.table) + "." + o.name + "'");
            // Dropping the column dropped what involves it; those come back too.
            Inverse inv{{AddColumn{o.table, o.schema, *c}},
                        "the values of column '" + key(o.schema, o.table) + "." + o.name +
                            "' (it comes back as the table's last column)"};
            auto involves = [&](const std::vector<std::string>& cols) {
              return std::find(cols.begin(), cols.end(), o.name) != cols.end();
            };
            for (const auto& i : t->indexes)
              if (involves(index_column_names(i.columns)))
                inv.ops.push_back(CreateIndex{i.name, o.table, o.schema, i.columns, i.unique, i.where, i.method});
            for (const auto& u : t->unique_constraints)
              if (involves(u.columns)) inv.ops.push_back(CreateUniqueConstraint{u.name, o.table, o.schema, u.columns});
            for (const auto& fk : t->foreign_keys)
              if (involves(fk.columns)) inv.ops.push_back(CreateForeignKey{o.table, o.schema, fk});
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
          [&](const CreateIndex& o) -> Inverse { return one(DropIndex{o.name, o.table, o.schema}, ""); },
          [&](const DropIndex& o) -> Inverse {
            auto t = tables.table(o.schema, o.table);
            if (t)
              for (const auto& i : t->indexes)
                if (i.name == o.name)
                  return one(CreateIndex{i.name, o.table, o.schema, i.columns, i.unique, i.where, i.method}, "");
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
          [&](const CreateTableComment& o) -> Inverse {
            if (o.existing_comment) return one(CreateTableComment{o.table, o.schema, *o.existing_comment, o.comment}, "");
            return one(DropTableComment{o.table, o.schema, o.comment}, "");
          },
          [&](const DropTableComment& o) -> Inverse {
            if (!o.existing_comment) return none("the comment of table '" + key(o.schema, o.table) + "'");
            return one(CreateTableComment{o.table, o.schema, *o.existing_comment, std::nullopt}, "");
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
