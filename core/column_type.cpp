#include "core/column_type.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/error.h"

namespace strata::core {

namespace {

using Kind = PortableType::Kind;

constexpr std::pair<std::string_view, Kind> kNames[] = {
    {"integer", Kind::kInteger}, {"biginteger", Kind::kBigInteger}, {"smallinteger", Kind::kSmallInteger},
    {"string", Kind::kString},   {"text", Kind::kText},             {"boolean", Kind::kBoolean},
    {"datetime", Kind::kDateTime}, {"date", Kind::kDate},           {"time", Kind::kTime},
    {"numeric", Kind::kNumeric}, {"float", Kind::kFloat},           {"json", Kind::kJson},
    {"uuid", Kind::kUuid},       {"binary", Kind::kBinary},         {"enum", Kind::kEnum},
};

[[noreturn]] void fail(std::string_view type, const std::string& why) {
  throw ScriptError("invalid column type '" + std::string(type) + "': " + why);
}

// Walks S outside quotes. Returns whether its parentheses and quotes balance
// (checked on native types too: an unbalanced one is always a typo), and sets
// FIRST_CLOSE to the ')' closing the first '(' (npos if none).
bool balanced(const std::string& s, size_t& first_close) {
  int depth = 0;
  char quote = 0;
  first_close = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return false;
      if (depth == 0 && first_close == std::string::npos) first_close = i;
    }
  }
  return depth == 0 && quote == 0;
}

// ARGS split on commas outside quotes, each trimmed.
std::vector<std::string> split_args(const std::string& args) {
  std::vector<std::string> out{""};
  char quote = 0;
  for (char c : args) {
    if (quote && c == quote) quote = 0;
    else if (!quote && (c == '\'' || c == '"')) quote = c;
    else if (!quote && c == ',') { out.emplace_back(); continue; }
    out.back() += c;
  }
  for (auto& a : out) a = trim(a);
  return out;
}

std::optional<int> to_int(const std::string& s) {
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return std::stoi(s);
}

// 'a' or "a" -> a (doubled quotes undone); anything else as is.
std::string unquote(const std::string& v) {
  if (v.size() < 2 || (v.front() != '\'' && v.front() != '"') || v.back() != v.front()) return v;
  std::string out;
  for (size_t i = 1; i + 1 < v.size(); ++i) {
    out += v[i];
    if (v[i] == v.front() && v[i + 1] == v.front()) ++i;
  }
  return out;
}

}  // namespace

std::optional<Kind> PortableType::integer_kind() const {
  if (kind == Kind::kInteger || kind == Kind::kBigInteger || kind == Kind::kSmallInteger) return kind;
  if (kind != Kind::kNative) return std::nullopt;
  // The SQL standard's and the databases' own spellings of the same types.
  static constexpr std::pair<std::string_view, Kind> kNative[] = {
      {"int", Kind::kInteger},           {"int4", Kind::kInteger},          {"serial", Kind::kInteger},
      {"serial4", Kind::kInteger},       {"mediumint", Kind::kInteger},     {"bigint", Kind::kBigInteger},
      {"int8", Kind::kBigInteger},       {"bigserial", Kind::kBigInteger},  {"serial8", Kind::kBigInteger},
      {"smallint", Kind::kSmallInteger}, {"int2", Kind::kSmallInteger},     {"smallserial", Kind::kSmallInteger},
      {"serial2", Kind::kSmallInteger},  {"tinyint", Kind::kSmallInteger},
  };
  // MySQL writes a display width and flags: int(11), bigint(20) unsigned.
  std::string name = lower(trim(native));
  for (std::string_view flag : {" zerofill", " unsigned"})
    if (name.size() > flag.size() && name.ends_with(flag)) name.resize(name.size() - flag.size());
  if (auto open = name.find('('); open != std::string::npos && name.back() == ')' && open + 2 < name.size() &&
      name.find_first_not_of("0123456789", open + 1) == name.size() - 1)
    name.resize(open);
  for (const auto& [spelling, k] : kNative)
    if (name == spelling) return k;
  return std::nullopt;
}

PortableType parse_column_type(std::string_view text) {
  const std::string t = trim(text);
  if (t.empty()) fail(text, "the type is empty");
  size_t close = 0;
  if (!balanced(t, close)) fail(t, "unbalanced parentheses or quotes");
  size_t n = 0;
  while (n < t.size() && (std::isalnum(static_cast<unsigned char>(t[n])) || t[n] == '_')) ++n;
  const std::string name = lower(t.substr(0, n));
  const std::string rest = trim(std::string_view(t).substr(n));

  PortableType native;
  native.native = t;
  auto it = std::find_if(std::begin(kNames), std::end(kNames), [&](const auto& e) { return e.first == name; });
  if (it == std::end(kNames)) return native;
  if (!rest.empty() && (rest.front() != '(' || close != t.size() - 1)) return native;

  PortableType p;
  p.kind = it->second;
  if (rest.empty()) {
    if (p.kind == Kind::kEnum) fail(t, "enum needs at least one value, as in enum(a,b)");
    return p;
  }
  const auto args = split_args(rest.substr(1, rest.size() - 2));
  switch (p.kind) {
    case Kind::kString:
      if (args.size() != 1 || !to_int(args[0]) || *to_int(args[0]) == 0)
        fail(t, "expected string(<positive length>)");
      p.length = to_int(args[0]);
      return p;
    case Kind::kNumeric:
      if (args.size() > 2 || !to_int(args[0]) || *to_int(args[0]) == 0 || (args.size() == 2 && !to_int(args[1])))
        fail(t, "expected numeric(<precision>) or numeric(<precision>, <scale>)");
      p.precision = to_int(args[0]);
      if (args.size() == 2) p.scale = to_int(args[1]);
      if (p.scale && *p.scale > *p.precision) fail(t, "the scale is larger than the precision");
      return p;
    case Kind::kDateTime: {
      if (args.size() == 1 && to_int(args[0])) return native;  // MySQL's DATETIME(3): fractional seconds
      auto eq = args[0].find('=');
      std::string value = eq == std::string::npos ? "" : lower(trim(args[0].substr(eq + 1)));
      if (args.size() != 1 || eq == std::string::npos || lower(trim(args[0].substr(0, eq))) != "timezone" ||
          (value != "true" && value != "false"))
        fail(t, "expected datetime(timezone=true) or datetime(timezone=false)");
      p.timezone = value == "true";
      return p;
    }
    case Kind::kEnum:
      for (const auto& a : args) {
        std::string v = unquote(a);
        if (v.empty()) fail(t, "enum values must not be empty");
        p.enum_values.push_back(v);
      }
      return p;
    default:
      return native;  // e.g. time(6), float(24): the database's own syntax
  }
}

}  // namespace strata::core
