#include "versions/python_lexer.h"

#include <cstring>

#include "core/error.h"
#include "versions/python_string_escapes.h"

namespace strata::versions::py {

namespace {

// Own classifiers: <cctype> depends on the locale and is undefined for the
// negative chars that bytes >= 0x80 become. Non-ASCII bytes are taken as
// identifier characters, as Python takes (most of) Unicode.
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_hex_or_underscore(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
}

// The string prefixes Python accepts, in any case: r u b f br rb fr rf.
bool string_prefix(std::string_view word, bool& raw, bool& bytes, bool& formatted) {
  if (word.empty() || word.size() > 2) return false;
  raw = bytes = formatted = false;
  bool unicode = false;
  for (char c : word) {
    switch (c | 0x20) {  // ASCII lower case
      case 'r': if (raw) return false; raw = true; break;
      case 'b': if (bytes) return false; bytes = true; break;
      case 'f': if (formatted) return false; formatted = true; break;
      case 'u': unicode = true; break;
      default: return false;
    }
  }
  if (unicode) return word.size() == 1;
  return !(bytes && formatted);
}

}  // namespace

std::string printable_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return std::string(1, c);
  static const char digits[] = "0123456789abcdef";
  return std::string("\\x") + digits[u >> 4] + digits[u & 15];
}

Lexer::Lexer(std::string_view text, const std::string& file) : text_(text), file_(file) {
  if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
  // Python refuses NUL bytes anywhere, comments and strings included.
  if (const void* nul = std::memchr(text_.data(), 0, text_.size())) {
    const size_t at = static_cast<size_t>(static_cast<const char*>(nul) - text_.data());
    int line = 1;
    for (size_t i = 0; i < at; ++i)
      if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) ++line;
    fail(line, "a NUL byte, which Python source cannot contain");
  }
}

void Lexer::fail(int line, const std::string& message) const {
  throw core::ScriptError(file_ + ":" + std::to_string(line) + ": " + message);
}

Token Lexer::make(TokenKind kind, size_t begin, int line) {
  Token t;
  t.kind = kind;
  t.begin = begin;
  t.end = pos_;
  t.text = text_.substr(begin, pos_ - begin);
  t.line = line;
  t.end_line = line_;
  t.depth = static_cast<int>(brackets_.size());
  return t;
}

void Lexer::skip_newline() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

void Lexer::skip_comment() {
  while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
}

// At the start of a physical line outside brackets: measures the indentation.
// False when the line is blank or only a comment (consumed: Python ignores
// its indentation) or when the file ends.
bool Lexer::read_indentation(Indent& indent) {
  indent = {0, 0};
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ' ') {
      ++indent.column;
      ++indent.alt_column;
    } else if (c == '\t') {
      indent.column = (indent.column / 8 + 1) * 8;
      ++indent.alt_column;
    } else if (c == '\f') {
      indent = {0, 0};  // a form feed resets the column, as in Python
    } else {
      break;
    }
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  if (text_[pos_] == '#') skip_comment();
  if (pos_ >= text_.size()) return false;
  if (text_[pos_] == '\n' || text_[pos_] == '\r') {
    skip_newline();
    at_line_start_ = true;
    return false;
  }
  return true;
}

bool Lexer::indentation_token(const Indent& indent, Token& token) {
  const Indent& top = indents_.back();
  const char* const inconsistent = "inconsistent use of tabs and spaces in indentation";
  if (indent.column == top.column) {
    if (indent.alt_column != top.alt_column) fail(line_, inconsistent);
    return false;
  }
  if (indent.column > top.column) {
    if (indent.alt_column <= top.alt_column) fail(line_, inconsistent);
    if (static_cast<int>(indents_.size()) > kMaxNesting)
      fail(line_, "more than " + std::to_string(kMaxNesting) + " levels of indentation");
    indents_.push_back(indent);
    token = make(TokenKind::kIndent, pos_, line_);
    return true;
  }
  int dedents = 0;
  while (indents_.size() > 1 && indent.column < indents_.back().column) {
    indents_.pop_back();
    ++dedents;
  }
  if (indent.column != indents_.back().column) fail(line_, "unindent does not match any outer indentation level");
  if (indent.alt_column != indents_.back().alt_column) fail(line_, inconsistent);
  pending_dedents_ = dedents - 1;
  token = make(TokenKind::kDedent, pos_, line_);
  return true;
}

Token Lexer::next() {
  if (pending_dedents_ > 0) {
    --pending_dedents_;
    return make(TokenKind::kDedent, pos_, line_);
  }
  for (;;) {
    if (at_line_start_) {
      at_line_start_ = false;
      Indent indent;
      if (read_indentation(indent)) {
        Token t;
        if (indentation_token(indent, t)) return t;
      } else if (at_line_start_) {
        continue;  // a blank line: the next one decides the indentation
      }
    }
    if (pos_ >= text_.size()) {
      if (!brackets_.empty())
        fail(brackets_.back().line, std::string("'") + brackets_.back().open + "' was never closed");
      if (line_has_tokens_) {  // a file need not end with a newline
        line_has_tokens_ = false;
        return make(TokenKind::kNewline, pos_, line_);
      }
      if (indents_.size() > 1) {
        indents_.pop_back();
        return make(TokenKind::kDedent, pos_, line_);
      }
      return make(TokenKind::kEnd, pos_, line_);
    }
    const char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\f') {
      ++pos_;
    } else if (c == '#') {
      skip_comment();
    } else if (c == '\n' || c == '\r') {
      const size_t begin = pos_;
      const int line = line_;
      skip_newline();
      if (brackets_.empty()) {  // inside brackets, lines just join
        at_line_start_ = true;
        if (line_has_tokens_) {
          line_has_tokens_ = false;
          Token t = make(TokenKind::kNewline, begin, line);
          t.end_line = line;
          return t;
        }
      }
    } else if (c == '\\') {
      ++pos_;
      if (pos_ >= text_.size()) fail(line_, "the file ends after a line continuation character");
      if (text_[pos_] != '\n' && text_[pos_] != '\r')
        fail(line_, "unexpected character after line continuation character");
      skip_newline();
    } else {
      Token t = scan_token();
      line_has_tokens_ = true;
      return t;
    }
  }
}

Token Lexer::scan_token() {
  const size_t start = pos_;
  const char c = text_[pos_];
  if (is_name_start(c)) return scan_name_or_string(start);
  if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) return scan_number(start);
  if (c == '\'' || c == '"') return scan_string(start, start, false, false, false);
  return scan_operator(start);
}

Token Lexer::scan_name_or_string(size_t start) {
  while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
  bool raw = false, bytes = false, formatted = false;
  if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"') &&
      string_prefix(text_.substr(start, pos_ - start), raw, bytes, formatted))
    return scan_string(start, pos_, raw, bytes, formatted);
  return make(TokenKind::kName, start, line_);
}

// Decimal, hex, octal and binary integers, floats with exponents, imaginary
// numbers, with underscores: the text is kept as written.
Token Lexer::scan_number(size_t start) {
  auto digits = [&] {
    while (pos_ < text_.size() && (is_digit(text_[pos_]) || text_[pos_] == '_')) ++pos_;
  };
  const char second = pos_ + 1 < text_.size() ? static_cast<char>(text_[pos_ + 1] | 0x20) : '\0';
  if (text_[pos_] == '0' && (second == 'x' || second == 'o' || second == 'b')) {
    pos_ += 2;
    while (pos_ < text_.size() && is_hex_or_underscore(text_[pos_])) ++pos_;
    return make(TokenKind::kNumber, start, line_);
  }
  digits();
  if (pos_ < text_.size() && text_[pos_] == '.') {
    ++pos_;
    digits();
  }
  if (pos_ < text_.size() && (text_[pos_] | 0x20) == 'e') {
    size_t exponent = pos_ + 1;
    if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) ++exponent;
    if (exponent < text_.size() && is_digit(text_[exponent])) {
      pos_ = exponent;
      digits();
    }
  }
  if (pos_ < text_.size() && (text_[pos_] | 0x20) == 'j') ++pos_;
  return make(TokenKind::kNumber, start, line_);
}

// QUOTE is the offset of the opening quote; the token starts at START (its
// prefix). Lines inside the string are counted; "\r\n" and "\r" in the text
// become "\n" in the value, as Python reads source files.
Token Lexer::scan_string(size_t start, size_t quote, bool raw, bool bytes, bool formatted) {
  const int start_line = line_;
  const char q = text_[quote];
  const size_t n = text_.size();
  const bool triple = quote + 2 < n && text_[quote + 1] == q && text_[quote + 2] == q;
  const char* const unterminated = triple ? "unterminated triple-quoted string (it starts here)"
                                          : "unterminated string (it starts here)";
  const char* const kNonAsciiBytes = "a bytes literal (b'') can only hold ASCII characters (use \\x escapes)";
  std::string value;
  size_t i = quote + (triple ? 3 : 1);
  size_t run = i;  // start of the characters not yet copied to value
  for (;;) {
    if (i >= n) fail(start_line, unterminated);
    const char c = text_[i];
    if (c == q) {
      if (!triple) break;
      if (i + 2 < n && text_[i + 1] == q && text_[i + 2] == q) break;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (!triple) fail(start_line, unterminated);
      value.append(text_.substr(run, i - run));
      value += '\n';
      pos_ = i;
      skip_newline();
      i = run = pos_;
    } else if (c == '\\') {
      value.append(text_.substr(run, i - run));
      if (i + 1 >= n) fail(start_line, unterminated);
      const char after = text_[i + 1];
      if (after == '\n' || after == '\r') {  // backslash-newline: the line goes on
        if (raw) value += "\\\n";
        pos_ = i + 1;
        skip_newline();
        i = pos_;
      } else if (raw) {  // kept; the backslash still keeps a quote from closing the string
        if (bytes && static_cast<unsigned char>(after) >= 0x80) fail(line_, kNonAsciiBytes);
        value += '\\';
        value += after;
        i += 2;
      } else {
        std::string error;
        i = decode_escape(text_, i, bytes, value, error);
        if (i == std::string_view::npos) fail(line_, error);
      }
      run = i;
    } else {
      if (bytes && static_cast<unsigned char>(c) >= 0x80) fail(line_, kNonAsciiBytes);
      ++i;
    }
  }
  value.append(text_.substr(run, i - run));
  pos_ = i + (triple ? 3 : 1);
  Token t = make(TokenKind::kString, start, start_line);
  t.value = std::move(value);
  t.raw = raw;
  t.bytes = bytes;
  t.formatted = formatted;
  return t;
}

// The length of the operator at the start of REST (0: none). Two- and
// three-character operators are the one-character ones followed by '=', or
// doubled (** // << >>, then their '=' forms), or -> := != and ...
namespace {

size_t operator_length(std::string_view rest) {
  const char c = rest[0];
  const char second = rest.size() > 1 ? rest[1] : '\0';
  const char third = rest.size() > 2 ? rest[2] : '\0';
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';': case '~':
      return 1;
    case '.':
      return second == '.' && third == '.' ? 3 : 1;
    case '*': case '/': case '<': case '>':
      if (second == c) return third == '=' ? 3 : 2;  // ** // << >> and **= //= <<= >>=
      return second == '=' ? 2 : 1;
    case '-':
      return second == '=' || second == '>' ? 2 : 1;
    case ':':
      return second == '=' ? 2 : 1;
    case '+': case '%': case '@': case '&': case '|': case '^': case '=':
      return second == '=' ? 2 : 1;
    case '!':
      return second == '=' ? 2 : 0;
    default:
      return 0;
  }
}

}  // namespace

Token Lexer::scan_operator(size_t start) {
  const int line = line_;
  const char c = text_[pos_];
  const size_t length = operator_length(text_.substr(pos_, 3));
  if (!length) fail(line, "unexpected character '" + printable_char(c) + "'");
  const bool opens = length == 1 && (c == '(' || c == '[' || c == '{');
  const bool closes = length == 1 && (c == ')' || c == ']' || c == '}');
  if (closes) {
    const char open = c == ')' ? '(' : c == ']' ? '[' : '{';
    if (brackets_.empty()) fail(line, std::string("unmatched '") + c + "'");
    if (brackets_.back().open != open)
      fail(line, std::string("closing '") + c + "' does not match '" + brackets_.back().open + "' opened on line " +
                     std::to_string(brackets_.back().line));
  }
  pos_ += length;
  Token t = make(TokenKind::kOperator, start, line);
  if (opens) {
    if (static_cast<int>(brackets_.size()) >= kMaxNesting)
      fail(line, "brackets nested more than " + std::to_string(kMaxNesting) + " levels deep");
    brackets_.push_back({c, line});
  } else if (closes) {
    brackets_.pop_back();
  }
  return t;
}

}  // namespace strata::versions::py
