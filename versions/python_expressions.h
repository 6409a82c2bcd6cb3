// The expression half of the Python reader (python_reader.h). It reads the
// whole of Python's expression grammar, so it always knows where an
// expression ends, and builds Node trees for the literal part Alembic files
// use: strings, numbers, True/False/None, names, attribute chains, calls,
// tuples, lists, dicts. Everything else (operators, comparisons, subscripts,
// lambdas, comprehensions, f-strings, starred arguments, sets, `await`,
// `yield`) is one kOther node holding its source text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "versions/python_lexer.h"
#include "versions/python_reader.h"

namespace strata::versions::py {

/// Counts nested constructs (brackets, unary operators, lambdas, `with`
/// blocks...) while the parser is inside them, so recursion stays bounded.
class DepthGuard {
 public:
  DepthGuard(int& depth, const TokenStream& tokens);
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int& depth_;
};

/// An expression being parsed. A kOther node's text is copied from the
/// source only when the node is kept (finish()): an unmodelled expression
/// swallowed by a larger one is never copied, which keeps long operator
/// chains linear.
struct Expr {
  Node node;
  size_t begin = 0;  ///< source span, for kOther text
  size_t end = 0;
  int height = 1;    ///< of the node tree: kept small so that no walk over it recurses deeply
  bool starred = false;  ///< `*x`: only meaningful inside a tuple, list, set or call
};

class ExpressionParser {
 public:
  ExpressionParser(TokenStream& tokens, int& depth) : tokens_(tokens), depth_(depth) {}

  /// A full expression (`test` in Python's grammar): lambdas and `a if b else c` included.
  Expr test();
  /// `test` or `name := test`.
  Expr named_test();
  /// An expression statement or an assignment's side: `a`, `a, *b`, `yield x`.
  Expr expression_list();
  /// The node of E, its kOther text filled in.
  Node finish(Expr&& e) const;

  /// Whether the current token can start an expression.
  bool at_expression_start() const;

  /// Set by a `with (a as b, c as d):` header, which is read as one kOther
  /// parenthesized expression when allow_with_items is on.
  bool allow_with_items = false;
  bool saw_with_items = false;

 private:
  enum Precedence { kOr = 1, kAnd, kNot, kCompare, kBitOr, kXor, kBitAnd, kShift, kSum, kTerm };
  Expr binary(int min_precedence);
  int operator_precedence();
  void consume_operator();
  Expr unary();
  Expr power();
  Expr primary();
  Expr atom();
  Expr parenthesized();
  Expr list_display();
  Expr brace_display();
  Expr strings();
  Expr lambda();
  Expr yield();
  Expr star_or_named();
  void call_arguments(Node& call, bool& unmodelled, int& height);
  /// Items of the tuple, list or call being read are kept on item_stack_
  /// (and keywords on keyword_stack_) from MARK on, then moved into the node
  /// at its end by close().
  void add_item(Expr&& item, bool& unmodelled, int& height);
  Expr close(Node&& node, size_t mark, bool unmodelled, size_t begin, int height);
  void subscript();
  void comprehension_tail();
  bool at_comprehension();

  static Node leaf(Node::Kind kind, int line);
  Expr other(size_t begin, int line) const;
  /// E as a modelled node, or kOther when its tree would be too tall.
  Expr modelled(Node&& node, size_t begin, int height) const;

  TokenStream& tokens_;
  int& depth_;
  std::vector<Node> item_stack_;
  std::vector<std::pair<std::string, Node>> keyword_stack_;
};

}  // namespace strata::versions::py
