#include "versions/sql_splitter.h"

#include <algorithm>

#include "core/error.h"

namespace strata::versions {

namespace {

// Own classifiers: <cctype> is locale-dependent and undefined for the
// negative chars that non-ASCII bytes become.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_tag_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_tag_char(char c) { return is_tag_start(c) || (c >= '0' && c <= '9'); }
// PostgreSQL identifiers may hold bytes >= 0x80. An E or '$' right after an
// identifier character continues the identifier (tablE'x', foo$bar$) rather
// than opening an E-string or a dollar quote.
bool is_ident_char(char c) { return is_tag_char(c) || static_cast<unsigned char>(c) >= 0x80; }

class Splitter {
 public:
  Splitter(std::string_view text, const std::string& file, int first_line)
      : text_(text), file_(file), first_line_(first_line), line_(first_line) {}

  std::vector<SqlStatement> run() {
    const size_t n = text_.size();
    size_t begin = 0;       // first byte after the previous ';'
    bool has_code = false;  // whether [begin, i) holds anything but blanks and comments
    size_t i = 0;
    while (i < n) {
      const char c = text_[i];
      const char next = i + 1 < n ? text_[i + 1] : '\0';
      if (c == ';') {
        if (has_code) emit(begin, i);
        begin = ++i;
        has_code = false;
      } else if (c == '-' && next == '-') {
        const size_t eol = text_.find('\n', i);
        i = eol == std::string_view::npos ? n : eol;  // a comment may end the file unterminated
      } else if (c == '/' && next == '*') {
        i = skip_block_comment(i);
      } else if (is_space(c)) {
        ++i;
      } else {
        has_code = true;
        const bool after_ident = i > 0 && is_ident_char(text_[i - 1]);
        if (c == '\'')
          i = skip_quoted(i, '\'', false, "quoted string");
        else if ((c == 'E' || c == 'e') && next == '\'' && !after_ident)
          i = skip_quoted(i + 1, '\'', true, "quoted string");
        else if (c == '"')
          i = skip_quoted(i, '"', false, "quoted identifier");
        else if (c == '$' && !after_ident)
          i = skip_dollar_quote(i);
        else
          ++i;
      }
    }
    if (has_code) emit(begin, n);
    return std::move(out_);
  }

 private:
  // Returns the index after the closing QUOTE; a doubled QUOTE is an escaped
  // one, and so is any character after a backslash in an E-string.
  size_t skip_quoted(size_t open, char quote, bool backslash_escapes, const char* what) {
    for (size_t i = open + 1; i < text_.size(); ++i) {
      if (backslash_escapes && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (i + 1 < text_.size() && text_[i + 1] == quote)
          ++i;
        else
          return i + 1;
      }
    }
    fail(open, what);
  }

  // PostgreSQL block comments nest, unlike the SQL standard's.
  size_t skip_block_comment(size_t open) {
    int depth = 0;
    for (size_t i = open; i + 1 < text_.size();) {
      if (text_[i] == '/' && text_[i + 1] == '*') {
        ++depth;
        i += 2;
      } else if (text_[i] == '*' && text_[i + 1] == '/') {
        i += 2;
        if (--depth == 0) return i;
      } else {
        ++i;
      }
    }
    fail(open, "block comment");
  }

  // OPEN is at a '$'. If it starts $$ or $tag$, returns the index after the
  // matching closer (other $x$ tags inside do not close it); otherwise, as
  // for the parameter $1, returns OPEN + 1.
  size_t skip_dollar_quote(size_t open) {
    size_t j = open + 1;
    if (j < text_.size() && is_tag_start(text_[j]))
      while (j < text_.size() && is_tag_char(text_[j])) ++j;
    if (j >= text_.size() || text_[j] != '$') return open + 1;
    const std::string_view delimiter = text_.substr(open, j + 1 - open);
    const size_t close = text_.find(delimiter, j + 1);
    if (close == std::string_view::npos) fail(open, "dollar-quoted string " + std::string(delimiter));
    return close + delimiter.size();
  }

  void emit(size_t begin, size_t end) {
    while (begin < end && is_space(text_[begin])) ++begin;
    while (end > begin && is_space(text_[end - 1])) --end;
    out_.push_back({std::string(text_.substr(begin, end - begin)), line_at(begin)});
  }

  // Lines are counted lazily and incrementally: callers ask for increasing
  // positions, so the whole scan counts each newline once.
  int line_at(size_t pos) {
    if (pos < counted_) {
      counted_ = 0;
      line_ = first_line_;
    }
    line_ += static_cast<int>(std::count(text_.begin() + counted_, text_.begin() + pos, '\n'));
    counted_ = pos;
    return line_;
  }

  [[noreturn]] void fail(size_t pos, const std::string& what) {
    throw core::ScriptError(file_ + ":" + std::to_string(line_at(pos)) + ": unterminated " + what +
                            " starting here");
  }

  std::string_view text_;
  const std::string& file_;
  int first_line_;
  int line_;
  size_t counted_ = 0;
  std::vector<SqlStatement> out_;
};

}  // namespace

std::vector<SqlStatement> split_sql(std::string_view text, const std::string& file_name, int first_line) {
  return Splitter(text, file_name, first_line).run();
}

}  // namespace strata::versions
