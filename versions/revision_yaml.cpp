#include "versions/revision_yaml.h"

#include <cctype>

#include "core/error.h"
#include "core/text.h"
#include "versions/op_yaml.h"
#include "versions/yaml_nodes.h"
#include "versions/yaml_scalars.h"

namespace strata::versions {

namespace {

// alembic_source is a header key too: listing an imported project must stay
// on the fast path.
constexpr std::string_view kHeaderKeys[] = {"revision",    "down_revision", "branch_labels",  "depends_on",
                                            "message",     "create_date",   "alembic_source", "replaces",
                                            "irreversible", "transactional"};

bool is_header_key(std::string_view k) {
  for (auto h : kHeaderKeys)
    if (h == k) return true;
  return false;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A plain scalar the fast path may take as-is: no YAML indicator at the start
// and nothing inside that YAML would read differently.
bool simple_plain(std::string_view v) {
  if (v.empty()) return true;
  if (std::string_view("[]{}&*!|>'\"%@`#,?:-").find(v.front()) != std::string_view::npos) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c < 0x20 || c == '\t') return false;
    if (c == ':' && (i + 1 == v.size() || v[i + 1] == ' ')) return false;
    if (c == '#' && i > 0 && v[i - 1] == ' ') return false;
  }
  return true;
}

// Parses a header value of the simple forms; false means "ask yaml-cpp".
bool simple_value(std::string_view raw, std::vector<std::string>& out, bool& is_null) {
  std::string_view v = trim_spaces(raw);
  // Strip a trailing comment: " #" outside quotes.
  if (!v.empty() && v.front() != '"' && v.front() != '\'') {
    if (auto hash = v.find(" #"); hash != std::string_view::npos) v = trim_spaces(v.substr(0, hash));
  }
  is_null = v.empty() || v == "null" || v == "~" || v == "Null" || v == "NULL";
  if (is_null) return true;
  if (v.front() == '"' || v.front() == '\'') {
    char q = v.front();
    auto end = v.find(q, 1);
    if (end == std::string_view::npos || v.substr(1, end - 1).find('\\') != std::string_view::npos) return false;
    std::string_view rest = trim_spaces(v.substr(end + 1));
    if (!rest.empty() && rest.front() != '#') return false;
    if (q == '\'' && end + 1 < v.size() && v[end + 1] == '\'') return false;  // '' escape
    out.emplace_back(v.substr(1, end - 1));
    return true;
  }
  if (v.front() == '[') {
    if (v.back() != ']') return false;
    std::string_view inner = trim_spaces(v.substr(1, v.size() - 2));
    while (!inner.empty()) {
      auto comma = inner.find(',');
      std::string_view item = trim_spaces(inner.substr(0, comma));
      if (item.empty() || !simple_plain(item)) return false;
      out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      inner = inner.substr(comma + 1);
    }
    return true;
  }
  if (!simple_plain(v)) return false;
  out.emplace_back(v);
  return true;
}

void assign(core::RevisionHeader& h, std::string_view key, std::vector<std::string> values) {
  auto one = [&] { return values.empty() ? std::string() : values.front(); };
  if (key == "revision") h.id = one();
  else if (key == "down_revision") h.down_revisions = std::move(values);
  else if (key == "branch_labels") h.branch_labels = std::move(values);
  else if (key == "depends_on") h.depends_on = std::move(values);
  else if (key == "replaces") h.replaces = std::move(values);
  else if (key == "message") h.message = one();
  else if (key == "create_date") h.create_date = one();
  else if (key == "alembic_source") h.alembic_source = one();
}

// The fast path. Every top-level line must be a known key; header values must
// be one-line simple forms. Returns false to fall back to yaml-cpp.
bool scan_header(std::string_view text, core::RevisionHeader& h) {
  if (text.find('\t') != std::string_view::npos || text.find('\0') != std::string_view::npos) return false;
  if (!core::valid_utf8(text)) return false;  // the full reader names the bad byte
  bool seen[std::size(kHeaderKeys)] = {};
  bool in_header_value = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view t = trim_spaces(line);
    if (t.empty() || t.front() == '#') continue;
    if (line.front() == ' ') {
      if (in_header_value) return false;  // a continuation line: leave it to yaml-cpp
      continue;
    }
    in_header_value = false;
    if (line.front() == '-') {
      if (line.starts_with("---") || line.starts_with("...")) return false;
      continue;  // an item of a block list under upgrade/downgrade
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    std::string_view key = line.substr(0, colon);
    if (key == "upgrade" || key == "downgrade" || key == "lint") continue;  // lint: read with the whole file
    if (!is_header_key(key)) return false;
    size_t k = 0;
    while (kHeaderKeys[k] != key) ++k;
    if (seen[k]) return false;
    seen[k] = true;
    std::vector<std::string> values;
    bool is_null = false;
    if (!simple_value(line.substr(colon + 1), values, is_null)) return false;
    if (is_null && (key == "branch_labels" || key == "depends_on" || key == "down_revision" || key == "replaces"))
      values.clear();
    if (is_null && key == "revision") return false;
    if (key == "irreversible" || key == "transactional") {
      // A boolean: only the plain spellings here, the rest from the full reader.
      if (values.size() != 1 || (values[0] != "true" && values[0] != "false")) return false;
      (key == "irreversible" ? h.irreversible : h.transactional) = values[0] == "true";
      in_header_value = true;
      continue;
    }
    in_header_value = true;  // indented lines after it would continue or replace this value
    assign(h, key, std::move(values));
  }
  return seen[0];
}

core::RevisionHeader header_from_node(const yaml::Node& root, const std::string& file) {
  if (!root || root.is_null()) throw core::ScriptError(file + ": empty revision file");
  check_keys(file, root,
             {"revision", "down_revision", "branch_labels", "depends_on", "message", "create_date", "replaces",
              "alembic_source", "lint", "irreversible", "transactional",
              "upgrade", "downgrade"},
             "revision file");
  core::RevisionHeader h;
  h.path = file;
  h.id = required_string(file, root, "revision", "a revision file");
  h.down_revisions = string_list(file, root, "down_revision");
  h.branch_labels = string_list(file, root, "branch_labels");
  h.depends_on = string_list(file, root, "depends_on");
  h.replaces = string_list(file, root, "replaces");
  h.message = optional_string(file, root, "message").value_or("");
  h.create_date = optional_string(file, root, "create_date").value_or("");
  h.alembic_source = optional_string(file, root, "alembic_source").value_or("");
  h.irreversible = boolean(file, root, "irreversible", false);
  h.transactional = boolean(file, root, "transactional", true);
  if (yaml::Node lint = root["lint"]; lint && !lint.is_null()) {
    check_keys(file, lint, {"ignore", "reason"}, "'lint'");
    h.lint_ignore = string_list(file, lint, "ignore");
    h.lint_reason = optional_string(file, lint, "reason").value_or("");
    if (h.lint_ignore.empty()) fail_at(file, lint, "'lint' needs 'ignore': the codes this revision acknowledges");
    if (core::trim(h.lint_reason).empty())
      fail_at(file, lint, "'lint' needs a 'reason': why the findings it ignores are safe here");
  }
  return h;
}

// One direction of the body: a list of operations, or `{untranslated:
// REASON}` for an Alembic body that `strata import alembic` could not
// translate. The untranslated form is a map so no list of operations can be
// mistaken for it, and so a forgotten hand translation is never an empty run.
void parse_direction(const std::string& file, const yaml::Node& node, const char* section, std::vector<core::Op>& ops,
                     std::vector<int>& lines, std::optional<std::string>& untranslated) {
  if (node && node.is_map() && node["untranslated"]) {
    check_keys(file, node, {"untranslated"}, std::string("'") + section + "'");
    yaml::Node value = node["untranslated"];
    std::string reason = value.is_null() ? "" : scalar_text(file, value, "'untranslated'");
    if (reason.empty()) fail_at(file, node["untranslated"], "'untranslated' needs the reason it was not translated");
    untranslated = std::move(reason);
    return;
  }
  ops = parse_ops(file, node, section, &lines);
}

}  // namespace

core::RevisionHeader parse_yaml_header(std::string_view text, const std::string& file) {
  core::RevisionHeader h;
  if (scan_header(text, h)) {
    h.path = file;
    return h;
  }
  return header_from_node(parse_yaml(std::string(text), file), file);
}

core::Revision parse_yaml_revision(std::string_view text, const std::string& file) {
  yaml::Node root = parse_yaml(std::string(text), file);
  core::Revision r;
  r.header = header_from_node(root, file);
  parse_direction(file, root["upgrade"], "upgrade", r.body.upgrade, r.body.upgrade_lines, r.body.untranslated_upgrade);
  parse_direction(file, root["downgrade"], "downgrade", r.body.downgrade, r.body.downgrade_lines,
                  r.body.untranslated_downgrade);
  return r;
}

std::string yaml_scalar(std::string_view s) {
  std::vector<std::string> back;
  bool is_null = false;
  static constexpr std::string_view kSpecial[] = {"true", "false", "yes", "no", "on", "off", "null", "~",
                                                  "True", "False", "Yes", "No", "On", "Off", "Null", "NULL"};
  bool special = false;
  for (auto w : kSpecial) special = special || s == w;
  // Strings YAML would read as numbers (1975, 1e5, 0x1f) are quoted; ids such as
  // 1975ea83b712 are not numbers and stay plain.
  bool numeric = !s.empty() && s.find_first_not_of("0123456789.+-_eE") == std::string_view::npos;
  numeric = numeric || s.starts_with("0x") || s.starts_with("0o");
  if (!s.empty() && !special && !numeric && s.back() != ' ' && simple_plain(s) && simple_value(s, back, is_null) &&
      !is_null && back.size() == 1 && back[0] == s)
    return std::string(s);
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + yaml_scalar(items[i]);
  return out + "]";
}

}  // namespace strata::versions
