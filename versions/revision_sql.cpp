#include "versions/revision_sql.h"

#include <algorithm>

#include "core/error.h"
#include "versions/sql_splitter.h"

namespace strata::versions {

namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> comma_list(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    auto comma = v.find(',');
    std::string_view item = trim_blanks(v.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    v = v.substr(comma + 1);
  }
  return out;
}

struct Layout {
  core::RevisionHeader header;
  size_t upgrade_begin = 0, upgrade_end = 0, downgrade_begin = 0, downgrade_end = 0;  // byte offsets
  int upgrade_line = 0, downgrade_line = 0;  // first line of each section's text
  bool has_upgrade = false, has_downgrade = false;
};

[[noreturn]] void fail(const std::string& file, int line, const std::string& msg) {
  throw core::ScriptError(file + ":" + std::to_string(line) + ": " + msg);
}

// One pass over the lines: header keys before "-- +upgrade", section bounds after.
Layout scan(std::string_view text, const std::string& file) {
  // A NUL byte means a binary file, and no database takes one in SQL text.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    fail(file, line, "contains a NUL byte (a binary file?)");
  }
  Layout l;
  l.header.path = file;
  bool seen_revision = false;
  int lint_line = 1;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos, eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++line_no;
    std::string_view t = trim_blanks(line);
    if (t == "-- +upgrade") {
      if (l.has_upgrade) fail(file, line_no, "a second '-- +upgrade' section");
      if (l.has_downgrade) fail(file, line_no, "'-- +upgrade' must come before '-- +downgrade'");
      l.has_upgrade = true;
      l.upgrade_begin = pos;
      l.upgrade_line = line_no + 1;
      continue;
    }
    if (t == "-- +downgrade") {
      if (!l.has_upgrade) fail(file, line_no, "'-- +downgrade' before '-- +upgrade'");
      if (l.has_downgrade) fail(file, line_no, "a second '-- +downgrade' section");
      l.has_downgrade = true;
      l.upgrade_end = start;
      l.downgrade_begin = pos;
      l.downgrade_line = line_no + 1;
      continue;
    }
    if (l.has_upgrade) continue;
    if (t.starts_with("-- strata:")) {
      std::string_view rest = t.substr(10);
      auto space = rest.find_first_of(" \t");
      std::string_view key = rest.substr(0, space);
      std::string_view value = space == std::string_view::npos ? std::string_view() : trim_blanks(rest.substr(space));
      auto& h = l.header;
      if (key == "revision") h.id = std::string(value), seen_revision = true;
      else if (key == "down_revision") h.down_revisions = comma_list(value);
      else if (key == "branch_labels") h.branch_labels = comma_list(value);
      else if (key == "depends_on") h.depends_on = comma_list(value);
      else if (key == "message") h.message = std::string(value);
      else if (key == "create_date") h.create_date = std::string(value);
      else if (key == "lint_ignore") h.lint_ignore = comma_list(value), lint_line = line_no;
      else if (key == "lint_reason") h.lint_reason = std::string(value);
      else if (key == "irreversible" || key == "transactional") {
        if (value != "true" && value != "false")
          fail(file, line_no,
               "'-- strata:" + std::string(key) + "' must be true or false, not '" + std::string(value) + "'");
        (key == "irreversible" ? h.irreversible : h.transactional) = value == "true";
      } else
        fail(file, line_no,
             "unknown header '-- strata:" + std::string(key) +
                 "' (expected revision, down_revision, branch_labels, depends_on, message, create_date, "
                 "lint_ignore, lint_reason, irreversible or transactional)");
      continue;
    }
    if (t.empty() || t.starts_with("--")) continue;
    fail(file, line_no, "SQL before the '-- +upgrade' line");
  }
  if (!seen_revision || l.header.id.empty()) fail(file, 1, "missing '-- strata:revision ID' header line");
  if (!l.header.lint_reason.empty() && l.header.lint_ignore.empty())
    fail(file, 1, "'-- strata:lint_reason' without '-- strata:lint_ignore CODE, ...'");
  if (!l.header.lint_ignore.empty() && l.header.lint_reason.empty())
    fail(file, lint_line, "'-- strata:lint_ignore' needs a '-- strata:lint_reason': why the findings are safe here");
  if (!l.has_upgrade) fail(file, line_no ? line_no : 1, "missing the '-- +upgrade' line");
  if (!l.has_downgrade) l.upgrade_end = text.size();
  l.downgrade_end = text.size();
  return l;
}

std::vector<core::Op> statements(std::string_view text, const std::string& file, int first_line,
                                 std::vector<int>& lines) {
  std::vector<core::Op> ops;
  for (auto& s : split_sql(text, file, first_line)) {
    ops.push_back(core::Execute{std::move(s.sql), std::nullopt});
    lines.push_back(s.line);
  }
  return ops;
}

}  // namespace

core::RevisionHeader parse_sql_header(std::string_view text, const std::string& file) {
  return scan(text, file).header;
}

core::Revision parse_sql_revision(std::string_view text, const std::string& file) {
  Layout l = scan(text, file);
  core::Revision r{l.header, {}};
  r.body.upgrade = statements(text.substr(l.upgrade_begin, l.upgrade_end - l.upgrade_begin), file, l.upgrade_line,
                              r.body.upgrade_lines);
  if (l.has_downgrade)
    r.body.downgrade = statements(text.substr(l.downgrade_begin, l.downgrade_end - l.downgrade_begin), file,
                                  l.downgrade_line, r.body.downgrade_lines);
  return r;
}

}  // namespace strata::versions
