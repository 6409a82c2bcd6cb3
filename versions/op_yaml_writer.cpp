#include "versions/op_yaml_writer.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace strata::versions {

namespace {

using namespace core;

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

constexpr size_t kMaxFlowLine = 100;  // longer one-line operations are written as block maps

// UTF-8 sequences YAML treats as line breaks or byte-order marks, and C1
// controls (not printable in YAML): never plain, escaped when quoted. Returns
// the code point and sets LEN, or 0 when S[I..] starts with none of them.
unsigned special_unicode(std::string_view s, size_t i, size_t& len) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (at(0) == 0xC2 && at(1) >= 0x80 && at(1) <= 0x9F) return len = 2, at(1);  // U+0080..U+009F, NEL included
  if (at(0) == 0xE2 && at(1) == 0x80 && (at(2) == 0xA8 || at(2) == 0xA9)) return len = 3, 0x2000u + at(2) - 0x80;
  if (at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return len = 3, 0xFEFFu;
  return 0;
}

bool has_special_unicode(std::string_view s) {
  size_t len = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (special_unicode(s, i, len)) return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether S may be written plain: it must read back as the same string in
// block and in flow context, and no YAML reader (1.1 or 1.2) may take it for
// null, a boolean or a number. Deliberately conservative: quoting is always safe.
bool plain_ok(std::string_view s) {
  if (s.empty() || s.back() == ' ') return false;
  unsigned char first = static_cast<unsigned char>(s.front());
  // Digits, signs and dots may start numbers (1e3, .5, -1, 0x1f, 1_000); the
  // other ASCII punctuation is a YAML indicator or a quote.
  if (!(std::isalpha(first) || first == '_' || first == '(' || first == '/' || first == '$' || first >= 0x80))
    return false;
  for (unsigned char c : s) {
    if (c >= 0x80 || std::isalnum(c)) continue;
    if (std::string_view(" _.()=+/;$<>*-~^|!&%@'").find(static_cast<char>(c)) == std::string_view::npos)
      return false;  // : # , [ ] { } " \ ` and controls
  }
  if (has_special_unicode(s)) return false;
  static constexpr std::string_view kWords[] = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"};
  const std::string l = lower(s);
  for (auto w : kWords)
    if (l == w) return false;
  // Backstop: what the bulk_insert reader (yaml-cpp's converters) would not take as a string.
  YAML::Node n(std::string{s});
  bool b = false;
  long long i = 0;
  double d = 0;
  return !YAML::convert<bool>::decode(n, b) && !YAML::convert<long long>::decode(n, i) &&
         !YAML::convert<double>::decode(n, d);
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    char buf[16];
    if (unsigned cp = special_unicode(s, i, len)) {
      std::snprintf(buf, sizeof buf, "\\u%04X", cp);
      out += buf;
      i += len - 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_flow_scalar(items[i]);
  return out + "]";
}

// Lines of SQL for a literal block scalar, or false when the text cannot be
// one that reads back exactly (and survives render_yaml_revision, which strips
// trailing spaces): then it is double-quoted. CHOMP is "|" or "|-".
bool literal_block(std::string_view s, std::vector<std::string>& lines, std::string& chomp) {
  if (s.find('\n') == std::string_view::npos || has_special_unicode(s)) return false;
  if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n') return false;  // indentation would be misread
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
  chomp = "|-";
  if (s.back() == '\n') {
    s.remove_suffix(1);
    chomp = "|";
    if (s.empty() || s.back() == '\n') return false;  // several trailing newlines: quoted
  }
  lines.clear();
  size_t pos = 0;
  while (true) {
    size_t eol = s.find('\n', pos);
    std::string_view line = s.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) return false;
    lines.emplace_back(line);
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return true;
}

// One key of an operation's map. A field holds a flow value, or a block list
// of flow items, or the lines of a literal block scalar.
struct Field {
  std::string key;
  std::string value;               ///< flow text, or the chomping indicator of a block scalar
  std::vector<std::string> items;  ///< a block list ("key:\n  - item")
  std::vector<std::string> block;  ///< a literal block scalar's lines
  bool is_list = false;
};

struct Fields {
  std::vector<Field> list;
  void add(std::string key, std::string flow_value) {
    Field f;
    f.key = std::move(key);
    f.value = std::move(flow_value);
    list.push_back(std::move(f));
  }
  void str(const char* key, const std::string& v) { add(key, yaml_flow_scalar(v)); }
  void str_if(const char* key, const std::string& v) {
    if (!v.empty()) str(key, v);
  }
  void opt(const char* key, const std::optional<std::string>& v) {
    if (v) str(key, *v);
  }
  void flag(const char* key, bool v) { add(key, v ? "true" : "false"); }
  void strings(const char* key, const std::vector<std::string>& v) { add(key, flow_list(v)); }
  void items(const char* key, std::vector<std::string> v) {
    Field f;
    f.key = key;
    f.items = std::move(v);
    f.is_list = true;
    list.push_back(std::move(f));
  }
  void sql(const char* key, const std::string& text) {
    Field f;
    f.key = key;
    if (!literal_block(text, f.block, f.value)) {
      f.block.clear();
      f.value = yaml_flow_scalar(text);
    }
    list.push_back(std::move(f));
  }
  bool flowable() const {
    for (const auto& f : list)
      if (f.is_list || !f.block.empty()) return false;
    return true;
  }
};

std::string flow_map(const Fields& fields) {
  std::string out = "{";
  for (size_t i = 0; i < fields.list.size(); ++i)
    out += (i ? ", " : "") + fields.list[i].key + ": " + fields.list[i].value;
  return out + "}";
}

void append_block_scalar(std::string& out, const std::string& chomp, const std::vector<std::string>& lines,
                         size_t indent) {
  out += chomp + "\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].empty()) out += std::string(indent, ' ') + lines[i];
    if (i + 1 < lines.size()) out += "\n";
  }
}

// "  - NAME: {...}" when it fits on a line, else a block map indented under the item.
std::string item(const char* name, const Fields& fields, bool force_block = false) {
  std::string head = std::string("  - ") + name + ":";
  if (!force_block && fields.flowable()) {
    std::string line = head + " " + flow_map(fields);
    if (line.size() <= kMaxFlowLine || fields.list.size() <= 1) return line;
  }
  std::string out = head;
  const std::string pad(6, ' ');
  for (const auto& f : fields.list) {
    out += "\n" + pad + f.key + ":";
    if (f.is_list) {
      if (f.items.empty()) out += " []";
      for (const auto& it : f.items) out += "\n" + pad + "  - " + it;
    } else if (!f.block.empty()) {
      out += " ";
      append_block_scalar(out, f.value, f.block, pad.size() + 2);
    } else {
      out += " " + f.value;
    }
  }
  return out;
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
  if (c.unique) f.flag("unique", true);
  if (c.index) f.flag("index", true);
  if (c.autoincrement) f.flag("autoincrement", *c.autoincrement);
  if (c.foreign_key) f.add("foreign_key", column_foreign_key(c));
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
  if (!t.indexes.empty()) {
    v.clear();
    for (const auto& ix : t.indexes) {
      Fields i;
      i.str_if("name", ix.name);
      i.strings("columns", ix.columns);
      if (ix.unique) i.flag("unique", true);
      i.opt("where", ix.where);
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
                          f.strings("columns", o.columns);
                          if (o.unique) f.flag("unique", true);
                          f.opt("where", o.where);
                          return item("create_index", f);
                        },
                        [](const DropIndex& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str_if("table", o.table);
                          f.str_if("schema", o.schema);
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
                          return item("create_foreign_key", f);
                        },
                        [](const CreateCheckConstraint& o) {
                          Fields f;
                          f.str("name", o.name);
                          f.str("table", o.table);
                          f.str_if("schema", o.schema);
                          f.str("condition", o.condition);
                          return item("create_check_constraint", f);
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
                    },
                    op);
}

}  // namespace

std::string yaml_flow_scalar(std::string_view s) { return plain_ok(s) ? std::string(s) : double_quoted(s); }

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
  std::string out = "tables:";
  if (schema.tables.empty()) out += " []";
  for (const auto& t : schema.tables) {
    const Fields f = table_fields(t);
    for (size_t k = 0; k < f.list.size(); ++k) {
      const auto& field = f.list[k];
      out += "\n" + std::string(k == 0 ? "  - " : "    ") + field.key + ":";
      const std::string pad(4, ' ');
      if (field.is_list) {
        if (field.items.empty()) out += " []";
        for (const auto& it : field.items) out += "\n" + pad + "  - " + it;
      } else if (!field.block.empty()) {
        out += " ";
        append_block_scalar(out, field.value, field.block, pad.size() + 2);
      } else {
        out += " " + field.value;
      }
    }
  }
  return out + "\n";
}

std::string ops_to_yaml(const std::vector<Op>& ops) {
  std::vector<WrittenOp> written;
  written.reserve(ops.size());
  for (const auto& op : ops) written.push_back(WrittenOp{op, ""});
  return ops_to_yaml(written);
}

}  // namespace strata::versions
