// Atoms of the Python reader's expressions: names, numbers, strings,
// parenthesized expressions and tuples, lists, dicts and sets,
// comprehensions, lambdas, yield.
#include <algorithm>
#include <utility>

#include "versions/python_expressions.h"

namespace strata::versions::py {

namespace {

using Kind = Node::Kind;

}  // namespace

Expr ExpressionParser::atom() {
  const Token& t = tokens_.cur();
  const size_t begin = t.begin;
  const int line = t.line;
  if (t.kind == TokenKind::kNumber) {
    Node n = leaf(Kind::kNumber, line);
    n.text = std::string(t.text);
    tokens_.advance();
    return modelled(std::move(n), begin, 1);
  }
  if (t.kind == TokenKind::kString) return strings();
  if (t.kind == TokenKind::kName) {
    Node n;
    if (t.text == "True" || t.text == "False") {
      n = leaf(Kind::kBool, line);
      n.text = std::string(t.text);
    } else if (t.text == "None") {
      n = leaf(Kind::kNone, line);
    } else if (!is_keyword(t.text)) {
      n = leaf(Kind::kName, line);
      n.text = std::string(t.text);
    } else {
      tokens_.fail_unexpected("an expression");
    }
    tokens_.advance();
    return modelled(std::move(n), begin, 1);
  }
  if (t.kind == TokenKind::kOperator) {
    if (t.text == "(") return parenthesized();
    if (t.text == "[") return list_display();
    if (t.text == "{") return brace_display();
    if (t.text == "...") {
      tokens_.advance();
      return other(begin, line);
    }
  }
  tokens_.fail_unexpected("an expression");
}

// Adjacent literals are one string ('a' "b" across lines in brackets too); an
// f-string among them makes the whole kOther.
Expr ExpressionParser::strings() {
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  Node n = leaf(Kind::kString, line);
  bool formatted = false, bytes = false, text = false;
  while (tokens_.cur().kind == TokenKind::kString) {
    const Token& t = tokens_.cur();
    formatted = formatted || t.formatted;
    (t.bytes ? bytes : text) = true;
    n.raw_string = n.raw_string || t.raw;
    if (bytes && text) tokens_.fail(t.line, "bytes and non-bytes string literals cannot be concatenated");
    if (n.text.empty())
      n.text = tokens_.take_string_value();
    else
      n.text += t.value;
    tokens_.advance();
  }
  if (formatted) return other(begin, line);
  return modelled(std::move(n), begin, 1);
}

Expr ExpressionParser::parenthesized() {
  DepthGuard guard(depth_, tokens_);
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  const int open_depth = tokens_.cur().depth;
  const bool with_items = allow_with_items;
  allow_with_items = false;  // only for the parenthesis right after `with`
  tokens_.advance();
  if (tokens_.at_op(")")) {
    tokens_.advance();
    return modelled(leaf(Kind::kTuple, line), begin, 1);
  }
  if (tokens_.at_word("yield")) {
    yield();
    tokens_.expect_op(")", "to close the parenthesis");
    return other(begin, line);
  }
  Expr first = star_or_named();
  if (with_items && tokens_.at_word("as")) {  // `with (a as b, c as d):`
    saw_with_items = true;
    while (!(tokens_.at_op(")") && tokens_.cur().depth == open_depth + 1)) tokens_.advance();
    tokens_.advance();
    return other(begin, line);
  }
  if (at_comprehension()) {
    comprehension_tail();
    tokens_.expect_op(")", "to close the generator expression");
    return other(begin, line);
  }
  if (!tokens_.at_op(",")) {  // a parenthesized expression is the expression itself
    tokens_.expect_op(")", "to close the parenthesis");
    if (first.starred) return other(begin, line);
    return first;
  }
  const size_t mark = item_stack_.size();
  bool unmodelled = false;
  int height = 0;
  add_item(std::move(first), unmodelled, height);
  while (tokens_.at_op(",")) {
    tokens_.advance();
    if (tokens_.at_op(")")) break;
    add_item(star_or_named(), unmodelled, height);
  }
  tokens_.expect_op(")", "to close the tuple");
  return close(leaf(Kind::kTuple, line), mark, unmodelled, begin, height + 1);
}

Expr ExpressionParser::list_display() {
  DepthGuard guard(depth_, tokens_);
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  tokens_.advance();
  const size_t mark = item_stack_.size();
  bool unmodelled = false;
  int height = 0;
  if (!tokens_.at_op("]")) {
    Expr first = star_or_named();
    if (at_comprehension()) {
      comprehension_tail();
      tokens_.expect_op("]", "to close the list comprehension");
      return other(begin, line);
    }
    add_item(std::move(first), unmodelled, height);
    while (tokens_.at_op(",")) {
      tokens_.advance();
      if (tokens_.at_op("]")) break;
      add_item(star_or_named(), unmodelled, height);
    }
  }
  tokens_.expect_op("]", "to close the list");
  return close(leaf(Kind::kList, line), mark, unmodelled, begin, height + 1);
}

// `{k: v}` is a kDict; a set, a `**mapping` entry or a comprehension is kOther.
Expr ExpressionParser::brace_display() {
  DepthGuard guard(depth_, tokens_);
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  tokens_.advance();
  Node dict = leaf(Kind::kDict, line);
  bool unmodelled = false;
  int height = 0;
  bool is_dict = true;
  auto entry = [&](Expr&& key, Expr&& value) {
    height = std::max({height, key.height, value.height});
    if (!unmodelled) dict.entries.emplace_back(finish(std::move(key)), finish(std::move(value)));
  };
  if (!tokens_.at_op("}")) {
    if (tokens_.at_op("**")) {
      tokens_.advance();
      binary(kBitOr);
      unmodelled = true;
    } else {
      Expr key = star_or_named();
      if (tokens_.at_op(":") && !key.starred) {
        tokens_.advance();
        Expr value = test();
        if (at_comprehension()) {
          comprehension_tail();
          tokens_.expect_op("}", "to close the dict comprehension");
          return other(begin, line);
        }
        entry(std::move(key), std::move(value));
      } else {
        is_dict = false;
        unmodelled = true;
        if (at_comprehension()) comprehension_tail();
      }
    }
    while (tokens_.at_op(",")) {
      tokens_.advance();
      if (tokens_.at_op("}")) break;
      if (!is_dict) {
        star_or_named();
      } else if (tokens_.at_op("**")) {
        tokens_.advance();
        binary(kBitOr);
        unmodelled = true;
      } else {
        Expr key = test();
        tokens_.expect_op(":", "between a key and its value");
        entry(std::move(key), test());
      }
    }
  }
  tokens_.expect_op("}", "to close the braces");
  if (unmodelled) return other(begin, line);
  return modelled(std::move(dict), begin, height + 1);
}

Expr ExpressionParser::lambda() {
  DepthGuard guard(depth_, tokens_);
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  tokens_.advance();
  while (!tokens_.at_op(":")) {
    if (tokens_.at_op("*") || tokens_.at_op("**") || tokens_.at_op("/") || tokens_.at_op(",")) {
      tokens_.advance();
    } else if (tokens_.cur().kind == TokenKind::kName && !is_keyword(tokens_.cur().text)) {
      tokens_.advance();
      if (tokens_.at_op("=")) {
        tokens_.advance();
        test();
      }
    } else {
      tokens_.fail_unexpected("a parameter or ':' in the lambda");
    }
  }
  tokens_.advance();
  test();
  return other(begin, line);
}

Expr ExpressionParser::yield() {
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  tokens_.advance();
  if (tokens_.at_word("from")) {
    tokens_.advance();
    test();
  } else if (at_expression_start()) {
    expression_list();
  }
  return other(begin, line);
}

bool ExpressionParser::at_comprehension() {
  if (tokens_.at_word("for")) return true;
  if (!tokens_.at_word("async")) return false;
  const Token& next = tokens_.peek();
  return next.kind == TokenKind::kName && next.text == "for";
}

// `for targets in iterable [if condition]...`, repeated.
void ExpressionParser::comprehension_tail() {
  while (at_comprehension()) {
    if (tokens_.at_word("async")) tokens_.advance();
    tokens_.advance();  // 'for'
    for (;;) {          // the targets stop before `in`: they are read above comparisons
      if (tokens_.at_op("*")) tokens_.advance();
      binary(kBitOr);
      if (!tokens_.at_op(",")) break;
      tokens_.advance();
      if (tokens_.at_word("in")) break;
    }
    if (!tokens_.at_word("in")) tokens_.fail_unexpected("'in' in the comprehension");
    tokens_.advance();
    binary(kOr);
    while (tokens_.at_word("if")) {
      tokens_.advance();
      binary(kOr);
    }
  }
}

}  // namespace strata::versions::py
