// The tokenizer of the Python reader (python_reader.h): turns the text of a
// revision file into Python's tokens, one at a time so a large file is never
// held twice. It does what Python's own tokenizer does for the parser: the
// logical lines (NEWLINE), INDENT and DEDENT from the indentation (tabs to
// multiples of 8, checked against a tab width of 1 as Python does), lines
// joined inside brackets and after a backslash, comments and blank lines
// dropped, strings decoded. Text that cannot be tokenized (an unclosed string
// or bracket, a bad dedent, a stray character, a NUL byte) is a
// core::ScriptError "FILE:LINE: ...".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::versions::py {

/// Deeper nesting of brackets, indentation or expressions is an error
/// (CPython's own limit for brackets): it keeps the parser's recursion bounded.
constexpr int kMaxNesting = 200;

enum class TokenKind { kName, kNumber, kString, kOperator, kNewline, kIndent, kDedent, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  ///< the source text (a string: prefix and quotes included)
  size_t begin = 0;       ///< offset of text in the source
  size_t end = 0;
  int line = 0;           ///< 1-based line of the first character
  int end_line = 0;       ///< line of the last character (a triple-quoted string spans lines)
  int depth = 0;          ///< brackets open before this token
  std::string value;      ///< kString: the decoded value
  bool raw = false;       ///< kString: r'' prefix
  bool bytes = false;     ///< kString: b'' prefix
  bool formatted = false; ///< kString: f'' prefix (the value is not meaningful)
};

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file);
  /// The next token; kEnd forever after the last one.
  Token next();
  [[noreturn]] void fail(int line, const std::string& message) const;

 private:
  struct Indent {
    int column;      // tabs to multiples of 8
    int alt_column;  // tabs counted as 1: must order lines the same way
  };
  bool read_indentation(Indent& indent);
  bool indentation_token(const Indent& indent, Token& token);  // false: same indentation
  Token scan_token();
  Token scan_name_or_string(size_t start);
  Token scan_number(size_t start);
  Token scan_string(size_t start, size_t quote, bool raw, bool bytes, bool formatted);
  Token scan_operator(size_t start);
  void skip_comment();
  void skip_newline();  // at '\n', '\r' or "\r\n"
  Token make(TokenKind kind, size_t begin, int line);

  std::string_view text_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_ = 1;
  bool at_line_start_ = true;
  bool line_has_tokens_ = false;
  int pending_dedents_ = 0;
  std::vector<Indent> indents_{{0, 0}};
  struct Bracket {
    char open;
    int line;
  };
  std::vector<Bracket> brackets_;
};

/// The parser's view of the tokens: the current one, one of lookahead, and
/// where the last consumed token ended (for source spans and end lines).
class TokenStream {
 public:
  TokenStream(std::string_view text, const std::string& file);

  const Token& cur() const { return cur_; }
  const Token& peek();  ///< the token after cur()
  void advance();
  /// Whether the logical line from cur() on ends with ':' outside brackets,
  /// read ahead on a copy of the lexer: tells `match x:` (a statement)
  /// from `match(x)` (a call of something named match).
  bool line_ends_with_colon() const;
  /// Moves the decoded value out of the current kString token.
  std::string take_string_value() { return std::move(cur_.value); }
  /// cur() is the operator OP / the name WORD. The literal forms compare
  /// with a length known at compile time: the parser asks these for every
  /// token, and a call to memcmp each time was a sixth of the reading time.
  bool at_op(std::string_view op) const { return cur_.kind == TokenKind::kOperator && cur_.text == op; }
  template <size_t N>
  bool at_op(const char (&op)[N]) const {
    return cur_.kind == TokenKind::kOperator && same_text(op);
  }
  template <size_t N>
  bool at_word(const char (&word)[N]) const {
    return cur_.kind == TokenKind::kName && same_text(word);
  }
  /// Consumes the operator OP or fails with "expected OP".
  void expect_op(std::string_view op, std::string_view context);

  size_t last_end() const { return last_end_; }
  int last_line() const { return last_line_; }
  std::string_view source() const { return source_; }

  /// Fails with "invalid syntax: found <cur> where WANTED was expected".
  [[noreturn]] void fail_unexpected(std::string_view wanted) const;
  [[noreturn]] void fail(int line, const std::string& message) const { lexer_.fail(line, message); }

 private:
  template <size_t N>
  bool same_text(const char (&literal)[N]) const {
    if (cur_.text.size() != N - 1) return false;
    for (size_t i = 0; i < N - 1; ++i)
      if (cur_.text[i] != literal[i]) return false;
    return true;
  }

  std::string_view source_;
  Lexer lexer_;
  Token cur_;
  Token next_;
  bool has_next_ = false;
  size_t last_end_ = 0;
  int last_line_ = 0;
};

/// Hard keywords: never a name.
bool is_keyword(std::string_view word);
/// How a token reads in a message: 'text', "the end of the line", "the end of the file".
std::string describe(const Token& token);
/// C as it may be shown in a message: itself if printable ASCII, else \xNN.
std::string printable_char(char c);

}  // namespace strata::versions::py
