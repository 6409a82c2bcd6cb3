// The parser's side of the tokens: lookahead, keyword checks, and how a
// token reads in an error message.
#include <string>

#include "versions/python_lexer.h"

namespace strata::versions::py {

bool is_keyword(std::string_view w) {
  if (w.empty()) return false;
  switch (w[0]) {  // by first letter: this is asked for every name
    case 'F': return w == "False";
    case 'N': return w == "None";
    case 'T': return w == "True";
    case 'a': return w == "and" || w == "as" || w == "assert" || w == "async" || w == "await";
    case 'b': return w == "break";
    case 'c': return w == "class" || w == "continue";
    case 'd': return w == "def" || w == "del";
    case 'e': return w == "elif" || w == "else" || w == "except";
    case 'f': return w == "finally" || w == "for" || w == "from";
    case 'g': return w == "global";
    case 'i': return w == "if" || w == "import" || w == "in" || w == "is";
    case 'l': return w == "lambda";
    case 'n': return w == "nonlocal" || w == "not";
    case 'o': return w == "or";
    case 'p': return w == "pass";
    case 'r': return w == "raise" || w == "return";
    case 't': return w == "try";
    case 'w': return w == "while" || w == "with";
    case 'y': return w == "yield";
    default: return false;
  }
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kNewline: return "the end of the line";
    case TokenKind::kIndent: return "an indent";
    case TokenKind::kDedent: return "a dedent";
    case TokenKind::kEnd: return "the end of the file";
    default: break;
  }
  std::string shown;
  for (char c : token.text.substr(0, 30)) shown += (c == '\n' || c == '\r') ? std::string(" ") : printable_char(c);
  return "'" + shown + (token.text.size() > 30 ? "...'" : "'");
}

TokenStream::TokenStream(std::string_view text, const std::string& file)
    : source_(text), lexer_(text, file), cur_(lexer_.next()) {}

const Token& TokenStream::peek() {
  if (!has_next_) {
    next_ = lexer_.next();
    has_next_ = true;
  }
  return next_;
}

void TokenStream::advance() {
  if (cur_.kind != TokenKind::kNewline && cur_.kind != TokenKind::kIndent && cur_.kind != TokenKind::kDedent &&
      cur_.kind != TokenKind::kEnd) {
    last_end_ = cur_.end;
    last_line_ = cur_.end_line;
  }
  if (cur_.kind == TokenKind::kEnd) return;
  if (has_next_) {
    cur_ = std::move(next_);
    has_next_ = false;
  } else {
    cur_ = lexer_.next();
  }
}

bool TokenStream::line_ends_with_colon() const {
  auto is_colon = [](const Token& t) { return t.kind == TokenKind::kOperator && t.text == ":" && t.depth == 0; };
  if (cur_.kind == TokenKind::kNewline || cur_.kind == TokenKind::kEnd) return false;
  bool colon = is_colon(cur_);
  if (has_next_) {
    if (next_.kind == TokenKind::kNewline || next_.kind == TokenKind::kEnd) return colon;
    colon = is_colon(next_);
  }
  Lexer ahead = lexer_;
  for (Token t = ahead.next(); t.kind != TokenKind::kNewline && t.kind != TokenKind::kEnd; t = ahead.next())
    colon = is_colon(t);
  return colon;
}

void TokenStream::expect_op(std::string_view op, std::string_view context) {
  if (!at_op(op)) fail_unexpected("'" + std::string(op) + "'" + (context.empty() ? "" : " ") + std::string(context));
  advance();
}

void TokenStream::fail_unexpected(std::string_view wanted) const {
  fail(cur_.line, "invalid syntax: found " + describe(cur_) + " where " + std::string(wanted) + " was expected");
}

}  // namespace strata::versions::py
