#include "versions/revision_writer.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.h"
#include "core/text.h"
#include "versions/revision_yaml.h"

namespace strata::versions {

namespace {

// Fills {{name}} placeholders in one pass, so a value that itself contains
// "{{create_date}}" (a message, say) is written as given, not substituted again.
std::string render(const std::string& tmpl, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  out.reserve(tmpl.size() + 256);
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find("{{", pos);
    if (open == std::string::npos) break;
    out.append(tmpl, pos, open - pos);
    const std::string* value = nullptr;
    size_t len = 0;
    for (const auto& [name, v] : values)
      if (tmpl.compare(open + 2, name.size(), name) == 0 && tmpl.compare(open + 2 + name.size(), 2, "}}") == 0) {
        value = &v;
        len = name.size() + 4;
        break;
      }
    if (value) {
      out += *value;
      pos = open + len;
    } else {
      out += "{{";  // not a placeholder: kept as written
      pos = open + 2;
    }
  }
  out.append(tmpl, pos, std::string::npos);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::tm local_tm(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

std::string two(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// Drops spaces left at line ends by empty placeholders.
std::string strip_trailing_spaces(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n')
      while (!out.empty() && out.back() == ' ') out.pop_back();
    out += c;
  }
  return out;
}

}  // namespace

std::string new_revision_id() {
  std::random_device rd;
  std::uint64_t bits = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(bits & 0xffffffffffffULL));
  return buf;
}

std::string slugify(const std::string& message, int truncate) {
  std::string slug, word;
  auto flush = [&] {
    if (!word.empty()) slug += (slug.empty() ? "" : "_") + word;
    word.clear();
  };
  for (unsigned char c : message) {
    // \w in Python 3 includes non-ASCII letters; keep UTF-8 bytes as word characters.
    if (std::isalnum(c) || c == '_' || c >= 0x80) word += static_cast<char>(std::tolower(c));
    else flush();
  }
  flush();
  // Alembic truncates by characters, not bytes: count UTF-8 lead bytes, so a
  // multi-byte letter is never cut in half (an invalid file name).
  size_t chars = 0, cut_at = slug.size();
  for (size_t i = 0; i < slug.size(); ++i) {
    if ((static_cast<unsigned char>(slug[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (truncate > 0 && chars == static_cast<size_t>(truncate)) cut_at = i;
    ++chars;
  }
  if (truncate > 0 && chars > static_cast<size_t>(truncate)) {
    slug = slug.substr(0, cut_at);
    auto cut = slug.rfind('_');
    slug = (cut == std::string::npos ? slug : slug.substr(0, cut)) + "_";
  }
  return slug;
}

std::string format_create_date(std::chrono::system_clock::time_point when) {
  std::tm tm = local_tm(when);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count() % 1000000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  return buf;
}

std::string revision_file_stem(const core::Config& config, const std::string& rev, const std::string& message,
                               std::chrono::system_clock::time_point when) {
  std::tm tm = local_tm(when);
  const std::string& tmpl = config.file_template;
  std::string out;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    auto close = tmpl.find('}', i);
    if (close == std::string::npos)
      throw core::UsageError(config.path + ": file_template '" + tmpl + "' has an unclosed '{'");
    std::string token = tmpl.substr(i + 1, close - i - 1);
    if (token == "rev") out += rev;
    else if (token == "slug") out += slugify(message, config.truncate_slug_length);
    else if (token == "year") out += std::to_string(tm.tm_year + 1900);
    else if (token == "month") out += two(tm.tm_mon + 1);
    else if (token == "day") out += two(tm.tm_mday);
    else if (token == "hour") out += two(tm.tm_hour);
    else if (token == "minute") out += two(tm.tm_min);
    else if (token == "second") out += two(tm.tm_sec);
    else if (token == "epoch") out += std::to_string(std::chrono::system_clock::to_time_t(when));
    else
      throw core::UsageError(config.path + ": file_template has an unknown token '{" + token +
                             "}' (known: rev slug year month day hour minute second epoch)");
    i = close;
  }
  // An empty slug leaves a dangling separator ("ab12_"): drop it. A slug cut
  // by truncate_slug_length keeps its trailing '_', as Alembic's does.
  if (slugify(message, config.truncate_slug_length).empty())
    while (!out.empty() && (out.back() == '_' || out.back() == '-')) out.pop_back();
  if (out.empty()) out = rev;
  return out;
}

std::string render_yaml_revision(const std::string& tmpl, const core::RevisionHeader& h, const std::string& upgrades,
                                 const std::string& downgrades) {
  std::string down = h.down_revisions.empty()       ? "null"
                     : h.down_revisions.size() == 1 ? yaml_scalar(h.down_revisions[0])
                                                    : yaml_list(h.down_revisions);
  std::string text = render(tmpl, {{"revision", yaml_scalar(h.id)},
                                   {"down_revision", down},
                                   {"branch_labels", yaml_list(h.branch_labels)},
                                   {"depends_on", yaml_list(h.depends_on)},
                                   {"message", h.message.empty() ? "null" : yaml_scalar(h.message)},
                                   {"create_date", yaml_scalar(h.create_date)},
                                   {"upgrades", upgrades.empty() ? "[]" : "\n" + upgrades},
                                   {"downgrades", downgrades.empty() ? "[]" : "\n" + downgrades}});
  if (!h.replaces.empty()) {
    // A squash: `replaces` goes after depends_on (templates have no placeholder for it).
    std::string line = "replaces: " + yaml_list(h.replaces) + "\n";
    size_t at = text.find("\ndepends_on:");
    at = at == std::string::npos ? 0 : text.find('\n', at + 1);
    text.insert(at == std::string::npos ? text.size() : (at == 0 ? 0 : at + 1), line);
  }
  if (!h.transactional) {
    // Before the operations (templates have no placeholder for it either).
    size_t at = text.find("\nupgrade:");
    text.insert(at == std::string::npos ? text.size() : at + 1, "transactional: false\n");
  }
  return strip_trailing_spaces(text);
}

std::string render_sql_revision(const std::string& tmpl, const core::RevisionHeader& h) {
  // A header value is one line: newlines in a message would end the header.
  std::string message = core::replace_all(h.message, "\n", " ");
  std::string text = render(tmpl, {{"revision", h.id},
                                   {"down_revision", join(h.down_revisions)},
                                   {"branch_labels", join(h.branch_labels)},
                                   {"depends_on", join(h.depends_on)},
                                   {"message", message},
                                   {"create_date", h.create_date}});
  if (!h.transactional) {
    size_t at = text.find("\n-- +upgrade");
    text.insert(at == std::string::npos ? 0 : at + 1, "-- strata:transactional false\n");
  }
  return strip_trailing_spaces(text);
}

void write_new_file(const std::string& path, const std::string& content) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) throw core::UsageError(path + ": already exists; not overwriting it");
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) throw core::UsageError(path + ": cannot write");
}

}  // namespace strata::versions
