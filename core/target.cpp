#include "core/target.h"

#include <cctype>
#include <charconv>

#include "core/error.h"

namespace strata::core {

namespace {

bool is_word(std::string_view s) {
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

RevisionError bad_target(std::string_view text, const std::string& why) {
  return RevisionError("invalid revision target '" + std::string(text) + "': " + why);
}

}  // namespace

bool is_valid_revision_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '@' || c == '-' || c == '+' || c == ':' || std::isspace(u) || u < 0x20) return false;
  }
  return true;
}

Target parse_target(std::string_view text) {
  if (text.empty()) throw bad_target(text, "it is empty");
  Target t;
  std::string_view rest = text;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    t.branch = std::string(rest.substr(0, at));
    rest = rest.substr(at + 1);
    if (t.branch.empty()) throw bad_target(text, "the branch label before '@' is empty");
  }
  // Alembic's relative form: an optional word, then +N or -N at the end.
  auto sign = rest.find_last_of("+-");
  if (sign != std::string_view::npos) {
    std::string_view digits = rest.substr(sign + 1);
    std::string_view word = rest.substr(0, sign);
    int n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || !is_word(word))
      throw bad_target(text, "expected REV+N, REV-N, +N or -N");
    t.symbol = std::string(word);
    t.relative = rest[sign] == '-' ? -n : n;
    return t;
  }
  if (rest.empty()) throw bad_target(text, "nothing follows '@'");
  if (!is_valid_revision_id(rest)) throw bad_target(text, "not a revision id, label or keyword");
  t.symbol = std::string(rest);
  return t;
}

}  // namespace strata::core
