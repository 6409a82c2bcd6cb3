// The statement half of the Python reader (python_reader.h), shared by the
// two files that implement it: python_reader.cpp (the module, functions,
// blocks, compound statements read as kOther) and
// python_simple_statements.cpp (assignments, expression statements,
// imports, the other simple statements).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "versions/python_expressions.h"
#include "versions/python_lexer.h"
#include "versions/python_reader.h"

namespace strata::versions::py {

class StatementParser {
 public:
  StatementParser(std::string_view text, const std::string& file);
  Module module();

 private:
  // At a decorator: skips the decorator lines and tells whether a `def`
  // follows (else a class or another statement: one kOther statement).
  bool decorates_function();
  Function function();
  // One parameter, its annotation and default value (read, not kept), and
  // the comma after it; bare `*` and `/` only separate.
  void parameter(Function& f);
  // The block after a `:`: an indented block, or simple statements on the same line.
  std::vector<Statement> suite(const char* what, int header_line);
  Statement start(Statement::Kind kind) const;
  // The statement's first line, from its first token, no further than its end.
  void finish(Statement& s, size_t begin) const;
  void statement(std::vector<Statement>& out);
  // Simple statements separated by ';', up to the end of the line.
  void simple_statements(std::vector<Statement>& out);
  void simple_statement(std::vector<Statement>& out);
  Statement expression_or_assignment();
  // `import a.b as c, d` (one statement per module) and `from a import b as c, d`.
  void imports(std::vector<Statement>& out);
  std::string name(std::string_view wanted);
  // `a.b.c`; RELATIVE: `from` modules may start with dots (`.`, `..x`).
  std::string dotted_name(bool relative);
  // `with EXPR [as NAME]:` and its block. Several context managers, or a
  // target that is not a name, make it a kOther statement.
  Statement with_statement();
  // A compound statement read for its extent only: its header, its block,
  // and the clauses that continue it (elif, else, except, finally).
  Statement skipped_compound(const char* reason, int line, size_t begin);
  // From within a header to its end, then its indented block if the header
  // ends with ':' (else its body was on the same line).
  void skip_clause(const std::string& what, int line);

  int depth_ = 0;  // nesting of expressions and blocks, shared with expressions_
  TokenStream tokens_;
  ExpressionParser expressions_;
  // Decorators already skipped, of the definition statement() reads next.
  bool pending_decorator_ = false;
  int decorator_line_ = 0;
  size_t decorator_begin_ = 0;
};

}  // namespace strata::versions::py
