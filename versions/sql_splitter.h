// Splitting a SQL script into the statements a driver executes one at a time.
// The splitter is a small lexer, not a parser: it knows PostgreSQL's quoting
// forms ('strings', E'strings', "identifiers", -- and nested /* */ comments,
// $$ and $tag$ dollar quotes) just well enough to tell a statement-ending
// semicolon from one inside a string, comment or function body. Strings are
// read as with standard_conforming_strings on: a backslash escapes only in
// E'...'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::versions {

/// One statement of a script, as the database should receive it.
struct SqlStatement {
  std::string sql;  ///< trimmed of whitespace, without the ';'; comments in it kept verbatim
  int line;         ///< 1-based line where `sql` starts, counted from first_line
};

/// Splits TEXT into statements on top-level semicolons. A statement's text
/// runs from its first non-blank character (which may start a comment) to
/// the character before its ';' (or the end of TEXT: the last ';' is
/// optional), trimmed of whitespace. Stretches holding only whitespace and
/// comments are dropped. A string, identifier, block comment or dollar quote
/// that never closes throws core::ScriptError "FILE_NAME:LINE: unterminated
/// ...", LINE being where it opened. Time is linear in TEXT's size; any bytes
/// are accepted (NUL, invalid UTF-8).
std::vector<SqlStatement> split_sql(std::string_view text, const std::string& file_name, int first_line = 1);

}  // namespace strata::versions
