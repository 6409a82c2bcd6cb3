// Helpers of the Python reader's tests: a compact, exact form of a tree
// (kinds included) to compare against, and the message a parse fails with.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "versions/python_reader.h"

namespace python_test {

using strata::versions::py::Node;

// Name, S'text', N:1, True, None, Attr(base.name), Call(callee; arg, ...; key=value),
// Tuple(...), List(...), Dict(key: value), Other{source}.
inline std::string tree(const Node& n) {
  auto list = [](const auto& items, size_t from = 0) {
    std::string out;
    for (size_t i = from; i < items.size(); ++i) out += (i > from ? ", " : "") + tree(items[i]);
    return out;
  };
  switch (n.kind) {
    case Node::Kind::kString: return "S'" + n.text + "'";
    case Node::Kind::kNumber: return "N:" + n.text;
    case Node::Kind::kBool: return n.text;
    case Node::Kind::kNone: return "None";
    case Node::Kind::kName: return n.text;
    case Node::Kind::kAttribute: return "Attr(" + (n.items.empty() ? "" : tree(n.items[0])) + "." + n.text + ")";
    case Node::Kind::kCall: {
      std::string out = "Call(" + (n.items.empty() ? "" : tree(n.items[0]));
      if (n.items.size() > 1) out += "; " + list(n.items, 1);
      if (!n.keywords.empty()) {
        out += "; ";
        for (size_t i = 0; i < n.keywords.size(); ++i)
          out += (i ? ", " : "") + n.keywords[i].first + "=" + tree(n.keywords[i].second);
      }
      return out + ")";
    }
    case Node::Kind::kTuple: return "Tuple(" + list(n.items) + ")";
    case Node::Kind::kList: return "List(" + list(n.items) + ")";
    case Node::Kind::kDict: {
      std::string out = "Dict(";
      for (size_t i = 0; i < n.entries.size(); ++i)
        out += (i ? ", " : "") + tree(n.entries[i].first) + ": " + tree(n.entries[i].second);
      return out + ")";
    }
    case Node::Kind::kOther: return "Other{" + n.text + "}";
  }
  return "?";
}

// The value assigned by the single statement `x = <expression>`.
inline Node value_of(std::string_view expression) {
  const std::string text = "x = " + std::string(expression) + "\n";
  strata::versions::py::Module m = strata::versions::py::parse_module(text, "v.py");
  const Node* v = m.assignment("x");
  if (!v) throw std::runtime_error("no assignment in: " + text);
  return *v;
}

inline std::string tree_of(std::string_view expression) { return tree(value_of(expression)); }

// The message parse_module throws for TEXT, or "" when it parses.
inline std::string error_of(std::string_view text, const std::string& file = "dir/rev.py") {
  try {
    strata::versions::py::parse_module(text, file);
  } catch (const strata::core::ScriptError& e) {
    return e.what();
  }
  return "";
}

}  // namespace python_test
