#include "versions/alembic_revision_file.h"

#include <stdexcept>

#include "core/error.h"
#include "versions/alembic_ops.h"
#include "versions/op_yaml_writer.h"
#include "versions/revision_yaml.h"

namespace strata::versions {

namespace {

using Kind = py::Node::Kind;

// Constants may name constants (`DOWN = BASE`); a chain this long is a loop.
constexpr int kMaxNameChain = 64;

struct FileScope {
  const std::string& file;
  const AlembicContext& context;
};

[[noreturn]] void fail(const FileScope& f, int line, const std::string& message) {
  throw core::ScriptError(f.file + ":" + std::to_string(line) + ": " + message);
}

// NODE with names replaced by the constant or --define they stand for.
const py::Node& resolve(const py::Node& node, const FileScope& f, const std::string& what, int depth = 0) {
  if (node.kind != Kind::kName && node.kind != Kind::kAttribute) return node;
  std::string name = py::dotted_name(node);
  if (auto it = f.context.constants.find(name); it != f.context.constants.end()) {
    if (depth >= kMaxNameChain) fail(f, node.line, what + ": the name '" + name + "' refers to itself");
    return resolve(it->second, f, what, depth + 1);
  }
  std::string root = name.substr(0, name.find('.'));
  std::string origin;
  if (auto imported = f.context.imports.find(root); imported != f.context.imports.end())
    origin = " (it is imported from " + imported->second + ")";
  fail(f, node.line,
       what + " is the name '" + name + "', which is not a constant of this file" + origin +
           "; give its value with --define " + name + "=VALUE");
}

// A string, a tuple or list of strings, or None (Alembic's util.to_tuple).
std::vector<std::string> strings(const py::Node& value, const FileScope& f, const std::string& what) {
  const py::Node& v = resolve(value, f, what);
  if (v.kind == Kind::kNone) return {};
  if (v.kind == Kind::kString) return {v.text};
  if (v.kind == Kind::kTuple || v.kind == Kind::kList) {
    std::vector<std::string> out;
    for (const auto& item : v.items) {
      const py::Node& s = resolve(item, f, what);
      if (s.kind != Kind::kString)
        fail(f, item.line, what + " must hold strings; `" + py::to_source(item) + "` is not one");
      out.push_back(s.text);
    }
    return out;
  }
  fail(f, value.line, what + " must be a string, a tuple or list of strings, or None, not `" + py::to_source(value) + "`");
}

std::string stripped(std::string_view s) {
  while (!s.empty() && std::string_view(" \t\r\n").find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && std::string_view(" \t\r\n").find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return std::string(s);
}

// Alembic's Script.doc: the docstring stripped, up to its first blank line.
std::string doc_of(const std::string& docstring) {
  std::string doc = stripped(docstring);
  auto paragraph = doc.find("\n\n");
  return paragraph == std::string::npos ? doc : doc.substr(0, paragraph);
}

// The "Create Date: ..." line `alembic revision` writes into the docstring.
std::string create_date_of(const std::string& docstring) {
  constexpr std::string_view kLabel = "Create Date:";
  size_t pos = 0;
  while (pos < docstring.size()) {
    size_t eol = docstring.find('\n', pos);
    if (eol == std::string::npos) eol = docstring.size();
    std::string line = stripped(std::string_view(docstring).substr(pos, eol - pos));
    if (line.starts_with(kLabel)) return stripped(std::string_view(line).substr(kLabel.size()));
    pos = eol + 1;
  }
  return "";
}

bool is_legacy_file_name(const std::string& name) {
  // Alembic 0.1's `<hex>.py`, whose id is its name.
  if (!name.ends_with(".py") || name.size() == 3) return false;
  return name.find_first_not_of("0123456789abcdef") == name.size() - 3;
}

// Lines FIRST..LAST (1-based) of TEXT, found once per file.
class SourceLines {
 public:
  explicit SourceLines(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  std::string_view line(int number) const {
    if (number < 1 || static_cast<size_t>(number) > starts_.size()) return {};
    size_t begin = starts_[number - 1];
    size_t end = static_cast<size_t>(number) < starts_.size() ? starts_[number] - 1 : text_.size();
    std::string_view l = text_.substr(begin, end - begin);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// The untranslated form of a body (see docs/decisions.md), with the Python
// code kept as comments for whoever writes the operations by hand.
std::string untranslated_yaml(const std::string& reason, const py::Function* fn, const SourceLines& lines) {
  std::string out = "  untranslated: " + yaml_scalar(reason);
  if (!fn) return out;
  out += "\n  # The Alembic code, to be written as operations in place of 'untranslated:':";
  for (int n = fn->line; n <= fn->end_line; ++n) {
    std::string code(lines.line(n));
    for (auto& c : code)
      if (c == '\t') c = ' ';  // a tab anywhere sends the header scanner to its slow path
    out += "\n  #   " + code;
    while (out.back() == ' ') out.pop_back();
  }
  return out;
}

// Notes of the translator as comment lines above the operations.
std::string notes_yaml(const std::vector<std::string>& notes) {
  std::string out;
  for (const auto& note : notes) {
    std::string line = note;
    for (auto& c : line)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';  // one comment line each
    out += "  # strata import: " + line + "\n";
  }
  return out;
}

// One direction's YAML: the operations, or the untranslated form.
std::string direction_yaml(const py::Module& module, const char* name, const AlembicContext& context,
                           const SourceLines& lines, std::optional<std::string>& untranslated,
                           std::vector<std::string>& notes) {
  const py::Function* fn = module.function(name);
  if (!fn) {
    untranslated = "the file has no " + std::string(name) + "() function (" + context.file + ":1)";
    return untranslated_yaml(*untranslated, nullptr, lines);
  }
  BodyTranslation t = translate_body(*fn, context);
  if (!t.untranslated) {
    try {
      std::string ops = ops_to_yaml(t.ops);
      for (const auto& note : t.notes) notes.push_back(std::string(name) + ": " + note);
      std::string comments = notes_yaml(t.notes);
      if (comments.empty()) return ops;
      // Comments alone would leave the direction null, which reads as "nothing to do" too.
      return ops.empty() ? comments + "  []" : comments + ops;
    } catch (const std::invalid_argument& e) {
      t.untranslated = std::string(e.what()) + " (" + context.file + ":" + std::to_string(fn->line) + ")";
    }
  }
  untranslated = *t.untranslated;
  return untranslated_yaml(*untranslated, fn, lines);
}

AlembicContext context_of(const py::Module& module, const std::string& file, const Defines& defines) {
  AlembicContext c;
  c.file = file;
  for (const auto& s : module.statements) {
    if (s.kind == py::Statement::Kind::kAssign) {
      for (const auto& target : s.targets) c.constants[target] = s.value;
    } else if (s.kind == py::Statement::Kind::kImport) {
      // `from a.b import c` binds c to a.b.c; `import a.b as c` binds c to a.b.
      const bool from = s.text.starts_with("from");
      for (const auto& [imported, bound] : s.names)
        if (bound != "*") c.imports[bound] = from ? s.value.text + "." + imported : imported;
    }
  }
  for (const auto& [name, value] : defines) c.constants[name] = value;  // the command line wins
  return c;
}

}  // namespace

Defines parse_defines(const std::vector<std::string>& name_equals_value) {
  Defines out;
  for (const auto& d : name_equals_value) {
    auto eq = d.find('=');
    std::string name = stripped(std::string_view(d).substr(0, eq));
    if (eq == std::string::npos || name.empty())
      throw core::UsageError("--define '" + d + "': expected NAME=VALUE (e.g. --define BASE_REVISION=1975ea83b712)");
    std::string value = d.substr(eq + 1);
    py::Node node;
    bool literal = false;
    try {
      py::Module m = py::parse_module("_ = " + value + "\n", "--define " + name);
      const py::Node* parsed = m.assignment("_");
      literal = parsed && (parsed->kind == Kind::kString || parsed->kind == Kind::kNone ||
                           parsed->kind == Kind::kTuple || parsed->kind == Kind::kList);
      if (literal) node = *parsed;
    } catch (const core::ScriptError&) {
      // Not Python: a plain string, as a bare id is.
    }
    if (!literal) {
      node.kind = Kind::kString;
      node.text = value;
    }
    out[name] = std::move(node);
  }
  return out;
}

AlembicRevision read_alembic_revision(std::string_view text, const std::string& shown_path,
                                      const std::string& file_name, const Defines& defines) {
  py::Module module = py::parse_module(text, shown_path);
  AlembicContext context = context_of(module, shown_path, defines);
  FileScope scope{shown_path, context};
  AlembicRevision r;
  auto& h = r.header;
  h.path = shown_path;

  if (const py::Node* rev = module.assignment("revision")) {
    const py::Node& v = resolve(*rev, scope, "revision");
    if (v.kind != Kind::kString) fail(scope, rev->line, "revision must be a string, not `" + py::to_source(*rev) + "`");
    if (v.text.empty()) fail(scope, rev->line, "revision is an empty string");
    h.id = v.text;
    r.revision_line = rev->line;
  } else if (is_legacy_file_name(file_name)) {
    h.id = file_name.substr(0, file_name.size() - 3);
  } else {
    throw core::ScriptError(shown_path +
                            ": no 'revision = ...' assignment: not an Alembic revision file (Alembic refuses it too)");
  }
  const py::Node* down = module.assignment("down_revision");
  if (!down)
    throw core::ScriptError(shown_path + ": no 'down_revision = ...' assignment (write down_revision = None for a base)");
  h.down_revisions = strings(*down, scope, "down_revision");
  r.down_revision_line = down->line;
  for (const auto& id : h.down_revisions)
    if (id.empty()) fail(scope, down->line, "down_revision holds an empty revision id");
  if (const py::Node* labels = module.assignment("branch_labels")) h.branch_labels = strings(*labels, scope, "branch_labels");
  if (const py::Node* deps = module.assignment("depends_on")) h.depends_on = strings(*deps, scope, "depends_on");
  h.message = doc_of(module.docstring);
  h.create_date = create_date_of(module.docstring);

  SourceLines lines(text);
  r.upgrade_yaml = direction_yaml(module, "upgrade", context, lines, r.untranslated_upgrade, r.notes);
  r.downgrade_yaml = direction_yaml(module, "downgrade", context, lines, r.untranslated_downgrade, r.notes);
  return r;
}

}  // namespace strata::versions
