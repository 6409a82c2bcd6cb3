// The statement half of the Python reader: module-level statements, `def`
// bodies and `with` blocks. Expressions are python_expressions.cpp's, tokens
// python_lexer.cpp's. A statement the tree does not model (if, for, try, a
// nested def...) is read for its extent only, by tokens and indentation, and
// becomes a kOther statement with its reason.
#include "versions/python_reader.h"

#include <utility>

#include "versions/python_expressions.h"
#include "versions/python_lexer.h"

namespace strata::versions::py {

namespace {

using Kind = Statement::Kind;

bool is_string(const Node& n) { return n.kind == Node::Kind::kString; }

// What an assignment to TARGET is called when it is not to a plain name.
std::string assignment_reason(const Node& target) {
  switch (target.kind) {
    case Node::Kind::kTuple: return "assignment to a tuple";
    case Node::Kind::kList: return "assignment to a list";
    case Node::Kind::kAttribute: return "assignment to an attribute";
    default: return "assignment to an expression";
  }
}

class StatementParser {
 public:
  StatementParser(std::string_view text, const std::string& file) : tokens_(text, file), expressions_(tokens_, depth_) {}

  Module module() {
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
        if (first && before < m.statements.size() && m.statements[before].kind == Kind::kPass &&
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

 private:
  // At a decorator: skips the decorator lines and tells whether a `def`
  // follows (else a class or another statement: one kOther statement).
  bool decorates_function() {
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

  Function function() {
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
    if (!f.body.empty() && f.body.front().kind == Kind::kPass && is_string(f.body.front().value)) {
      f.docstring = std::move(f.body.front().value.text);
      f.body.erase(f.body.begin());
    }
    f.end_line = tokens_.last_line();
    return f;
  }

  // One parameter, its annotation and default value (read, not kept), and
  // the comma after it; bare `*` and `/` only separate.
  void parameter(Function& f) {
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
  std::vector<Statement> suite(const char* what, int header_line) {
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

  Statement start(Kind kind) const {
    Statement s;
    s.kind = kind;
    s.line = tokens_.cur().line;
    return s;
  }

  // The statement's first line, from its first token, no further than its end.
  void finish(Statement& s, size_t begin) const {
    const std::string_view source = tokens_.source();
    const size_t end = tokens_.last_end();
    size_t stop = begin;
    while (stop < end && source[stop] != '\n' && source[stop] != '\r') ++stop;
    while (stop > begin && (source[stop - 1] == ' ' || source[stop - 1] == '\t')) --stop;
    s.text = std::string(source.substr(begin, stop - begin));
    s.end_line = tokens_.last_line();
  }

  void statement(std::vector<Statement>& out) {
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
      // `match` is a keyword only at the start of a match statement: `match x:`.
      if (!reason && word == "match") {
        const Token& next = tokens_.peek();
        if ((next.kind == TokenKind::kName && !is_keyword(next.text)) || next.kind == TokenKind::kNumber ||
            next.kind == TokenKind::kString || (next.kind == TokenKind::kOperator && next.text == "{"))
          reason = "match statement";
      }
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

  // Simple statements separated by ';', up to the end of the line.
  void simple_statements(std::vector<Statement>& out) {
    for (;;) {
      simple_statement(out);
      if (tokens_.at_op(";")) {
        tokens_.advance();
        if (tokens_.cur().kind != TokenKind::kNewline) continue;
      }
      if (tokens_.cur().kind != TokenKind::kNewline) tokens_.fail_unexpected("the end of the statement");
      tokens_.advance();
      return;
    }
  }

  void simple_statement(std::vector<Statement>& out) {
    const Token& t = tokens_.cur();
    const size_t begin = t.begin;
    if (t.kind == TokenKind::kName) {
      const std::string_view word = t.text;
      if (word == "pass") {
        Statement s = start(Kind::kPass);
        tokens_.advance();
        finish(s, begin);
        out.push_back(std::move(s));
        return;
      }
      if (word == "import" || word == "from") {
        imports(out);
        return;
      }
      static constexpr std::string_view kSkipped[] = {"global", "nonlocal", "return", "del",  "raise",
                                                      "assert", "break",    "continue"};
      for (auto keyword : kSkipped) {
        if (word != keyword) continue;
        Statement s = start(Kind::kOther);
        s.reason = std::string(word) + " statement";
        while (tokens_.cur().kind != TokenKind::kNewline && !(tokens_.at_op(";") && tokens_.cur().depth == 0))
          tokens_.advance();
        finish(s, begin);
        out.push_back(std::move(s));
        return;
      }
      // `type X = ...` (Python 3.12): `type` is a keyword only there.
      if (word == "type" && tokens_.peek().kind == TokenKind::kName && !is_keyword(tokens_.peek().text)) {
        Statement s = start(Kind::kOther);
        s.reason = "type alias";
        while (tokens_.cur().kind != TokenKind::kNewline && !(tokens_.at_op(";") && tokens_.cur().depth == 0))
          tokens_.advance();
        finish(s, begin);
        out.push_back(std::move(s));
        return;
      }
    }
    out.push_back(expression_or_assignment());
  }

  Statement expression_or_assignment() {
    const size_t begin = tokens_.cur().begin;
    Statement s = start(Kind::kExpression);
    if (!expressions_.at_expression_start() && !tokens_.at_word("yield")) tokens_.fail_unexpected("a statement");
    Expr first = expressions_.expression_list();
    if (tokens_.at_op("=")) {
      std::vector<Node> sides;
      sides.push_back(expressions_.finish(std::move(first)));
      while (tokens_.at_op("=")) {
        tokens_.advance();
        sides.push_back(expressions_.finish(expressions_.expression_list()));
      }
      s.value = std::move(sides.back());
      sides.pop_back();
      s.kind = Kind::kAssign;
      for (Node& target : sides) {
        if (target.kind == Node::Kind::kName) {
          s.targets.push_back(std::move(target.text));
        } else {
          s.kind = Kind::kOther;
          s.reason = assignment_reason(target);
          s.targets.clear();
          break;
        }
      }
    } else if (tokens_.at_op(":")) {  // an annotation: `revision: str = "x"`
      tokens_.advance();
      expressions_.test();
      Node target = expressions_.finish(std::move(first));
      if (tokens_.at_op("=")) {
        tokens_.advance();
        s.value = expressions_.finish(expressions_.expression_list());
        if (target.kind == Node::Kind::kName) {
          s.kind = Kind::kAssign;
          s.targets.push_back(std::move(target.text));
        } else {
          s.kind = Kind::kOther;
          s.reason = assignment_reason(target);
        }
      } else {
        s.kind = Kind::kOther;
        s.reason = "annotation without a value";
      }
    } else if (tokens_.cur().kind == TokenKind::kOperator && tokens_.cur().text.size() >= 2 &&
               tokens_.cur().text.back() == '=' && tokens_.cur().text != "==" && tokens_.cur().text != "!=" &&
               tokens_.cur().text != "<=" && tokens_.cur().text != ">=") {
      s.kind = Kind::kOther;
      s.reason = "augmented assignment (" + std::string(tokens_.cur().text) + ")";
      tokens_.advance();
      s.value = expressions_.finish(expressions_.expression_list());
    } else {
      s.value = expressions_.finish(std::move(first));
      // A bare string or `...` does nothing: a docstring, or a placeholder body.
      if (is_string(s.value) || (s.value.kind == Node::Kind::kOther && s.value.text == "...")) s.kind = Kind::kPass;
    }
    finish(s, begin);
    return s;
  }

  // `import a.b as c, d` (one statement per module) and `from a import b as c, d`.
  void imports(std::vector<Statement>& out) {
    const size_t begin = tokens_.cur().begin;
    const size_t first = out.size();
    if (tokens_.at_word("import")) {
      do {
        tokens_.advance();  // 'import' or ','
        Statement s = start(Kind::kImport);
        std::string module = dotted_name(false);
        std::string bound = module.substr(0, module.find('.'));
        std::string imported = bound;  // `import a.b` binds a, to the module a
        if (tokens_.at_word("as")) {
          tokens_.advance();
          bound = name("a name after 'as'");
          imported = module;
        }
        s.value.kind = Node::Kind::kName;
        s.value.line = s.line;
        s.value.text = std::move(module);
        s.targets.push_back(bound);
        s.names.emplace_back(std::move(imported), std::move(bound));
        out.push_back(std::move(s));
      } while (tokens_.at_op(","));
    } else {
      Statement s = start(Kind::kImport);
      tokens_.advance();  // 'from'
      s.value.kind = Node::Kind::kName;
      s.value.line = s.line;
      s.value.text = dotted_name(true);
      if (!tokens_.at_word("import")) tokens_.fail_unexpected("'import'");
      tokens_.advance();
      if (tokens_.at_op("*")) {
        tokens_.advance();
        s.names.emplace_back("*", "*");
      } else {
        const bool parenthesized = tokens_.at_op("(");
        if (parenthesized) tokens_.advance();
        for (;;) {
          std::string imported = name("a name to import");
          std::string bound = imported;
          if (tokens_.at_word("as")) {
            tokens_.advance();
            bound = name("a name after 'as'");
          }
          s.targets.push_back(bound);
          s.names.emplace_back(std::move(imported), std::move(bound));
          if (!tokens_.at_op(",")) break;
          tokens_.advance();
          if (parenthesized && tokens_.at_op(")")) break;  // a trailing comma
        }
        if (parenthesized) tokens_.expect_op(")", "to close the imported names");
      }
      out.push_back(std::move(s));
    }
    for (size_t i = first; i < out.size(); ++i) finish(out[i], begin);
  }

  std::string name(std::string_view wanted) {
    if (tokens_.cur().kind != TokenKind::kName || is_keyword(tokens_.cur().text)) tokens_.fail_unexpected(wanted);
    std::string n(tokens_.cur().text);
    tokens_.advance();
    return n;
  }

  // `a.b.c`; RELATIVE: `from` modules may start with dots (`.`, `..x`).
  std::string dotted_name(bool relative) {
    std::string dotted;
    while (relative && (tokens_.at_op(".") || tokens_.at_op("..."))) {
      dotted += tokens_.cur().text;
      tokens_.advance();
    }
    if (!dotted.empty() && tokens_.at_word("import")) return dotted;
    dotted += name("a module name");
    while (tokens_.at_op(".")) {
      tokens_.advance();
      dotted += '.';
      dotted += name("a module name after '.'");
    }
    return dotted;
  }

  // `with EXPR [as NAME]:` and its block. Several context managers, or a
  // target that is not a name, make it a kOther statement.
  Statement with_statement() {
    const size_t begin = tokens_.cur().begin;
    Statement s = start(Kind::kWith);
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
      Statement skipped = start(Kind::kOther);
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
  Statement skipped_compound(const char* reason, int line, size_t begin) {
    Statement s;
    s.kind = Kind::kOther;
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
  void skip_clause(const std::string& what, int line) {
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

  int depth_ = 0;
  TokenStream tokens_;
  ExpressionParser expressions_;
  bool pending_decorator_ = false;
  int decorator_line_ = 0;
  size_t decorator_begin_ = 0;
};

}  // namespace

Module parse_module(std::string_view text, const std::string& file) { return StatementParser(text, file).module(); }

}  // namespace strata::versions::py
