#include "drivers/common/sql_expression.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace strata::drivers::common {

namespace {

struct Token {
  enum Kind { kWord, kQuoted, kString, kNumber, kOperator, kPunct };
  Kind kind;
  std::string text;  ///< words in lower case; strings and quoted names with their quotes
  bool is(Kind k, std::string_view t) const { return kind == k && text == t; }
  bool word(std::string_view t) const { return is(kWord, t); }
  bool punct(std::string_view t) const { return is(kPunct, t); }
};
using Tokens = std::vector<Token>;

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool operator_char(char c) { return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos; }

// A name that means the same quoted or not (lower case, no odd characters).
bool plain_name(const std::string& s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' ||
           c == '$';
  });
}

// The text up to the closing QUOTE of a run opened at s[i] (doubled quotes
// inside are escapes); returns the index after it.
size_t quoted_end(std::string_view s, size_t i, char quote) {
  for (++i; i < s.size(); ++i) {
    if (s[i] != quote) continue;
    if (i + 1 < s.size() && s[i + 1] == quote) { ++i; continue; }
    return i + 1;
  }
  return s.size();
}

Tokens tokenize(std::string_view s) {
  Tokens out;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    size_t j = i + 1;
    if (c == '\'') {
      j = quoted_end(s, i, '\'');
      out.push_back({Token::kString, std::string(s.substr(i, j - i))});
    } else if (c == '"' || c == '`') {
      j = quoted_end(s, i, c);
      std::string name;
      for (size_t k = i + 1; k + 1 < j; ++k) {
        name += s[k];
        if (s[k] == c) ++k;
      }
      if (plain_name(name)) out.push_back({Token::kWord, name});
      else out.push_back({Token::kQuoted, "\"" + name + "\""});  // one quoting style
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
          j = k;
          while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        }
      }
      out.push_back({Token::kNumber, std::string(s.substr(i, j - i))});
    } else if (ident_start(c)) {
      while (j < s.size() && ident_char(s[j])) ++j;
      std::string w(s.substr(i, j - i));
      for (auto& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.push_back({Token::kWord, w});
    } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
      j = i + 2;
      out.push_back({Token::kPunct, "::"});
    } else if (operator_char(c)) {
      while (j < s.size() && operator_char(s[j])) ++j;
      std::string op(s.substr(i, j - i));
      // As PostgreSQL lexes: a trailing + or - belongs to the next token
      // unless the operator has a character that only operators have.
      bool special = op.find_first_of("~!@#%^&|`?") != std::string::npos;
      while (!special && op.size() > 1 && (op.back() == '+' || op.back() == '-')) op.pop_back(), --j;
      if (op == "!=") op = "<>";
      out.push_back({Token::kOperator, op});
    } else {
      out.push_back({Token::kPunct, std::string(1, c)});
    }
    i = std::min(j, s.size());
  }
  return out;
}

// The index of the token closing the bracket at T[open], or T.size().
size_t closing(const Tokens& t, size_t open) {
  const std::string o = t[open].text, c = o == "(" ? ")" : "]";
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i].punct(o)) ++depth;
    if (t[i].punct(c) && --depth == 0) return i;
  }
  return t.size();
}

// The index of the token opening the bracket closed at T[close], or npos.
size_t opening(const Tokens& t, size_t close) {
  const std::string c = t[close].text, o = c == ")" ? "(" : "[";
  int depth = 0;
  for (size_t i = close + 1; i-- > 0;) {
    if (t[i].punct(c)) ++depth;
    if (t[i].punct(o) && --depth == 0) return i;
  }
  return std::string::npos;
}

bool top_level_comma(const Tokens& t, size_t open, size_t close) {
  int depth = 0;
  for (size_t i = open + 1; i < close; ++i) {
    if (t[i].punct("(") || t[i].punct("[")) ++depth;
    if (t[i].punct(")") || t[i].punct("]")) --depth;
    if (depth == 0 && t[i].punct(",")) return true;
  }
  return false;
}

// Words after which a '(' groups rather than calls or lists.
const std::set<std::string, std::less<>> kGroupingWords = {
    "and", "or", "not", "when", "then", "else", "case", "between", "is", "like", "ilike", "similar", "from",
    "escape", "distinct", "symmetric", "to", "as"};

bool calls(const Token& before) {
  if (before.kind == Token::kQuoted) return true;
  return before.kind == Token::kWord && !kGroupingWords.count(before.text);
}

// Type names PostgreSQL prints a typed literal (`interval '1 day'`) with as a cast.
const std::set<std::string, std::less<>> kLiteralTypes = {
    "interval", "date", "time", "timestamp", "timestamptz", "json", "jsonb", "uuid", "numeric", "text",
    "boolean", "integer", "int", "bigint", "smallint", "real", "inet", "bytea", "varchar", "char"};
const std::set<std::string, std::less<>> kTypeWords = {"varying", "precision", "with", "without", "time", "zone"};

void drop_casts(Tokens& t) {
  // CAST(x AS type) -> (x)
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (!t[i].word("cast") || !t[i + 1].punct("(")) continue;
    size_t close = closing(t, i + 1);
    int depth = 0;
    size_t as = std::string::npos;
    for (size_t k = i + 2; k < close; ++k) {
      if (t[k].punct("(")) ++depth;
      if (t[k].punct(")")) --depth;
      if (depth == 0 && t[k].word("as")) as = k;
    }
    if (as == std::string::npos) continue;
    t.erase(t.begin() + static_cast<long>(as), t.begin() + static_cast<long>(close));
    t.erase(t.begin() + static_cast<long>(i));
  }
  Tokens out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind == Token::kWord && kLiteralTypes.count(t[i].text) && i + 1 < t.size() &&
        t[i + 1].kind == Token::kString && (out.empty() || !out.back().punct("::")))
      continue;  // a typed literal: the literal stays
    if (!t[i].punct("::")) {
      out.push_back(t[i]);
      continue;
    }
    // The type: a (schema-qualified) name, more words of it, (n[, m]), [] suffixes.
    size_t k = i + 1;
    auto name_at = [&](size_t at) { return at < t.size() && (t[at].kind == Token::kWord || t[at].kind == Token::kQuoted); };
    if (name_at(k)) ++k;
    while (k + 1 < t.size() && t[k].punct(".") && name_at(k + 1)) k += 2;
    while (k < t.size() && t[k].kind == Token::kWord && kTypeWords.count(t[k].text)) ++k;
    if (k < t.size() && t[k].punct("(")) {
      size_t close = closing(t, k);
      bool modifiers = close < t.size();
      for (size_t m = k + 1; m < close; ++m)
        if (t[m].kind != Token::kNumber && !t[m].punct(",")) modifiers = false;
      if (modifiers) k = close + 1;
    }
    while (k < t.size() && t[k].punct("[")) {
      size_t close = closing(t, k);
      if (close >= t.size()) break;
      k = close + 1;
    }
    i = k - 1;
  }
  t = std::move(out);
}

void numbers_from_strings(Tokens& t) {
  Tokens out;
  for (const auto& tok : t) {
    if (tok.kind == Token::kString && tok.text.size() > 2) {
      std::string inner = tok.text.substr(1, tok.text.size() - 2);
      bool negative = inner[0] == '-';
      std::string digits = negative ? inner.substr(1) : inner;
      auto parsed = tokenize(digits);
      if (parsed.size() == 1 && parsed[0].kind == Token::kNumber && parsed[0].text == digits) {
        if (negative) out.push_back({Token::kOperator, "-"});
        out.push_back(parsed[0]);
        continue;
      }
    }
    out.push_back(tok);
  }
  t = std::move(out);
}

void like_as_operators(Tokens& t) {
  Tokens out;
  for (const auto& tok : t) {
    if (tok.word("like") || tok.word("ilike")) {
      bool negated = !out.empty() && out.back().word("not");
      if (negated) out.pop_back();
      out.push_back({Token::kOperator, std::string(negated ? "!" : "") + (tok.word("like") ? "~~" : "~~*")});
      continue;
    }
    out.push_back(tok);
  }
  t = std::move(out);
}

// The first token of the operand that ends at T[end] (a name, a call, a
// parenthesized group, a qualified name), or npos.
size_t operand_start(const Tokens& t, size_t end) {
  size_t start = end;
  if (t[end].punct(")")) {
    start = opening(t, end);
    if (start == std::string::npos) return start;
    if (start > 0 && calls(t[start - 1])) --start;
  }
  while (start >= 2 && t[start - 1].punct(".") &&
         (t[start - 2].kind == Token::kWord || t[start - 2].kind == Token::kQuoted))
    start -= 2;
  return start;
}

// One past the last token of the operand that starts at T[start].
size_t operand_end(const Tokens& t, size_t start) {
  if (start >= t.size()) return start;
  if ((t[start].is(Token::kOperator, "-") || t[start].is(Token::kOperator, "+")) && start + 1 < t.size())
    return operand_end(t, start + 1);
  if (t[start].punct("(")) return std::min(closing(t, start) + 1, t.size());
  size_t end = start + 1;
  while (end + 1 < t.size() && t[end].punct(".")) end += 2;
  if (end < t.size() && t[end].punct("(") && calls(t[end - 1])) end = std::min(closing(t, end) + 1, t.size());
  return end;
}

void between_as_comparisons(Tokens& t) {
  for (size_t i = 1; i < t.size(); ++i) {
    if (!t[i].word("between") || (i + 1 < t.size() && t[i + 1].word("symmetric"))) continue;
    bool negated = t[i - 1].word("not");
    size_t a_end = negated ? i - 2 : i - 1;
    if (negated && i < 2) continue;
    size_t a_start = operand_start(t, a_end);
    size_t b_end = operand_end(t, i + 1);
    if (a_start == std::string::npos || b_end >= t.size() || !t[b_end].word("and")) continue;
    size_t c_end = operand_end(t, b_end + 1);
    Tokens a(t.begin() + static_cast<long>(a_start), t.begin() + static_cast<long>(a_end + 1));
    Tokens b(t.begin() + static_cast<long>(i + 1), t.begin() + static_cast<long>(b_end));
    Tokens c(t.begin() + static_cast<long>(b_end + 1), t.begin() + static_cast<long>(c_end));
    Tokens r = a;
    r.push_back({Token::kOperator, negated ? "<" : ">="});
    r.insert(r.end(), b.begin(), b.end());
    r.push_back({Token::kWord, negated ? "or" : "and"});
    r.insert(r.end(), a.begin(), a.end());
    r.push_back({Token::kOperator, negated ? ">" : "<="});
    r.insert(r.end(), c.begin(), c.end());
    t.erase(t.begin() + static_cast<long>(a_start), t.begin() + static_cast<long>(c_end));
    t.insert(t.begin() + static_cast<long>(a_start), r.begin(), r.end());
    i = a_start + r.size() - 1;
  }
}

void drop_grouping(Tokens& t) {
  std::vector<bool> drop(t.size(), false);
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].punct("(") || (i > 0 && calls(t[i - 1]))) continue;
    size_t close = closing(t, i);
    if (close >= t.size() || top_level_comma(t, i, close)) continue;  // a row (a, b) stays
    drop[i] = drop[close] = true;
  }
  Tokens out;
  for (size_t i = 0; i < t.size(); ++i)
    if (!drop[i]) out.push_back(t[i]);
  t = std::move(out);
}

void arrays_as_in_lists(Tokens& t) {
  for (size_t i = 0; i + 4 < t.size(); ++i) {
    bool in = t[i].is(Token::kOperator, "=") && (t[i + 1].word("any") || t[i + 1].word("some"));
    bool not_in = t[i].is(Token::kOperator, "<>") && t[i + 1].word("all");
    if (!(in || not_in) || !t[i + 2].punct("(") || !t[i + 3].word("array") || !t[i + 4].punct("[")) continue;
    size_t close_paren = closing(t, i + 2), close_bracket = closing(t, i + 4);
    if (close_paren >= t.size() || close_bracket + 1 != close_paren) continue;
    Tokens r;
    if (not_in) r.push_back({Token::kWord, "not"});
    r.push_back({Token::kWord, "in"});
    r.push_back({Token::kPunct, "("});
    r.insert(r.end(), t.begin() + static_cast<long>(i + 5), t.begin() + static_cast<long>(close_bracket));
    r.push_back({Token::kPunct, ")"});
    t.erase(t.begin() + static_cast<long>(i), t.begin() + static_cast<long>(close_paren + 1));
    t.insert(t.begin() + static_cast<long>(i), r.begin(), r.end());
  }
  // x IN (a) is x = a: PostgreSQL keeps no one-item list.
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (!t[i].word("in") || !t[i + 1].punct("(")) continue;
    size_t close = closing(t, i + 1);
    if (close >= t.size() || close == i + 2 || top_level_comma(t, i + 1, close)) continue;
    if (t[i + 2].word("select")) continue;
    bool negated = i > 0 && t[i - 1].word("not");
    t.erase(t.begin() + static_cast<long>(close));
    t.erase(t.begin() + static_cast<long>(i + 1));
    t[i] = {Token::kOperator, negated ? "<>" : "="};
    if (negated) t.erase(t.begin() + static_cast<long>(i - 1));
  }
}

}  // namespace

std::string normalize_sql_expression(std::string_view text, const ExpressionRewrites& rewrites) {
  Tokens t = tokenize(text);
  if (rewrites.casts) drop_casts(t);
  if (rewrites.numeric_strings) numbers_from_strings(t);
  if (rewrites.like_operators) like_as_operators(t);
  if (rewrites.between) between_as_comparisons(t);
  if (rewrites.grouping) drop_grouping(t);
  if (rewrites.in_lists) arrays_as_in_lists(t);
  while (t.size() >= 2 && t.front().punct("(") && closing(t, 0) == t.size() - 1) {
    t.pop_back();
    t.erase(t.begin());
  }
  std::string out;
  for (const auto& tok : t) {
    if (!out.empty()) out += ' ';
    out += tok.text;
  }
  return out;
}

}  // namespace strata::drivers::common
