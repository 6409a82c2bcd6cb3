#include "versions/op_yaml_writer.h"

#include <stdexcept>

#include "core/overload.h"
#include "versions/yaml_emit.h"

namespace strata::versions {

namespace {

using namespace core;
using namespace yaml_emit;

constexpr size_t kMaxFlowLine = 100;  // longer one-line operations are written as block maps

// "  - NAME: {...}" when it fits on a line, else a block map indented under the item.
std::string item(const char* name, const Fields& fields, bool force_block = false) {
  std::string head = std::string("  - ") + name + ":";
  if (!force_block && fields.flowable()) {
    std::string line = head + " " + flow_map(fields);
    if (line.size() <= kMaxFlowLine || fields.list.size() <= 1) return line;
  }
  std::string out = head;
  const std::string pad(6, ' ');
  append_fields(out, fields, "\n" + pad, pad);
  return out;
}

// An index's keys as parse_index_columns reads them back: a plain
// ascending column as its name, anything else as a map.
std::string index_columns(const std::vector<IndexElement>& keys) {
  std::vector<std::string> items;
  for (const auto& k : keys) {
    const bool column = k.expression.empty();
    if (column && k.opclass.empty() && !k.descending && !k.length) {
      items.push_back(yaml_flow_scalar(k.column));
      continue;
    }
    Fields f;
    if (!column) f.str("expression", k.expression);
    else f.str("column", k.column);
    f.str_if("opclass", k.opclass);
    if (k.descending) f.add("order", "desc");
    if (k.length) f.add("length", std::to_string(*k.length));
    items.push_back(flow_map(f));
  }
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// A column's foreign key in the short form parse_foreign_key reads back:
// "[schema.]table.column", or {references: ..., name, ondelete, onupdate}.
std::string column_foreign_key(const Column& c) {
  const ForeignKey& fk = *c.foreign_key;
  auto bad = [&](const std::string& why) {
    throw std::invalid_argument("column '" + c.name +
                                "': its foreign key cannot be written in the column form: " + why);
  };
  if (!fk.columns.empty() && fk.columns != std::vector<std::string>{c.name})
    bad("its columns are not just this column (use the table's foreign_keys)");
  if (fk.referred_columns.size() != 1) bad("it must refer to exactly one column");
  if (fk.referred_table.empty() || fk.referred_columns[0].empty()) bad("the referred table or column is empty");
  if (fk.referred_table.find('.') != std::string::npos || fk.referred_columns[0].find('.') != std::string::npos)
    bad("a referred table or column name contains '.'");
  std::string ref =
      (fk.referred_schema.empty() ? "" : fk.referred_schema + ".") + fk.referred_table + "." + fk.referred_columns[0];
  if (fk.name.empty() && fk.ondelete.empty() && fk.onupdate.empty()) return yaml_flow_scalar(ref);
  Fields f;
  f.str("references", ref);
  f.str_if("name", fk.name);
  f.str_if("ondelete", fk.ondelete);
  f.str_if("onupdate", fk.onupdate);
  return flow_map(f);
}

std::string column(const Column& c) {
  Fields f;
  f.str("name", c.name);
  f.str("type", c.type);
  if (c.primary_key) f.flag("primary_key", true);
  if (c.nullable != !c.primary_key) f.flag("nullable", c.nullable);  // the default follows primary_key
  f.opt("server_default", c.server_default);
  f.opt("comment", c.comment);
  f.opt("collation", c.collation);
  f.opt("on_update", c.on_update);
  if (c.computed) {
    Fields g;
    g.str("sqltext", c.computed->sqltext);
    if (c.computed->persisted) g.flag("persisted", *c.computed->persisted);
    f.add("computed", flow_map(g));
  }
  if (c.unique) f.flag("unique", true);
  if (c.index) f.flag("index", true);
  if (c.autoincrement) f.flag("autoincrement", *c.autoincrement);
  if (c.foreign_key) f.add("foreign_key", column_foreign_key(c));
  if (c.identity) {
    const Identity& id = *c.identity;
    Fields i;
    if (id.always) i.flag("always", true);
    if (id.start) i.add("start", std::to_string(*id.start));
    if (id.increment) i.add("increment", std::to_string(*id.increment));
    f.add("identity", i.list.empty() ? "true" : flow_map(i));
  }
  return flow_map(f);
}

void table_foreign_key_fields(Fields& f, const ForeignKey& fk) {
  f.strings("columns", fk.columns);
  f.str_if("referred_schema", fk.referred_schema);
  f.str("referred_table", fk.referred_table);
  f.strings("referred_columns", fk.referred_columns);
  f.str_if("ondelete", fk.ondelete);
  f.str_if("onupdate", fk.onupdate);
}

Fields table_fields(const Table& t) {
  Fields f;
  f.str("name", t.name);
  f.str_if("schema", t.schema);
  f.opt("comment", t.comment);
  std::vector<std::string> v;
  for (const auto& c : t.columns) v.push_back(column(c));
  f.items("columns", std::move(v));
  if (!t.primary_key.name.empty() || !t.primary_key.columns.empty()) {
    Fields k;
    k.str_if("name", t.primary_key.name);
    if (!t.primary_key.columns.empty()) k.strings("columns", t.primary_key.columns);
    f.add("primary_key", flow_map(k));
  }
  if (t.sqlite_autoincrement) f.flag("sqlite_autoincrement", true);
  if (t.sqlite_without_rowid) f.flag("sqlite_without_rowid", true);
  if (!t.indexes.empty()) {
    v.clear();
    for (const auto& ix : t.indexes) {
      Fields i;
      i.str_if("name", ix.name);
      i.add("columns", index_columns(ix.columns));
      if (ix.unique) i.flag("unique", true);
      i.opt("where", ix.where);
      i.str_if("using", ix.method);
      v.push_back(flow_map(i));
    }
    f.items("indexes", std::move(v));
  }
  if (!t.unique_constraints.empty()) {
    v.clear();
    for (const auto& uq : t.unique_constraints) {
      Fields i;
      i.str_if("name", uq.name);
      i.strings("columns", uq.columns);
      v.push_back(flow_map(i));
    }
    f.items("unique_constraints", std::move(v));
  }
  if (!t.check_constraints.empty()) {
    v.clear();
    for (const auto& ck : t.check_constraints) {
      Fields i;
      i.str_if("name", ck.name);
      i.str("condition", ck.condition);
      v.push_back(flow_map(i));
    }
    f.items("check_constraints", std::move(v));
  }
  if (!t.foreign_keys.empty()) {
    v.clear();
    for (const auto& fk : t.foreign_keys) {
      Fields i;
      i.str_if("name", fk.name);
      table_foreign_key_fields(i, fk);
      v.push_back(flow_map(i));
    }
    f.items("foreign_keys", std::move(v));
  }
  return f;
}

std::string create_table(const Table& t) { return item("create_table", table_fields(t), true); }

// A bulk_insert value: its YAML form must give the same Literal::Kind back.
std::string literal(const Literal& l) {
  // Numbers are written as they are when that is a safe plain scalar; a text
  // that is not one (never produced by the parser) is quoted and reads back as a string.
  auto number = [&](const std::string& t) {
    bool safe = !t.empty();
    for (unsigned char c : t) safe = safe && (std::isalnum(c) || c == '.' || c == '+' || c == '-' || c == '_');
    return safe ? t : double_quoted(t);
  };
  switch (l.kind) {
    case Literal::Kind::kNull:
      return "null";
    case Literal::Kind::kBool:
      return l.text == "true" ? "true" : "false";
    case Literal::Kind::kInteger:
    case Literal::Kind::kFloat:
      return number(l.text);
    case Literal::Kind::kString:
      break;
  }
  return yaml_flow_scalar(l.text);
}

const char* constraint_type(ConstraintType t) {
  switch (t) {
    case ConstraintType::kForeignKey:
      return "foreignkey";
    case ConstraintType::kUnique:
      return "unique";
    case ConstraintType::kCheck:
      return "check";
    case ConstraintType::kPrimary:
      return "primary";
  }
  return "foreignkey";
}

Fields enum_fields(const std::string& name, const std::string& schema, const std::vector<std::string>& values) {
  Fields f;
  f.str("name", name);
  f.str_if("schema", schema);
  f.strings("values", values);
  return f;
}

std::string write_op(const Op& op) {
  return std::visit(Overload{
                        [](const CreateTable& o) { return create_table(o.table); },
                        [](const DropTable& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str_if("schema", o.schema);
                          return item("drop_table", f);
                        },
                        [](const RenameTable& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("new_name", o.new_name);
                          f.str_if("schema", o.schema);
                          return item("rename_table", f);
                        },
                        [](const AddColumn& o) {
                          Fields f;
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.add("column", column(o.column));
                          return item("add_column", f, true);
                        },
                        [](const DropColumn& o) {
                          Fields f;
                          f.str("table", o.table);
                          f.str("name", o.name);
                          f.str_if("schema", o.schema);
                          return item("drop_column", f);
                        },
                        [](const AlterColumn& o) {
                          Fields f;
                          f.str("table", o.table);
                          f.str("name", o.name);
                          f.str_if("schema", o.schema);
                          f.opt("new_name", o.new_name);
                          f.opt("type", o.type);
                          if (o.nullable) f.flag("nullable", *o.nullable);
                          // Set to nullopt: `null`, which drops the default / comment.
                          if (o.server_default)
                            f.add("server_default", *o.server_default ? yaml_flow_scalar(**o.server_default) : "null");
                          if (o.comment) f.add("comment", *o.comment ? yaml_flow_scalar(**o.comment) : "null");
                          f.opt("existing_type", o.existing_type);
                          if (o.existing_nullable) f.flag("existing_nullable", *o.existing_nullable);
                          f.opt("existing_server_default", o.existing_server_default);
                          return item("alter_column", f);
                        },
                        [](const CreateIndex& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.add("columns", index_columns(o.columns));
                          if (o.unique) f.flag("unique", true);
                          f.opt("where", o.where);
                          f.str_if("using", o.method);
                          if (o.concurrently) f.flag("concurrently", true);
                          return item("create_index", f);
                        },
                        [](const DropIndex& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str_if("table", o.table);
                          f.str_if("schema", o.schema);
                          if (o.concurrently) f.flag("concurrently", true);
                          return item("drop_index", f);
                        },
                        [](const CreateUniqueConstraint& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.strings("columns", o.columns);
                          return item("create_unique_constraint", f);
                        },
                        [](const CreateForeignKey& o) {
                          Fields f;
                          f.str("name", o.key.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          table_foreign_key_fields(f, o.key);
                          if (o.not_valid) f.flag("not_valid", true);
                          return item("create_foreign_key", f);
                        },
                        [](const CreateCheckConstraint& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.str("condition", o.condition);
                          if (o.not_valid) f.flag("not_valid", true);
                          return item("create_check_constraint", f);
                        },
                        [](const ValidateConstraint& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          return item("validate_constraint", f);
                        },
                        [](const CreatePrimaryKey& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.strings("columns", o.columns);
                          return item("create_primary_key", f);
                        },
                        [](const DropConstraint& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.add("type", constraint_type(o.type));
                          return item("drop_constraint", f);
                        },
                        [](const CreateTableComment& o) {
                          Fields f;
                          f.str("table", o.table);
                          f.str("comment", o.comment);
                          f.opt("existing_comment", o.existing_comment);
                          f.str_if("schema", o.schema);
                          return item("create_table_comment", f);
                        },
                        [](const DropTableComment& o) {
                          Fields f;
                          f.str("table", o.table);
                          f.opt("existing_comment", o.existing_comment);
                          f.str_if("schema", o.schema);
                          return item("drop_table_comment", f);
                        },
                        [](const Execute& o) {
                          if (o.dialect) {
                            Fields f;
                            f.sql("sql", o.sql);
                            f.str("dialect", *o.dialect);
                            return item("execute", f);
                          }
                          // The scalar form: "execute: SQL" or a block scalar under the item.
                          std::vector<std::string> lines;
                          std::string chomp;
                          std::string out = "  - execute: ";
                          if (literal_block(o.sql, lines, chomp))
                            append_block_scalar(out, chomp, lines, 6);
                          else
                            out += yaml_flow_scalar(o.sql);
                          return out;
                        },
                        [](const BulkInsert& o) {
                          Fields f;
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          std::vector<std::string> rows;
                          for (const auto& row : o.rows) {
                            std::string r = "{";
                            for (size_t i = 0; i < row.size(); ++i)
                              r += (i ? ", " : "") + yaml_flow_scalar(row[i].first) + ": " + literal(row[i].second);
                            rows.push_back(r + "}");
                          }
                          f.items("rows", std::move(rows));
                          return item("bulk_insert", f, true);
                        },
                        [](const CreateEnum& o) { return item("create_enum", enum_fields(o.name, o.schema, o.values)); },
                        [](const DropEnum& o) { return item("drop_enum", enum_fields(o.name, o.schema, o.values)); },
                        [](const AlterEnum& o) {
                          Fields f = enum_fields(o.name, o.schema, o.values);
                          f.strings("existing_values", o.existing_values);
                          return item("alter_enum", f);
                        },
                    },
                    op);
}

}  // namespace

std::string ops_to_yaml(const std::vector<WrittenOp>& ops) {
  std::string out;
  for (const auto& w : ops) {
    if (!w.comment.empty()) {
      size_t pos = 0;
      while (pos <= w.comment.size()) {
        size_t eol = w.comment.find_first_of("\r\n", pos);
        std::string line = w.comment.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        out += (out.empty() ? "" : "\n") + std::string(line.empty() ? "  #" : "  # " + line);
        if (eol == std::string::npos) break;
        pos = eol + (w.comment.compare(eol, 2, "\r\n") == 0 ? 2 : 1);
      }
    }
    out += (out.empty() ? "" : "\n") + write_op(w.op);
  }
  return out;
}

std::string models_to_yaml(const Schema& schema) {
  // The entries of create_table's block form, as a top-level `tables:` list
  // (SPEC §4): the first field on the "- " line, the others under it.
  std::string out;
  if (!schema.enums.empty()) {
    out = "enums:";
    for (const auto& e : schema.enums) out += "\n  - " + flow_map(enum_fields(e.name, e.schema, e.values));
    out += "\n";
  }
  out += "tables:";
  if (schema.tables.empty()) out += " []";
  for (const auto& t : schema.tables) append_fields(out, table_fields(t), "\n  - ", "    ");
  return out + "\n";
}

std::string ops_to_yaml(const std::vector<Op>& ops) {
  std::vector<WrittenOp> written;
  written.reserve(ops.size());
  for (const auto& op : ops) written.push_back(WrittenOp{op, ""});
  return ops_to_yaml(written);
}

}  // namespace strata::versions
