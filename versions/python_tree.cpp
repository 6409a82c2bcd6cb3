// The helpers on the reader's tree (python_reader.h): lookups in a Module and
// the source form of a Node.
#include <string>

#include "versions/python_reader.h"

namespace strata::versions::py {

namespace {

void append_hex_escape(std::string& out, unsigned char c) {
  static const char digits[] = "0123456789abcdef";
  out += "\\x";
  out += digits[c >> 4];
  out += digits[c & 15];
}

// The literal as Python's repr() writes it: single quotes unless the text
// holds one and no double quote; control characters escaped. A raw string
// that can be written back raw is (r'\d+'), as the user wrote it.
std::string string_source(const Node& node) {
  const std::string& text = node.text;
  const bool has_single = text.find('\'') != std::string::npos;
  const bool has_double = text.find('"') != std::string::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  if (node.raw_string && text.find(quote) == std::string::npos && text.find_first_of("\r\n") == std::string::npos) {
    size_t trailing_backslashes = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '\\'; ++it) ++trailing_backslashes;
    if (trailing_backslashes % 2 == 0) return std::string("r") + quote + text + quote;
  }
  std::string out(1, quote);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      append_hex_escape(out, u);
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

}  // namespace

const Node* Module::assignment(std::string_view name) const {
  for (auto it = statements.rbegin(); it != statements.rend(); ++it) {
    if (it->kind != Statement::Kind::kAssign) continue;
    for (const std::string& target : it->targets)
      if (target == name) return &it->value;
  }
  return nullptr;
}

const Function* Module::function(std::string_view name) const {
  for (auto it = functions.rbegin(); it != functions.rend(); ++it)  // a later def replaces an earlier one
    if (it->name == name) return &*it;
  return nullptr;
}

std::string to_source(const Node& node) {
  using Kind = Node::Kind;
  auto joined = [](const std::vector<Node>& items, size_t from, std::string& out) {
    for (size_t i = from; i < items.size(); ++i) {
      if (i > from) out += ", ";
      out += to_source(items[i]);
    }
  };
  std::string out;
  switch (node.kind) {
    case Kind::kString: return string_source(node);
    case Kind::kNone: return "None";
    case Kind::kNumber:
    case Kind::kBool:
    case Kind::kName:
    case Kind::kOther: return node.text;
    case Kind::kAttribute:
      if (!node.items.empty()) out = to_source(node.items[0]);
      return out + "." + node.text;
    case Kind::kCall:
      if (!node.items.empty()) out = to_source(node.items[0]);
      out += '(';
      joined(node.items, 1, out);
      for (size_t i = 0; i < node.keywords.size(); ++i) {
        if (i > 0 || node.items.size() > 1) out += ", ";
        out += node.keywords[i].first + "=" + to_source(node.keywords[i].second);
      }
      return out + ")";
    case Kind::kTuple:
      out = "(";
      joined(node.items, 0, out);
      return out + (node.items.size() == 1 ? ",)" : ")");
    case Kind::kList:
      out = "[";
      joined(node.items, 0, out);
      return out + "]";
    case Kind::kDict:
      out = "{";
      for (size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += to_source(node.entries[i].first) + ": " + to_source(node.entries[i].second);
      }
      return out + "}";
  }
  return out;
}

std::string dotted_name(const Node& node) {
  if (node.kind == Node::Kind::kName) return node.text;
  if (node.kind != Node::Kind::kAttribute || node.items.empty()) return "";
  std::string base = dotted_name(node.items[0]);
  if (base.empty()) return "";
  return base + "." + node.text;
}

}  // namespace strata::versions::py
