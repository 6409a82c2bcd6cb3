#include "cli/output.h"

#include <filesystem>

#include <cstdio>

namespace strata::cli {

namespace {

std::string down_text(const core::RevisionHeader& r) {
  return r.down_revisions.empty() ? "<base>" : comma_join(r.down_revisions);
}

}  // namespace

std::string revision_doc(const core::RevisionHeader& r) {
  auto para = r.message.find("\n\n");
  return para == std::string::npos ? r.message : r.message.substr(0, para);
}

std::string revision_line(const core::RevisionGraph& g, const core::RevisionHeader& r, const LineFormat& f) {
  if (!g.find(r.id)) {  // a squash whose originals are present: not a node, so no graph marks
    return down_text(r) + " -> " + r.id + " (squash of " + r.replaces.front() + ".." + r.replaces.back() + ")" +
           (f.doc ? ", " + revision_doc(r) : "");
  }
  std::string text = r.id;
  if (f.parents) {
    text = r.depends_on.empty() ? down_text(r) + " -> " + text
                                : down_text(r) + " (" + comma_join(r.depends_on) + ") -> " + text;
  }
  auto labels = g.labels(r.id);
  if (f.branches && !labels.empty()) text += " (" + comma_join(labels) + ")";
  bool real_head = g.is_real_head(r.id);
  if (real_head) text += " (head)";
  if (g.is_head(r.id) && !real_head) text += " (effective head)";
  if (f.current) text += " (current)";
  if (!r.replaces.empty()) text += " (squash of " + r.replaces.front() + ".." + r.replaces.back() + ")";
  if (f.tree) {
    if (g.is_branch_point(r.id)) text += " (branchpoint)";
    if (g.is_merge_point(r.id)) text += " (mergepoint)";
  }
  if (f.doc) text += ", " + revision_doc(r);
  return text;
}

std::string revision_entry(const core::RevisionGraph& g, const core::RevisionHeader& r, bool current,
                           const core::RevisionBody* body) {
  std::string e = "Rev: " + r.id;
  if (g.is_head(r.id)) e += " (head)";
  if (g.is_branch_point(r.id)) e += " (branchpoint)";
  if (g.is_merge_point(r.id)) e += " (mergepoint)";
  if (current) e += " (current)";
  e += "\n";
  e += (g.is_merge_point(r.id) ? "Merges: " : "Parent: ") + down_text(r) + "\n";
  if (!r.depends_on.empty()) e += "Also depends on: " + comma_join(r.depends_on) + "\n";
  if (g.is_branch_point(r.id)) e += "Branches into: " + comma_join(g.children(r.id)) + "\n";
  if (auto labels = g.labels(r.id); !labels.empty()) e += "Branch names: " + comma_join(labels) + "\n";
  e += "Path: " + r.path + "\n";
  if (!r.alembic_source.empty()) e += "Alembic source: " + r.alembic_source + "\n";
  if (!r.transactional) e += "Transactional: false (runs outside a transaction)\n";
  if (body && body->untranslated_upgrade) e += "Untranslated upgrade: " + *body->untranslated_upgrade + "\n";
  if (body && body->untranslated_downgrade) e += "Untranslated downgrade: " + *body->untranslated_downgrade + "\n";
  e += "\n";
  // Alembic prints the module docstring of the file it generated: the
  // message, then Revision ID / Revises / Create Date, each line indented.
  std::string doc = r.message + "\n\nRevision ID: " + r.id + "\nRevises: " + comma_join(r.down_revisions) +
                    "\nCreate Date: " + r.create_date + "\n";
  size_t start = 0;
  bool first = true;
  while (start < doc.size()) {
    size_t nl = doc.find('\n', start);
    if (nl == std::string::npos) nl = doc.size();
    if (!first) e += '\n';  // appended piecewise: GCC 12 -Wrestrict false positive
    e += "    ";
    e.append(doc, start, nl - start);
    first = false;
    start = nl + 1;
  }
  return e + "\n";
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one
// (stray continuation byte, truncated, overlong, surrogate or above U+10FFFF).
size_t utf8_length(const std::string& s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && ((c == 0xE0 && at(i + 1) < 0xA0) || (c == 0xED && at(i + 1) >= 0xA0))) return 0;
  if (n == 4 && ((c == 0xF0 && at(i + 1) < 0x90) || (c == 0xF4 && at(i + 1) >= 0x90))) return 0;
  return n;
}

}  // namespace

std::string json_string(const std::string& s) {
  // Revision files may hold any bytes; JSON must be valid UTF-8, so an invalid
  // byte becomes U+FFFD rather than breaking every JSON parser downstream.
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else if (c < 0x80) {
          out += static_cast<char>(c);
        } else if (size_t n = utf8_length(s, i)) {
          out.append(s, i, n);
          i += n - 1;
        } else {
          out += "\\ufffd";
        }
    }
  }
  return out + "\"";
}

std::string revisions_json(const core::RevisionGraph& g, const std::vector<std::string>& revisions,
                           const std::vector<core::RevisionBody>* bodies) {
  std::string out = "[";
  for (size_t i = 0; i < revisions.size(); ++i) {
    const auto& r = g.get(revisions[i]);
    auto b = [](bool v) { return v ? "true" : "false"; };
    out += std::string(i ? ",\n " : "") + "{\"revision\": " + json_string(r.id) +
           ", \"down_revisions\": " + json_list(r.down_revisions) + ", \"depends_on\": " + json_list(r.depends_on) +
           ", \"branch_labels\": " + json_list(g.labels(r.id)) + ", \"message\": " + json_string(r.message) +
           ", \"create_date\": " + json_string(r.create_date) + ", \"path\": " + json_string(r.path) +
           ", \"is_head\": " + b(g.is_head(r.id)) + ", \"is_branch_point\": " + b(g.is_branch_point(r.id)) +
           ", \"is_merge_point\": " + b(g.is_merge_point(r.id));
    if (!r.alembic_source.empty()) out += ", \"alembic_source\": " + json_string(r.alembic_source);
    if (!r.transactional) out += ", \"transactional\": false";  // only when set: other output stays as it was
    // Only for imported revisions left untranslated: every other show output stays as it was.
    if (bodies && ((*bodies)[i].untranslated_upgrade || (*bodies)[i].untranslated_downgrade)) {
      auto reason = [](const std::optional<std::string>& v) { return v ? json_string(*v) : std::string("null"); };
      const auto& body = (*bodies)[i];
      out += ", \"untranslated\": {\"upgrade\": " + reason(body.untranslated_upgrade) +
             ", \"downgrade\": " + reason(body.untranslated_downgrade) + "}";
    }
    out += "}";
  }
  return out + "]";
}

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_string(v[i]);
  return out + "]";
}

std::string comma_join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string shown_path(const std::string& path) {
  std::error_code ec;
  auto relative = std::filesystem::path(path).lexically_relative(std::filesystem::current_path(ec));
  if (ec || relative.empty() || *relative.begin() == "..") return path;
  return relative.string();
}

std::string lint_line(const core::LintFinding& f) {
  std::string out = shown_path(f.file) + ":" + (f.line > 0 ? std::to_string(f.line) + ":" : "") + " " + f.code + " " +
                    (f.acknowledged ? "acknowledged" : core::severity_name(f.severity)) + ": " + f.message;
  if (f.acknowledged) out += " (reason: " + f.reason + ")";
  return out;
}

}  // namespace strata::cli
