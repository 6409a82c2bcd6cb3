// Simple statements of the Python reader: assignments (annotated or not),
// expression statements, imports, and the others (return, global, del...)
// read as kOther. The StatementParser's other half is python_reader.cpp.
#include <string>
#include <utility>

#include "versions/python_statements.h"

namespace strata::versions::py {

namespace {

using StatementKind = Statement::Kind;

// What an assignment to TARGET is called when it is not to a plain name.
std::string assignment_reason(const Node& target) {
  switch (target.kind) {
    case Node::Kind::kTuple: return "assignment to a tuple";
    case Node::Kind::kList: return "assignment to a list";
    case Node::Kind::kAttribute: return "assignment to an attribute";
    default: return "assignment to an expression";
  }
}

}  // namespace

Statement StatementParser::start(StatementKind kind) const {
  Statement s;
  s.kind = kind;
  s.line = tokens_.cur().line;
  return s;
}

// The statement's first line, from its first token, no further than its end.
void StatementParser::finish(Statement& s, size_t begin) const {
  const std::string_view source = tokens_.source();
  const size_t end = tokens_.last_end();
  size_t stop = begin;
  while (stop < end && source[stop] != '\n' && source[stop] != '\r') ++stop;
  while (stop > begin && (source[stop - 1] == ' ' || source[stop - 1] == '\t')) --stop;
  s.text = std::string(source.substr(begin, stop - begin));
  s.end_line = tokens_.last_line();
}

// Simple statements separated by ';', up to the end of the line.
void StatementParser::simple_statements(std::vector<Statement>& out) {
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

void StatementParser::simple_statement(std::vector<Statement>& out) {
  const Token& t = tokens_.cur();
  const size_t begin = t.begin;
  if (t.kind == TokenKind::kName) {
    const std::string_view word = t.text;
    if (word == "pass") {
      Statement s = start(StatementKind::kPass);
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
      Statement s = start(StatementKind::kOther);
      s.reason = std::string(word) + " statement";
      while (tokens_.cur().kind != TokenKind::kNewline && !(tokens_.at_op(";") && tokens_.cur().depth == 0))
        tokens_.advance();
      finish(s, begin);
      out.push_back(std::move(s));
      return;
    }
    // `type X = ...` (Python 3.12): `type` is a keyword only there.
    if (word == "type" && tokens_.peek().kind == TokenKind::kName && !is_keyword(tokens_.peek().text)) {
      Statement s = start(StatementKind::kOther);
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

Statement StatementParser::expression_or_assignment() {
  const size_t begin = tokens_.cur().begin;
  Statement s = start(StatementKind::kExpression);
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
    s.kind = StatementKind::kAssign;
    for (Node& target : sides) {
      if (target.kind == Node::Kind::kName) {
        s.targets.push_back(std::move(target.text));
      } else {
        s.kind = StatementKind::kOther;
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
        s.kind = StatementKind::kAssign;
        s.targets.push_back(std::move(target.text));
      } else {
        s.kind = StatementKind::kOther;
        s.reason = assignment_reason(target);
      }
    } else {
      s.kind = StatementKind::kOther;
      s.reason = "annotation without a value";
    }
  } else if (tokens_.cur().kind == TokenKind::kOperator && tokens_.cur().text.size() >= 2 &&
             tokens_.cur().text.back() == '=' && tokens_.cur().text != "==" && tokens_.cur().text != "!=" &&
             tokens_.cur().text != "<=" && tokens_.cur().text != ">=") {
    s.kind = StatementKind::kOther;
    s.reason = "augmented assignment (" + std::string(tokens_.cur().text) + ")";
    tokens_.advance();
    s.value = expressions_.finish(expressions_.expression_list());
  } else {
    s.value = expressions_.finish(std::move(first));
    // A bare string or `...` does nothing: a docstring, or a placeholder body.
    if (s.value.kind == Node::Kind::kString || (s.value.kind == Node::Kind::kOther && s.value.text == "..."))
      s.kind = StatementKind::kPass;
  }
  finish(s, begin);
  return s;
}

// `import a.b as c, d` (one statement per module) and `from a import b as c, d`.
void StatementParser::imports(std::vector<Statement>& out) {
  const size_t begin = tokens_.cur().begin;
  const size_t first = out.size();
  if (tokens_.at_word("import")) {
    do {
      tokens_.advance();  // 'import' or ','
      Statement s = start(StatementKind::kImport);
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
    Statement s = start(StatementKind::kImport);
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

std::string StatementParser::name(std::string_view wanted) {
  if (tokens_.cur().kind != TokenKind::kName || is_keyword(tokens_.cur().text)) tokens_.fail_unexpected(wanted);
  std::string n(tokens_.cur().text);
  tokens_.advance();
  return n;
}

// `a.b.c`; RELATIVE: `from` modules may start with dots (`.`, `..x`).
std::string StatementParser::dotted_name(bool relative) {
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

}  // namespace strata::versions::py
