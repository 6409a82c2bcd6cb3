// Names, literals and argument binding for the Alembic translators.
#include "versions/alembic_scope.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace strata::versions::alembic {

namespace {

// Alembic's templates import these under these names; a file that binds them
// otherwise says so in its imports, which win.
const std::map<std::string, std::string, std::less<>>& face_value_modules() {
  static const std::map<std::string, std::string, std::less<>> modules = {
      {"sa", "sqlalchemy"},
      {"op", "alembic.op"},
      {"postgresql", "sqlalchemy.dialects.postgresql"},
      {"mysql", "sqlalchemy.dialects.mysql"},
      {"sqlite", "sqlalchemy.dialects.sqlite"},
  };
  return modules;
}

// SQLAlchemy defines its names in submodules and exports them from the
// package (`sqlalchemy.types.Integer` is `sqlalchemy.Integer`): one spelling
// for the translators to look up.
std::string shorten_sqlalchemy_path(std::string name) {
  static const char* const kSubmodules[] = {
      "sqlalchemy.sql.sqltypes.", "sqlalchemy.sql.schema.",    "sqlalchemy.sql.expression.",
      "sqlalchemy.sql.elements.", "sqlalchemy.sql.functions.", "sqlalchemy.sql.type_api.",
      "sqlalchemy.sql.",          "sqlalchemy.types.",         "sqlalchemy.schema.",
  };
  for (const char* prefix : kSubmodules) {
    if (name.rfind(prefix, 0) == 0) return "sqlalchemy." + name.substr(std::string_view(prefix).size());
  }
  // sqlalchemy.dialects.postgresql.json.JSONB -> sqlalchemy.dialects.postgresql.JSONB
  const std::string dialects = "sqlalchemy.dialects.";
  if (name.rfind(dialects, 0) == 0) {
    auto dialect_end = name.find('.', dialects.size());
    auto last = name.rfind('.');
    if (dialect_end != std::string::npos && last > dialect_end)
      name = name.substr(0, dialect_end) + name.substr(last);
  }
  return name;
}

bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;  // \w in Python's Unicode mode, roughly
}

// SQLAlchemy's text() (TextClause._bind_params_regex): `:name` is a bind
// parameter unless it follows ':', a word character or '\'; `\:name` is a
// literal colon (the compiler's BIND_PARAMS_ESC).
std::string unescape_text_clause(const py::Node& at, const std::string& sql) {
  std::string out;
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != ':') {
      out += sql[i];
      continue;
    }
    size_t end = i + 1;
    while (end < sql.size() && is_word_byte(sql[end])) ++end;
    const size_t word = end - i - 1;
    const bool colon_after = end < sql.size() && sql[end] == ':';
    const char before = i == 0 ? ' ' : sql[i - 1];
    if (before == '\\' && !colon_after) {
      out.pop_back();  // `\:name` -> `:name`, as SQLAlchemy's compiler unescapes it
    } else if (before != '\\' && before != ':' && !is_word_byte(before) && (word >= 2 || (word == 1 && !colon_after))) {
      // `:ab:` is one too: SQLAlchemy's pattern `:(\w+)(?!:)` backs off to `:a`.
      refuse(at, "SQL text with the bind parameter '" + sql.substr(i, end - i) +
                     "': strata runs SQL as written, without parameters");
    }
    out += ':';
  }
  return out;
}

}  // namespace

void refuse(const py::Node& at, std::string reason) { throw Untranslatable{std::move(reason), at.line}; }
void refuse_at(int line, std::string reason) { throw Untranslatable{std::move(reason), line}; }

std::string at_line(const Scope& scope, int line) {
  return " (" + scope.file() + ":" + std::to_string(line) + ")";
}

const py::Node& Scope::value(const py::Node& node) const {
  const py::Node* at = &node;
  // A constant naming another constant is followed; a cycle (a = b, b = a)
  // ends after a few steps at a name, which is then not a literal.
  for (int step = 0; step < 16 && at->kind == py::Node::Kind::kName; ++step) {
    if (auto local = locals_.find(at->text); local != locals_.end()) {
      at = &local->second;
    } else if (auto constant = context_.constants.find(at->text); constant != context_.constants.end()) {
      at = &constant->second;
    } else {
      break;
    }
  }
  return *at;
}

bool Scope::has_value(const std::string& name) const {
  return locals_.count(name) || context_.constants.count(name);
}

std::string Scope::qualified_name(const py::Node& node) const {
  std::string dotted = py::dotted_name(node);
  if (dotted.empty()) return "";
  const auto dot = dotted.find('.');
  const std::string head = dotted.substr(0, dot);
  const std::string tail = dot == std::string::npos ? "" : dotted.substr(dot);
  if (auto imported = imports_.find(head); imported != imports_.end()) return shorten_sqlalchemy_path(imported->second + tail);
  if (has_value(head)) return dotted;  // a constant of the file, not a module
  if (auto module = face_value_modules().find(head); module != face_value_modules().end())
    return shorten_sqlalchemy_path(module->second + tail);
  return shorten_sqlalchemy_path(dotted);
}

std::string Scope::sqlalchemy_name(const py::Node& node) const {
  const std::string name = qualified_name(node);
  if (name.rfind("sqlalchemy.", 0) == 0) return name.substr(std::string_view("sqlalchemy.").size());
  // Imported from nowhere: SQLAlchemy's, as autogenerate writes `Text()`.
  const bool bare = !name.empty() && name.find('.') == std::string::npos;
  if (bare && !imports_.count(name) && !has_value(name)) return name;
  return "";
}

bool Scope::is_op_call(const py::Node& node, std::string_view name) const {
  return node.kind == py::Node::Kind::kCall && qualified_name(node.items[0]) == "alembic.op." + std::string(name);
}

void Scope::note(const py::Node& at, const std::string& what) const { notes.push_back(what + at_line(*this, at.line)); }

// --- literals ---------------------------------------------------------------------------

void refuse_not_literal(const py::Node& at) { refuse(at, "argument is not a literal: " + py::to_source(at)); }

namespace {

// op.f('name') / batch_op.f('name') (Alembic: "the name is final, do not
// apply the naming convention") and sa.schema.conv('name'), its SQLAlchemy
// spelling: the name as written.
const py::Node* final_name_argument(const Scope& scope, const py::Node& node) {
  if (node.kind != py::Node::Kind::kCall || node.items.size() != 2 || !node.keywords.empty()) return nullptr;
  const py::Node& callee = node.items[0];
  const bool f = scope.is_op_call(node, "f") ||
                 (!scope.batch_alias.empty() && py::dotted_name(callee) == scope.batch_alias + ".f");
  if (f || scope.sqlalchemy_name(callee) == "conv") return &node.items[1];
  return nullptr;
}

[[noreturn]] void refuse_kind(const py::Node& at, std::string_view what, std::string_view expected) {
  if (at.kind == py::Node::Kind::kName || at.kind == py::Node::Kind::kOther || at.kind == py::Node::Kind::kCall ||
      at.kind == py::Node::Kind::kAttribute)
    refuse(at, std::string(what) + ": argument is not a literal: " + py::to_source(at));
  refuse(at, std::string(what) + " must be " + std::string(expected) + ", not " + py::to_source(at));
}

}  // namespace

std::string text(const Scope& scope, const py::Node& node, std::string_view what) {
  const py::Node& v = scope.value(node);
  if (v.kind == py::Node::Kind::kString) return v.text;
  if (const py::Node* inner = final_name_argument(scope, v)) return text(scope, *inner, what);
  refuse_kind(node, what, "a string");
}

std::optional<std::string> optional_text(const Scope& scope, const py::Node& node, std::string_view what) {
  if (is_none(scope, node)) return std::nullopt;
  return text(scope, node, what);
}

bool flag(const Scope& scope, const py::Node& node, std::string_view what) {
  const py::Node& v = scope.value(node);
  if (v.kind == py::Node::Kind::kBool) return v.text == "True";
  refuse_kind(node, what, "True or False");
}

std::vector<std::string> text_list(const Scope& scope, const py::Node& node, std::string_view what) {
  const py::Node& v = scope.value(node);
  if (v.kind != py::Node::Kind::kList && v.kind != py::Node::Kind::kTuple) refuse_kind(node, what, "a list of names");
  std::vector<std::string> out;
  for (const auto& item : v.items) out.push_back(text(scope, item, what));
  return out;
}

std::string sql_text(const Scope& scope, const py::Node& node, std::string_view what) {
  const py::Node& v = scope.value(node);
  if (v.kind == py::Node::Kind::kString) return unescape_text_clause(node, v.text);
  if (v.kind == py::Node::Kind::kCall && scope.sqlalchemy_name(v.items[0]) == "text") {
    if (v.items.size() != 2 || !v.keywords.empty())
      refuse(v, std::string(what) + ": sa.text() takes the SQL only, here: " + py::to_source(v));
    const py::Node& sql = scope.value(v.items[1]);
    if (sql.kind != py::Node::Kind::kString) refuse_kind(v.items[1], what, "a string");
    return unescape_text_clause(v, sql.text);
  }
  refuse_kind(node, what, "a string or sa.text('...')");
}

bool is_none(const Scope& scope, const py::Node& node) { return scope.value(node).kind == py::Node::Kind::kNone; }

std::optional<std::string> python_int(const py::Node& node) {
  if (node.kind != py::Node::Kind::kNumber) return std::nullopt;
  std::string digits;
  for (char c : node.text)
    if (c != '_') digits += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.erase(0, 1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o' || digits[1] == 'b')) {
    base = digits[1] == 'x' ? 16 : digits[1] == 'o' ? 8 : 2;
    digits.erase(0, 2);
  }
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : 99;
    if (d >= base) return std::nullopt;  // a float, an imaginary number, or not Python
  }
  if (base == 10 && digits.size() > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos)
    return std::nullopt;  // `0123` is not Python 3
  errno = 0;
  const long long value = std::strtoll(digits.c_str(), nullptr, base);
  if (errno == ERANGE) return std::nullopt;
  return std::to_string(negative ? -value : value);
}

// --- binding ----------------------------------------------------------------------------

const py::Node* Arguments::get(std::string_view name) const {
  for (const auto& [key, node] : named_)
    if (key == name) return node;
  return nullptr;
}

Arguments bind(const Scope& scope, const py::Node& call, const Signature& signature) {
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  Arguments out;
  out.call_ = &call;
  for (size_t i = 1; i < call.items.size(); ++i) {
    if (i - 1 < signature.positional.size()) {
      out.named_.emplace_back(signature.positional[i - 1], &call.items[i]);
    } else if (signature.varargs) {
      out.rest_.push_back(&call.items[i]);
    } else {
      refuse(call.items[i], signature.function + ": too many positional arguments (" +
                                std::to_string(call.items.size() - 1) + ")");
    }
  }
  for (const auto& [name, value] : call.keywords) {
    if (listed(signature.positional, name) || listed(signature.keywords, name)) {
      if (out.get(name)) refuse(value, signature.function + ": argument '" + name + "' given twice");
      out.named_.emplace_back(name, &value);
    } else if (listed(signature.default_only, name)) {
      const py::Node& v = scope.value(value);
      if (v.kind != py::Node::Kind::kNone && !(v.kind == py::Node::Kind::kBool && v.text == "False"))
        refuse(value, signature.function + ": keyword '" + name + "' has no strata equivalent");
    } else if (!listed(signature.ignored, name)) {
      refuse(value, signature.function + ": keyword '" + name + "' has no strata equivalent");
    }
  }
  return out;
}

}  // namespace strata::versions::alembic
