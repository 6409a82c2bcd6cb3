#include "versions/alembic_project.h"

#include <set>

#include "core/database_url.h"
#include "core/error.h"
#include "core/text.h"
#include "versions/python_reader.h"
#include "versions/script_directory.h"

namespace strata::versions {

namespace fs = std::filesystem;

namespace {

// What `alembic init` writes into alembic.ini: a placeholder, not a database.
constexpr std::string_view kTemplateUrl = "driver://user:pass@localhost/dbname";

// configparser gives up after this many nested %(name)s (MAX_INTERPOLATION_DEPTH).
constexpr int kMaxInterpolationDepth = 10;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && is_space(line[n])) ++n;
  return n;
}

std::string expand(const std::string& value, const std::map<std::string, std::string>& section,
                   const std::map<std::string, std::string>& defaults, const std::string& file, int depth) {
  if (depth > kMaxInterpolationDepth)
    throw core::UsageError(file + ": interpolation of '" + core::redact_url(value) + "' goes deeper than " +
                           std::to_string(kMaxInterpolationDepth) + " levels (a %(name)s that refers to itself?)");
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 1 < value.size() && value[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    auto close = value.find(")s", i);
    if (i + 1 >= value.size() || value[i + 1] != '(' || close == std::string::npos)
      throw core::UsageError(file + ": '%' must be followed by '%' or '(name)s' in '" + core::redact_url(value) +
                             "' (write %% for a literal %)");
    std::string name = core::lower(value.substr(i + 2, close - i - 2));
    const std::string* found = nullptr;
    if (auto it = section.find(name); it != section.end()) found = &it->second;
    else if (auto d = defaults.find(name); d != defaults.end()) found = &d->second;
    if (!found) throw core::UsageError(file + ": %(" + name + ")s names no option of the section or [DEFAULT]");
    out += expand(*found, section, defaults, file, depth + 1);
    i = close + 1;
  }
  return out;
}

// A path from the ini: relative ones start at the ini's folder (see the header).
fs::path resolve(const std::string& text, const fs::path& base) {
  fs::path p(text);
  return (p.is_absolute() ? p : base / p).lexically_normal();
}

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

void require_script_dir(const fs::path& dir, const std::string& shown) {
  if (!is_dir(dir)) throw core::UsageError(shown + ": the Alembic script directory does not exist");
}

// Alembic takes version_table and version_table_schema from env.py's
// context.configure(...) calls, not from the ini: they are found there too,
// without running it. Only string literals count; anything else is left to
// the user, with a note (a wrong version table would silently show an empty
// database).
void collect_configure(const std::vector<py::Statement>& body, std::map<std::string, std::set<std::string>>& found,
                       bool& unreadable) {
  for (const auto& s : body) {
    if (s.kind == py::Statement::Kind::kExpression && s.value.kind == py::Node::Kind::kCall && !s.value.items.empty() &&
        py::dotted_name(s.value.items[0]).ends_with("configure")) {
      for (const auto& [key, value] : s.value.keywords) {
        if (key != "version_table" && key != "version_table_schema") continue;
        if (value.kind == py::Node::Kind::kString) found[key].insert(value.text);
        else if (value.kind != py::Node::Kind::kNone) unreadable = true;
      }
    }
    collect_configure(s.body, found, unreadable);
  }
}

void read_env_py(AlembicProject& p) {
  fs::path env = p.script_dir / "env.py";
  std::error_code ec;
  if (!fs::is_regular_file(env, ec)) return;
  std::string text;
  try {
    text = read_file(env.string());
  } catch (const core::Error&) {
    return;  // env.py is optional to the import
  }
  if (text.find("version_table") == std::string::npos) return;
  std::map<std::string, std::set<std::string>> found;
  bool unreadable = false;
  try {
    py::Module module = py::parse_module(text, env.string());
    collect_configure(module.statements, found, unreadable);
    for (const auto& fn : module.functions) collect_configure(fn.body, found, unreadable);
  } catch (const core::ScriptError&) {
    unreadable = true;
  }
  const bool ini_said_all = p.version_table && p.version_table_schema;
  auto take = [&](const char* key, std::optional<std::string>& field) {
    if (field) return;  // alembic.ini said it: an explicit choice
    auto it = found.find(key);
    if (it != found.end() && it->second.size() == 1) field = *it->second.begin();
    else if (it != found.end()) unreadable = true;
  };
  take("version_table", p.version_table);
  take("version_table_schema", p.version_table_schema);
  if (!ini_said_all && (unreadable || found.empty()))
    p.notes.push_back(env.string() + " sets version_table in a way strata does not read (it never runs env.py): "
                      "check version_table and version_table_schema in strata.yaml");
}

AlembicProject from_script_dir(const fs::path& dir, const std::string& path) {
  std::error_code ec;
  bool has_env = fs::is_regular_file(dir / "env.py", ec);
  bool has_versions = is_dir(dir / "versions");
  if (!has_env || !has_versions) {
    std::string hint = fs::is_regular_file(dir / "alembic.ini", ec)
                           ? " (it holds alembic.ini: give '" + (fs::path(path) / "alembic.ini").string() + "')"
                           : "";
    throw core::UsageError(path + ": not an Alembic script directory: it has no " +
                           std::string(!has_env ? "env.py" : "versions/ folder") + hint);
  }
  AlembicProject p;
  p.script_dir = fs::absolute(dir).lexically_normal();
  p.version_dirs = {p.script_dir / "versions"};
  read_env_py(p);
  return p;
}

AlembicProject from_ini(const fs::path& ini, const std::string& path) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const core::Error& e) {
    throw core::UsageError(e.what());
  }
  if (text.find('\0') != std::string::npos) throw core::UsageError(path + ": not an ini file (it holds NUL bytes)");
  IniSections sections;
  try {
    sections = parse_ini(text, path);
  } catch (const core::ScriptError& e) {
    throw core::UsageError(e.what());  // a configuration file, as strata.yaml's errors are
  }
  auto main = sections.find("alembic");
  if (main == sections.end()) throw core::UsageError(path + ": no [alembic] section: not an alembic.ini");
  AlembicProject p;
  p.ini = fs::absolute(ini).lexically_normal();
  const fs::path here = p.ini.parent_path();
  std::map<std::string, std::string> defaults = sections["DEFAULT"];
  defaults.emplace("here", here.string());  // as alembic's Config adds it
  const auto& options = main->second;
  auto option = [&](const char* key) -> std::optional<std::string> {
    auto it = options.find(key);
    if (it == options.end()) return std::nullopt;
    return std::string(strip(interpolate(it->second, options, defaults, path)));
  };

  auto location = option("script_location");
  if (!location || location->empty()) throw core::UsageError(path + ": [alembic] has no script_location");
  if (!fs::path(*location).is_absolute() && location->find(':') != std::string::npos)
    throw core::UsageError(path + ": script_location '" + *location +
                           "' is a Python package resource; give the folder it stands for as PATH instead");
  p.script_dir = resolve(*location, here);
  require_script_dir(p.script_dir, path + ": script_location " + p.script_dir.string());

  if (auto locations = option("version_locations"); locations && !locations->empty()) {
    for (const auto& entry : split_version_locations(*locations, option("version_path_separator").value_or(""), path)) {
      fs::path dir = resolve(entry, here);
      if (is_dir(dir)) p.version_dirs.push_back(dir);
      else p.notes.push_back("version location " + dir.string() + " does not exist; skipped, as Alembic skips it");
    }
    if (p.version_dirs.empty()) throw core::UsageError(path + ": none of the version_locations exists");
  } else {
    p.version_dirs = {p.script_dir / "versions"};
    if (!is_dir(p.version_dirs[0]))
      throw core::UsageError(path + ": " + p.version_dirs[0].string() + ": the versions folder does not exist");
  }

  if (auto url = option("sqlalchemy.url"); url && !url->empty() && *url != kTemplateUrl) p.database_url = *url;
  if (auto v = option("version_table"); v && !v->empty()) p.version_table = *v;
  if (auto v = option("version_table_schema"); v && !v->empty()) p.version_table_schema = *v;
  read_env_py(p);
  return p;
}

}  // namespace

IniSections parse_ini(const std::string& text, const std::string& file) {
  IniSections sections;
  std::map<std::string, std::string>* section = nullptr;
  std::string* value = nullptr;  // the option continuation lines extend
  size_t value_indent = 0;
  size_t pos = 0;
  for (int line_no = 1; pos <= text.size(); ++line_no) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    std::string_view content = strip(line);
    if (content.empty() || content.front() == '#' || content.front() == ';') continue;
    const std::string where = file + ":" + std::to_string(line_no) + ": ";
    size_t indent = indent_of(line);
    if (value && indent > value_indent) {  // a continuation line
      if (!value->empty()) *value += '\n';
      *value += content;
      continue;
    }
    value = nullptr;
    if (content.front() == '[') {
      if (content.back() != ']') throw core::ScriptError(where + "a section header must end with ']'");
      section = &sections[std::string(content.substr(1, content.size() - 2))];
      continue;
    }
    if (!section) throw core::ScriptError(where + "an option before the first [section]");
    size_t delimiter = content.find_first_of("=:");
    if (delimiter == std::string_view::npos || delimiter == 0)
      throw core::ScriptError(where + "expected 'key = value', a [section] or a comment");
    std::string key = core::lower(strip(content.substr(0, delimiter)));
    auto [it, fresh] = section->emplace(key, std::string(strip(content.substr(delimiter + 1))));
    if (!fresh) throw core::ScriptError(where + "option '" + key + "' is given twice in its section");
    value = &it->second;
    value_indent = indent;
  }
  return sections;
}

std::string interpolate(const std::string& value, const std::map<std::string, std::string>& section,
                        const std::map<std::string, std::string>& defaults, const std::string& file) {
  return expand(value, section, defaults, file, 1);
}

std::vector<std::string> split_version_locations(const std::string& value, const std::string& separator,
                                                 const std::string& file) {
  std::string delimiters;
  if (separator.empty()) delimiters = " ,\n";  // Alembic's legacy split: commas and runs of spaces
  else if (separator == "space") delimiters = " ";
  else if (separator == "os" || separator == ":") delimiters = ":";
  else if (separator == ";") delimiters = ";";
  else if (separator == "newline") delimiters = "\n";
  else
    throw core::UsageError(file + ": '" + separator +
                           "' is not a valid value for version_path_separator; expected 'space', 'os', ':', ';' or "
                           "'newline'");
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find_first_of(delimiters, start);
    if (end == std::string::npos) end = value.size();
    std::string_view entry = strip(std::string_view(value).substr(start, end - start));
    if (!entry.empty()) out.emplace_back(entry);
    start = end + 1;
  }
  return out;
}

std::string rebase_sqlite_url(const std::string& url, const fs::path& base_dir, const fs::path& config_dir) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "sqlite" && !scheme.starts_with("sqlite+")) return url;
  std::string rest = url.substr(scheme_end + 3);
  if (!rest.starts_with("/")) return url;  // sqlite:// (memory) or a host part strata will reject itself
  std::string file = rest.substr(1), query;
  if (auto q = file.find('?'); q != std::string::npos) {
    query = file.substr(q);
    file = file.substr(0, q);
  }
  if (file.empty() || file.front() == '/' || file == ":memory:" || file.starts_with("file:")) return url;
  fs::path target = (base_dir / file).lexically_normal();
  fs::path relative = target.lexically_relative(fs::absolute(config_dir).lexically_normal());
  std::string shown = relative.empty() ? target.string() : relative.string();
  return scheme + ":///" + shown + query;
}

AlembicProject find_alembic_project(const std::string& path) {
  if (path.empty()) throw core::UsageError("PATH must name an alembic.ini or an Alembic script directory");
  std::error_code ec;
  fs::path p(path);
  if (fs::is_directory(p, ec)) return from_script_dir(p, path);
  if (fs::is_regular_file(p, ec)) return from_ini(p, path);
  throw core::UsageError(path + ": no such file or folder (PATH is an alembic.ini or an Alembic script directory)");
}

}  // namespace strata::versions
