#include "versions/python_expressions.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace strata::versions::py {

namespace {

using Kind = Node::Kind;

// A modelled tree taller than this (a very long attribute chain, calls in
// calls) becomes kOther: walks over nodes (destructors, to_source, the
// translator) recurse once per level.
constexpr int kMaxTreeHeight = 256;

Node leaf(Kind kind, int line) {
  Node n;
  n.kind = kind;
  n.line = line;
  return n;
}

}  // namespace

DepthGuard::DepthGuard(int& depth, const TokenStream& tokens) : depth_(depth) {
  if (++depth_ > kMaxNesting) {
    --depth_;  // the destructor does not run when the constructor throws
    tokens.fail(tokens.cur().line, "expressions or blocks nested more than " + std::to_string(kMaxNesting) +
                                       " levels deep");
  }
}

Expr ExpressionParser::other(size_t begin, int line) const {
  Expr e;
  e.node = leaf(Kind::kOther, line);
  e.begin = begin;
  e.end = tokens_.last_end();
  return e;
}

Expr ExpressionParser::modelled(Node&& node, size_t begin, int height) const {
  if (height > kMaxTreeHeight) return other(begin, node.line);
  Expr e;
  e.node = std::move(node);
  e.begin = begin;
  e.end = tokens_.last_end();
  e.height = height;
  return e;
}

Node ExpressionParser::finish(Expr&& e) const {
  if (e.node.kind == Kind::kOther && e.node.text.empty())
    e.node.text = std::string(tokens_.source().substr(e.begin, e.end - e.begin));
  return std::move(e.node);
}

void ExpressionParser::add_item(Expr&& item, bool& unmodelled, int& height) {
  unmodelled = unmodelled || item.starred;
  height = std::max(height, item.height);
  if (!unmodelled) item_stack_.push_back(finish(std::move(item)));
}

Expr ExpressionParser::close(Node&& node, size_t mark, bool unmodelled, size_t begin, int height) {
  if (unmodelled) {
    item_stack_.resize(mark);
    return other(begin, node.line);
  }
  // Moved into vectors of the exact size: one allocation each, no slack.
  node.items.reserve(item_stack_.size() - mark);
  std::move(item_stack_.begin() + static_cast<std::ptrdiff_t>(mark), item_stack_.end(), std::back_inserter(node.items));
  item_stack_.resize(mark);
  return modelled(std::move(node), begin, height);
}

bool ExpressionParser::at_expression_start() const {
  const Token& t = tokens_.cur();
  switch (t.kind) {
    case TokenKind::kNumber:
    case TokenKind::kString: return true;
    case TokenKind::kName:
      return !is_keyword(t.text) || t.text == "True" || t.text == "False" || t.text == "None" || t.text == "not" ||
             t.text == "lambda" || t.text == "await";
    case TokenKind::kOperator:
      return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+" || t.text == "~" ||
             t.text == "*" || t.text == "...";
    default: return false;
  }
}

Expr ExpressionParser::test() {
  if (tokens_.at_word("lambda")) return lambda();
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  Expr e = binary(kOr);
  if (!tokens_.at_word("if")) return e;
  DepthGuard guard(depth_, tokens_);  // `a if b else c if d else ...` recurses on the right
  tokens_.advance();
  binary(kOr);
  if (!tokens_.at_word("else")) tokens_.fail_unexpected("'else' of the conditional expression");
  tokens_.advance();
  test();
  return other(begin, line);
}

Expr ExpressionParser::named_test() {
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  Expr e = test();
  if (!tokens_.at_op(":=")) return e;
  tokens_.advance();
  test();
  return other(begin, line);
}

Expr ExpressionParser::star_or_named() {
  if (!tokens_.at_op("*")) return named_test();
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  tokens_.advance();
  binary(kBitOr);
  Expr e = other(begin, line);
  e.starred = true;
  return e;
}

Expr ExpressionParser::expression_list() {
  if (tokens_.at_word("yield")) return yield();
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  Expr first = star_or_named();
  if (!tokens_.at_op(",")) return first;
  const size_t mark = item_stack_.size();
  bool unmodelled = false;
  int height = 0;
  add_item(std::move(first), unmodelled, height);
  while (tokens_.at_op(",")) {
    tokens_.advance();
    if (!at_expression_start()) break;  // `x = 1,` is a one-item tuple
    add_item(star_or_named(), unmodelled, height);
  }
  return close(leaf(Kind::kTuple, line), mark, unmodelled, begin, height + 1);
}

// Binary operators, comparisons and `not` by precedence climbing; any of them
// makes the expression kOther. Each operand is parsed at a higher precedence,
// so the recursion here is bounded by the number of levels.
Expr ExpressionParser::binary(int min_precedence) {
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  auto operand = [&]() -> Expr {
    if (min_precedence > kNot || !tokens_.at_word("not")) return unary();
    DepthGuard guard(depth_, tokens_);
    tokens_.advance();
    binary(kNot);
    return other(begin, line);
  };
  Expr left = operand();
  bool combined = false;
  for (int precedence = operator_precedence(); precedence && precedence >= min_precedence;
       precedence = operator_precedence()) {
    consume_operator();
    binary(precedence + 1);
    combined = true;
  }
  if (combined) return other(begin, line);
  return left;  // not `combined ? other() : left`, which would copy left
}

int ExpressionParser::operator_precedence() {
  const Token& t = tokens_.cur();
  if (t.kind == TokenKind::kName) {
    if (tokens_.at_word("or")) return kOr;
    if (tokens_.at_word("and")) return kAnd;
    if (tokens_.at_word("in") || tokens_.at_word("is")) return kCompare;
    if (tokens_.at_word("not")) {  // only as `not in`
      const Token& next = tokens_.peek();
      return next.kind == TokenKind::kName && next.text == "in" ? kCompare : 0;
    }
    return 0;
  }
  if (t.kind != TokenKind::kOperator) return 0;
  const std::string_view op = t.text;
  const bool single = op.size() == 1;
  switch (op[0]) {
    case '|': return single ? kBitOr : 0;
    case '^': return single ? kXor : 0;
    case '&': return single ? kBitAnd : 0;
    case '+': return single ? kSum : 0;
    case '-': return single ? kSum : 0;
    case '%': case '@': return single ? kTerm : 0;
    case '*': return single ? kTerm : 0;  // not ** (power) nor *=
    case '/': return single || op == "//" ? kTerm : 0;
    case '<': case '>':
      if (single || op[1] == '=') return kCompare;
      return op.size() == 2 && op[1] == op[0] ? kShift : 0;  // << >>
    case '=': case '!': return op.size() == 2 && op[1] == '=' ? kCompare : 0;  // == !=
    default: return 0;
  }
}

void ExpressionParser::consume_operator() {
  const bool two_words = tokens_.at_word("not");  // `not in`
  const bool is = tokens_.at_word("is");
  tokens_.advance();
  if (two_words || (is && tokens_.at_word("not"))) tokens_.advance();  // `is not`
}

Expr ExpressionParser::unary() {
  if (!tokens_.at_op("-") && !tokens_.at_op("+") && !tokens_.at_op("~")) return power();
  DepthGuard guard(depth_, tokens_);
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  const bool minus = tokens_.at_op("-");
  tokens_.advance();
  Expr operand = unary();
  // A negative literal is still a number (`-1.5`), not an expression.
  if (minus && operand.node.kind == Kind::kNumber && operand.node.text[0] != '-') {
    operand.node.text.insert(0, 1, '-');
    operand.node.line = line;
    operand.begin = begin;
    return operand;
  }
  return other(begin, line);
}

Expr ExpressionParser::power() {
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  const bool awaited = tokens_.at_word("await");
  if (awaited) tokens_.advance();
  Expr base = primary();
  if (!tokens_.at_op("**")) {
    if (awaited) return other(begin, line);
    return base;
  }
  DepthGuard guard(depth_, tokens_);  // `a ** b ** c` recurses on the right
  tokens_.advance();
  unary();
  return other(begin, line);
}

// An atom and its trailers: `.name`, `(arguments)`, `[subscript]`. A trailer
// on something unmodelled, and every subscript, gives kOther.
Expr ExpressionParser::primary() {
  const size_t begin = tokens_.cur().begin;
  const int line = tokens_.cur().line;
  Expr e = atom();
  for (;;) {
    if (tokens_.at_op(".")) {
      tokens_.advance();
      if (tokens_.cur().kind != TokenKind::kName) tokens_.fail_unexpected("an attribute name after '.'");
      std::string name(tokens_.cur().text);
      tokens_.advance();
      if (e.node.kind == Kind::kOther) {
        e = other(begin, line);
        continue;
      }
      Node attribute = leaf(Kind::kAttribute, line);
      attribute.text = std::move(name);
      const int height = e.height + 1;
      attribute.items.push_back(finish(std::move(e)));
      e = modelled(std::move(attribute), begin, height);
    } else if (tokens_.at_op("(")) {
      DepthGuard guard(depth_, tokens_);
      bool unmodelled = e.node.kind == Kind::kOther;
      int height = e.height;
      const size_t mark = item_stack_.size();
      if (!unmodelled) item_stack_.push_back(finish(std::move(e)));
      Node call = leaf(Kind::kCall, line);
      call_arguments(call, unmodelled, height);
      e = close(std::move(call), mark, unmodelled, begin, height + 1);
    } else if (tokens_.at_op("[")) {
      DepthGuard guard(depth_, tokens_);
      subscript();
      e = other(begin, line);
    } else {
      return e;
    }
  }
}

// Positional and keyword arguments; `*args`, `**kwargs` make the call
// unmodelled (the positions of the arguments after them are unknown).
void ExpressionParser::call_arguments(Node& call, bool& unmodelled, int& height) {
  tokens_.advance();  // '('
  const size_t keyword_mark = keyword_stack_.size();
  while (!tokens_.at_op(")")) {
    if (tokens_.at_op("*") || tokens_.at_op("**")) {
      tokens_.advance();
      test();
      unmodelled = true;
    } else if (tokens_.cur().kind == TokenKind::kName && !is_keyword(tokens_.cur().text) &&
               tokens_.peek().kind == TokenKind::kOperator && tokens_.peek().text == "=") {
      std::string name(tokens_.cur().text);
      tokens_.advance();
      tokens_.advance();
      Expr value = test();
      height = std::max(height, value.height);
      if (!unmodelled) keyword_stack_.emplace_back(std::move(name), finish(std::move(value)));
    } else {
      const size_t begin = tokens_.cur().begin;
      const int line = tokens_.cur().line;
      Expr argument = named_test();
      if (at_comprehension()) {  // f(x for x in y)
        comprehension_tail();
        argument = other(begin, line);
      }
      add_item(std::move(argument), unmodelled, height);
    }
    if (tokens_.at_op(","))
      tokens_.advance();
    else if (!tokens_.at_op(")"))
      tokens_.fail_unexpected("',' or ')' in the arguments of a call");
  }
  tokens_.advance();  // ')'
  if (!unmodelled) {
    call.keywords.reserve(keyword_stack_.size() - keyword_mark);
    std::move(keyword_stack_.begin() + static_cast<std::ptrdiff_t>(keyword_mark), keyword_stack_.end(),
              std::back_inserter(call.keywords));
  }
  keyword_stack_.resize(keyword_mark);
}

// `[i]`, `[a:b:c]`, `[x, y:z]`: read for its extent only.
void ExpressionParser::subscript() {
  tokens_.advance();  // '['
  while (!tokens_.at_op("]")) {
    if (tokens_.at_op(":") || tokens_.at_op(","))
      tokens_.advance();
    else
      star_or_named();
  }
  tokens_.advance();
}

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
