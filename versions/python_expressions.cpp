// Expressions of the Python reader: operators by precedence, trailers
// (attributes, calls, subscripts), the kOther spans. Atoms and displays are
// in python_atoms.cpp.
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

}  // namespace

Node ExpressionParser::leaf(Kind kind, int line) {
  Node n;
  n.kind = kind;
  n.line = line;
  return n;
}

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

}  // namespace strata::versions::py
