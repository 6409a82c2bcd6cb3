#include "versions/yaml_emit.h"

#include "versions/yaml_scalars.h"

#include <cctype>
#include <cstdio>

#include "core/text.h"

namespace strata::versions::yaml_emit {

namespace {

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

}  // namespace

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
  const std::string l = core::lower(s);
  for (auto w : kWords)
    if (l == w) return false;
  // Backstop: what the bulk_insert reader would not take as a string.
  return !yaml::decode_bool(s) && !yaml::decode_integer(s) && !yaml::decode_double(s);
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

void append_fields(std::string& out, const Fields& fields, const std::string& first, const std::string& pad) {
  for (size_t k = 0; k < fields.list.size(); ++k) {
    const auto& f = fields.list[k];
    out += (k == 0 ? first : "\n" + pad) + f.key + ":";
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
}

}  // namespace strata::versions::yaml_emit

namespace strata::versions {

std::string yaml_flow_scalar(std::string_view s) {
  return yaml_emit::plain_ok(s) ? std::string(s) : yaml_emit::double_quoted(s);
}

}  // namespace strata::versions
