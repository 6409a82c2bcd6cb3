#include "versions/revision_rewrite.h"

#include <cctype>

#include "core/error.h"
#include "core/text.h"
#include "versions/revision_sql.h"
#include "versions/revision_yaml.h"

namespace strata::versions {

namespace {

struct Line {
  size_t begin, end;  ///< end: past the line's newline
  std::string_view text;  ///< without the newline
};

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> out;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view body = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    out.push_back({pos, end, body});
    pos = end;
  }
  return out;
}

bool plain_id(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  return true;
}

std::string yaml_value(const std::vector<std::string>& parents) {
  auto one = [](const std::string& id) { return plain_id(id) ? id : "'" + id + "'"; };  // ids hold no quote
  if (parents.empty()) return "null";
  if (parents.size() == 1) return one(parents[0]);
  std::string out = "[";
  for (size_t i = 0; i < parents.size(); ++i) out += (i ? ", " : "") + one(parents[i]);
  return out + "]";
}

bool is_sql_file(const std::string& path) { return path.size() >= 4 && path.compare(path.size() - 4, 4, ".sql") == 0; }

// The header entry KEY: the line it starts on and the lines its value takes
// (YAML: a block list or a flow list carried on indented lines). Returns
// false when there is none.
bool find_entry(const std::vector<Line>& lines, bool sql, std::string_view key, size_t& first, size_t& last) {
  const std::string prefix = sql ? "-- strata:" + std::string(key) : std::string(key) + ":";
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = lines[i].text;
    if (sql && core::trim(t) == "-- +upgrade") return false;  // the header ends there
    if (!t.starts_with(prefix)) continue;
    const std::string_view after = t.substr(prefix.size());
    if (sql && !after.empty() && after[0] != ' ' && after[0] != '\t') continue;  // -- strata:down_revisionX
    first = last = i;
    if (!sql)
      while (last + 1 < lines.size() && !lines[last + 1].text.empty() &&
             (lines[last + 1].text[0] == ' ' || lines[last + 1].text[0] == '\t' || lines[last + 1].text[0] == '-'))
        ++last;
    return true;
  }
  return false;
}

}  // namespace

std::string with_down_revisions(std::string_view text, const std::string& path, const std::vector<std::string>& parents) {
  const bool sql = is_sql_file(path);
  const auto lines = lines_of(text);
  const std::string newline = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  const std::string entry = sql ? (parents.empty() ? std::string() : "-- strata:down_revision " + core::join(parents, ", "))
                                : "down_revision: " + yaml_value(parents);
  std::string out;
  size_t first = 0, last = 0;
  if (find_entry(lines, sql, "down_revision", first, last)) {
    out = std::string(text.substr(0, lines[first].begin));
    if (!entry.empty()) out += entry + newline;
    out += text.substr(lines[last].end);
  } else if (find_entry(lines, sql, "revision", first, last)) {
    // A base revision that says nothing of its parent: the entry goes after its id.
    out = std::string(text.substr(0, lines[last].end));
    if (lines[last].end == text.size() && !text.ends_with('\n')) out += newline;
    if (!entry.empty()) out += entry + newline;
    out += text.substr(lines[last].end);
  } else {
    throw core::ScriptError(path + ": no revision entry to put down_revision beside");
  }
  const core::RevisionHeader reread = sql ? parse_sql_header(out, path) : parse_yaml_header(out, path);
  if (reread.down_revisions != parents)
    throw core::ScriptError(path + ": its down_revision is written in a form strata cannot rewrite; set it to " +
                            (parents.empty() ? std::string("null") : core::join(parents, ", ")) + " by hand");
  return out;
}

}  // namespace strata::versions
