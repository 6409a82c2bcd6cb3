// The statement half of the Python reader: the module, `def` bodies and
// `with` blocks (simple statements are python_simple_statements.cpp's,
// expressions python_expressions.cpp's, tokens python_lexer.cpp's). A
// statement the tree does not model (if, for, try, a nested def...) is read
// for its extent only, by tokens and indentation, and becomes a kOther
// statement with its reason.
#include "versions/python_reader.h"

#include <utility>

#include "versions/python_statements.h"

namespace strata::versions::py {

namespace {

using StatementKind = Statement::Kind;

bool is_string(const Node& n) { return n.kind == Node::Kind::kString; }

}  // namespace

StatementParser::StatementParser(std::string_view text, const std::string& file)
    : tokens_(text, file), expressions_(tokens_, depth_) {}

Module StatementParser::module() {
  Module m;
  bool first = true;
  while (tokens_.cur().kind != TokenKind::kEnd) {
    if (tokens_.cur().kind == TokenKind::kIndent) tokens_.fail(tokens_.cur().line, "unexpected indent");
    if (tokens_.at_word("def") || (tokens_.at_op("@") && decorates_function())) {
      m.functions.push_back(function());
    } else {
      const size_t before = m.statements.size();
      statement(m.statements);
      // A string as the first statement is the module's docstring.
      if (first && before < m.statements.size() && m.statements[before].kind == StatementKind::kPass &&
          is_string(m.statements[before].value)) {
        m.docstring = std::move(m.statements[before].value.text);
        m.docstring_line = m.statements[before].line;
        m.statements.erase(m.statements.begin() + static_cast<std::ptrdiff_t>(before));
      }
    }
    first = false;
  }
  return m;
}

// At a decorator: skips the decorator lines and tells whether a `def`
// follows (else a class or another statement: one kOther statement).
bool StatementParser::decorates_function() {
  decorator_line_ = tokens_.cur().line;
  decorator_begin_ = tokens_.cur().begin;
  while (tokens_.at_op("@")) {
    while (tokens_.cur().kind != TokenKind::kNewline) tokens_.advance();
    tokens_.advance();
  }
  if (!tokens_.at_word("def") && !tokens_.at_word("class") && !tokens_.at_word("async"))
    tokens_.fail_unexpected("'def' or 'class' after the decorator");
  pending_decorator_ = true;
  return tokens_.at_word("def");
}

Function StatementParser::function() {
  Function f;
  f.line = tokens_.cur().line;
  pending_decorator_ = false;
  tokens_.advance();  // 'def'
  if (tokens_.cur().kind != TokenKind::kName || is_keyword(tokens_.cur().text))
    tokens_.fail_unexpected("a function name after 'def'");
  f.name = std::string(tokens_.cur().text);
  tokens_.advance();
  tokens_.expect_op("(", "after the function name");
  while (!tokens_.at_op(")")) parameter(f);
  tokens_.advance();
  if (tokens_.at_op("->")) {
    tokens_.advance();
    expressions_.test();
  }
  tokens_.expect_op(":", "at the end of the 'def' line");
  f.body = suite("function definition", f.line);
  if (!f.body.empty() && f.body.front().kind == StatementKind::kPass && is_string(f.body.front().value)) {
    f.docstring = std::move(f.body.front().value.text);
    f.body.erase(f.body.begin());
  }
  f.end_line = tokens_.last_line();
  return f;
}

// One parameter, its annotation and default value (read, not kept), and
// the comma after it; bare `*` and `/` only separate.
void StatementParser::parameter(Function& f) {
  if (tokens_.at_op("/")) {
    tokens_.advance();
  } else {
    if (tokens_.at_op("*") || tokens_.at_op("**")) tokens_.advance();
    if (tokens_.cur().kind == TokenKind::kName && !is_keyword(tokens_.cur().text)) {
      f.parameters.emplace_back(tokens_.cur().text);
      tokens_.advance();
      if (tokens_.at_op(":")) {
        tokens_.advance();
        expressions_.test();
      }
      if (tokens_.at_op("=")) {
        tokens_.advance();
        expressions_.test();
      }
    } else if (!tokens_.at_op(",") && !tokens_.at_op(")")) {
      tokens_.fail_unexpected("a parameter of " + f.name + "()");
    }
  }
  if (tokens_.at_op(","))
    tokens_.advance();
  else if (!tokens_.at_op(")"))
    tokens_.fail_unexpected("',' or ')' in the parameters of " + f.name + "()");
}

// The block after a `:`: an indented block, or simple statements on the same line.
std::vector<Statement> StatementParser::suite(const char* what, int header_line) {
  std::vector<Statement> body;
  if (tokens_.cur().kind != TokenKind::kNewline) {
    simple_statements(body);
    return body;
  }
  tokens_.advance();
  if (tokens_.cur().kind != TokenKind::kIndent)
    tokens_.fail(tokens_.cur().line, std::string("expected an indented block after the ") + what + " on line " +
                                         std::to_string(header_line));
  tokens_.advance();
  while (tokens_.cur().kind != TokenKind::kDedent) {
    if (tokens_.cur().kind == TokenKind::kIndent) tokens_.fail(tokens_.cur().line, "unexpected indent");
    statement(body);
  }
  tokens_.advance();
  return body;
}

void StatementParser::statement(std::vector<Statement>& out) {
  const Token& t = tokens_.cur();
  if (pending_decorator_ || tokens_.at_op("@")) {
    if (!pending_decorator_) decorates_function();
    pending_decorator_ = false;
    out.push_back(skipped_compound("decorated definition", decorator_line_, decorator_begin_));
    return;
  }
  if (t.kind == TokenKind::kName) {
    const std::string_view word = t.text;
    const char* reason = word == "if" ? "if statement"
                         : word == "for" ? "for loop"
                         : word == "while" ? "while loop"
                         : word == "try" ? "try statement"
                         : word == "def" ? "function definition"
                         : word == "class" ? "class definition"
                         : word == "async" ? "async statement"
                         : nullptr;
    if (word == "async") {
      const std::string_view next = tokens_.peek().text;
      reason = next == "for" ? "async for loop" : next == "with" ? "async with statement"
                                                : next == "def" ? "async function definition" : "async statement";
    }
    // `match` is a keyword only at the start of a match statement, the one
    // statement starting with a name whose line ends with ':'.
    if (!reason && word == "match" && tokens_.line_ends_with_colon()) reason = "match statement";
    if (reason) {
      out.push_back(skipped_compound(reason, t.line, t.begin));
      return;
    }
    if (word == "with") {
      out.push_back(with_statement());
      return;
    }
    if (word == "elif" || word == "else" || word == "except" || word == "finally")
      tokens_.fail(t.line, "invalid syntax: '" + std::string(word) + "' without the statement it belongs to");
  }
  simple_statements(out);
}

// `with EXPR [as NAME]:` and its block. Several context managers, or a
// target that is not a name, make it a kOther statement.
Statement StatementParser::with_statement() {
  const size_t begin = tokens_.cur().begin;
  Statement s = start(StatementKind::kWith);
  DepthGuard guard(depth_, tokens_);
  tokens_.advance();
  expressions_.allow_with_items = tokens_.at_op("(");
  expressions_.saw_with_items = false;
  Expr context = expressions_.test();
  expressions_.allow_with_items = false;
  const char* unmodelled = expressions_.saw_with_items ? "with statement of parenthesized context managers" : nullptr;
  if (!unmodelled && tokens_.at_word("as")) {
    tokens_.advance();
    Node target = expressions_.finish(expressions_.test());
    if (target.kind == Node::Kind::kName)
      s.targets.push_back(std::move(target.text));
    else
      unmodelled = "with statement whose target is not a name";
  }
  if (!unmodelled && tokens_.at_op(",")) unmodelled = "with statement of several context managers";
  if (unmodelled) {
    Statement skipped = start(StatementKind::kOther);
    skipped.line = s.line;
    skipped.reason = unmodelled;
    skip_clause(skipped.reason, s.line);
    finish(skipped, begin);
    return skipped;
  }
  s.value = expressions_.finish(std::move(context));
  tokens_.expect_op(":", "at the end of the 'with' line");
  s.body = suite("with statement", s.line);
  finish(s, begin);
  return s;
}

// A compound statement read for its extent only: its header, its block,
// and the clauses that continue it (elif, else, except, finally).
Statement StatementParser::skipped_compound(const char* reason, int line, size_t begin) {
  Statement s;
  s.kind = StatementKind::kOther;
  s.line = line;
  s.reason = reason;
  const bool has_clauses = s.reason == "if statement" || s.reason == "for loop" || s.reason == "while loop" ||
                           s.reason == "try statement" || s.reason == "async for loop";
  skip_clause(s.reason, line);
  while (has_clauses && (tokens_.at_word("elif") || tokens_.at_word("else") || tokens_.at_word("except") ||
                         tokens_.at_word("finally")))
    skip_clause(s.reason, tokens_.cur().line);
  finish(s, begin);
  return s;
}

// From within a header to its end, then its indented block if the header
// ends with ':' (else its body was on the same line).
void StatementParser::skip_clause(const std::string& what, int line) {
  bool colon = false, ends_with_colon = false;
  while (tokens_.cur().kind != TokenKind::kNewline) {
    ends_with_colon = tokens_.at_op(":") && tokens_.cur().depth == 0;
    colon = colon || ends_with_colon;
    tokens_.advance();
  }
  if (!colon) tokens_.fail(line, "invalid syntax: the " + what + " has no ':'");
  tokens_.advance();
  if (!ends_with_colon) return;
  if (tokens_.cur().kind != TokenKind::kIndent)
    tokens_.fail(tokens_.cur().line,
                 "expected an indented block after the " + what + " on line " + std::to_string(line));
  int level = 0;
  do {
    if (tokens_.cur().kind == TokenKind::kIndent) ++level;
    if (tokens_.cur().kind == TokenKind::kDedent) --level;
    tokens_.advance();
  } while (level > 0);
}

Module parse_module(std::string_view text, const std::string& file) { return StatementParser(text, file).module(); }

}  // namespace strata::versions::py
