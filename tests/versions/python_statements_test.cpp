// Unit tests of the statements in function bodies (with blocks, simple
// statements, compound statements read as kOther) and of the layout of the
// text the reader accepts (tabs, CRLF, BOM, comments, continuation lines).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/versions/python_test_helpers.h"
#include "versions/python_reader.h"

// Its own namespace: the unity build compiles several test files as one.
namespace python_statements_test {

using namespace strata::versions::py;
using python_test::tree;
using SK = Statement::Kind;

namespace {

// The body of the only function of TEXT.
std::vector<Statement> body_of(const std::string& text) {
  Module m = parse_module(text, "b.py");
  REQUIRE(m.functions.size() == 1);
  return m.functions[0].body;
}

struct Summary {
  SK kind;
  int line, end_line;
  std::string text, reason;
  bool operator==(const Summary&) const = default;
};

std::vector<Summary> summaries(const std::vector<Statement>& body) {
  std::vector<Summary> out;
  for (const Statement& s : body) out.push_back({s.kind, s.line, s.end_line, s.text, s.reason});
  return out;
}

}  // namespace

}  // namespace python_statements_test

// So that doctest shows the values of a failed comparison, one statement a line.
template <>
struct doctest::StringMaker<std::vector<python_statements_test::Summary>> {
  static doctest::String convert(const std::vector<python_statements_test::Summary>& v) {
    std::string out = "\n";
    for (const python_statements_test::Summary& s : v)
      out += "  {" + std::to_string(static_cast<int>(s.kind)) + ", " + std::to_string(s.line) + "-" +
             std::to_string(s.end_line) + ", [" + s.text + "], [" + s.reason + "]}\n";
    return out.c_str();
  }
};

namespace python_statements_test {

TEST_CASE("python reader: compound statements in a body are kOther, their blocks skipped") {
  const auto body = body_of(
      "def upgrade():\n"                                      // 1
      "    conn = op.get_bind()\n"                            // 2
      "    for row in conn.execute(sa.text('SELECT 1')):\n"   // 3
      "        if row.x:\n"                                   // 4
      "            op.execute('a')\n"                         // 5
      "    else:\n"                                           // 6
      "        pass\n"                                        // 7
      "    if a: op.x()\n"                                    // 8
      "    elif b:\n"                                         // 9
      "        pass\n"                                        // 10
      "\n"                                                    // 11
      "    else:  # comment\n"                                // 12
      "        pass\n"                                        // 13
      "    try:\n"                                            // 14
      "        x = 1\n"                                       // 15
      "    except (A, B) as e:\n"                             // 16
      "        raise\n"                                       // 17
      "    finally:\n"                                        // 18
      "        pass\n"                                        // 19
      "    while n < 3: n += 1\n"                             // 20
      "    def helper(x):\n"                                  // 21
      "        return {'a': [x,\n"                            // 22
      "           x]}\n"                                      // 23
      "    class Model(Base):\n"                              // 24
      "        __tablename__ = 't'\n"                         // 25
      "    @staticmethod\n"                                   // 26
      "    def f(): pass\n"                                   // 27
      "    async def g():\n"                                  // 28
      "        await h()\n"                                   // 29
      "    match command:\n"                                  // 30
      "        case [x]:\n"                                   // 31
      "            pass\n"                                    // 32
      "    op.drop_table('t')\n");                            // 33
  CHECK(summaries(body) ==
        std::vector<Summary>{
            {SK::kAssign, 2, 2, "conn = op.get_bind()", ""},
            {SK::kOther, 3, 7, "for row in conn.execute(sa.text('SELECT 1')):", "for loop"},
            {SK::kOther, 8, 13, "if a: op.x()", "if statement"},
            {SK::kOther, 14, 19, "try:", "try statement"},
            {SK::kOther, 20, 20, "while n < 3: n += 1", "while loop"},
            {SK::kOther, 21, 23, "def helper(x):", "function definition"},
            {SK::kOther, 24, 25, "class Model(Base):", "class definition"},
            {SK::kOther, 26, 27, "@staticmethod", "decorated definition"},
            {SK::kOther, 28, 29, "async def g():", "async function definition"},
            {SK::kOther, 30, 32, "match command:", "match statement"},
            {SK::kExpression, 33, 33, "op.drop_table('t')", ""},
        });
  CHECK(tree(body[0].value) == "Call(Attr(op.get_bind))");
}

TEST_CASE("python reader: simple statements, semicolons") {
  const auto body = body_of(
      "def upgrade():\n"
      "    global G; G = 1\n"
      "    print('x', sep=''); ...;\n"
      "    'a bare string'\n"
      "    return\n"
      "    del x[0], y\n"
      "    assert x, 'm'\n"
      "    raise ValueError('bad; really')\n"
      "    nonlocal q\n"
      "    break\n"
      "    continue\n"
      "    yield x\n"
      "    type Alias = int\n"
      "    return op.f('a;b')\n");
  CHECK(summaries(body) == std::vector<Summary>{
                               {SK::kOther, 2, 2, "global G", "global statement"},
                               {SK::kAssign, 2, 2, "G = 1", ""},
                               {SK::kExpression, 3, 3, "print('x', sep='')", ""},
                               {SK::kPass, 3, 3, "...", ""},
                               {SK::kPass, 4, 4, "'a bare string'", ""},
                               {SK::kOther, 5, 5, "return", "return statement"},
                               {SK::kOther, 6, 6, "del x[0], y", "del statement"},
                               {SK::kOther, 7, 7, "assert x, 'm'", "assert statement"},
                               {SK::kOther, 8, 8, "raise ValueError('bad; really')", "raise statement"},
                               {SK::kOther, 9, 9, "nonlocal q", "nonlocal statement"},
                               {SK::kOther, 10, 10, "break", "break statement"},
                               {SK::kOther, 11, 11, "continue", "continue statement"},
                               {SK::kExpression, 12, 12, "yield x", ""},
                               {SK::kOther, 13, 13, "type Alias = int", "type alias"},
                               {SK::kOther, 14, 14, "return op.f('a;b')", "return statement"},
                           });
  CHECK(tree(body[2].value) == "Call(print; S'x'; sep=S'')");
  CHECK(tree(body[12].value) == "Other{yield x}");
}

TEST_CASE("python reader: with blocks") {
  const auto body = body_of(
      "def upgrade():\n"                                               // 1
      "    with op.batch_alter_table('a') as batch_op:\n"             // 2
      "        batch_op.drop_column('x')\n"                            // 3
      "        with nested() as inner:\n"                              // 4
      "            inner.go()\n"                                       // 5
      "            # a comment at the end of the block\n"              // 6
      "    with op.get_context().autocommit_block():\n"                // 7
      "        op.execute('VACUUM')\n"                                 // 8
      "    with a() as x: x.go(); x.stop()\n"                          // 9
      "    with a as b, c as d:\n"                                     // 10
      "        pass\n"                                                 // 11
      "    with (a as b,\n"                                            // 12
      "          c as d):\n"                                           // 13
      "        pass\n"                                                 // 14
      "    with (open('f')) as f:\n"                                   // 15
      "        pass\n"                                                 // 16
      "    with a as (b, c):\n"                                        // 17
      "        pass\n");                                               // 18
  REQUIRE(body.size() == 7);
  CHECK(body[0].kind == SK::kWith);
  CHECK(body[0].line == 2);
  CHECK(body[0].end_line == 5);
  CHECK(body[0].targets == std::vector<std::string>{"batch_op"});
  REQUIRE(body[0].body.size() == 2);
  CHECK(tree(body[0].body[0].value) == "Call(Attr(batch_op.drop_column); S'x')");
  CHECK(body[0].body[1].kind == SK::kWith);
  CHECK(body[0].body[1].targets == std::vector<std::string>{"inner"});
  CHECK(body[0].body[1].body.size() == 1);
  CHECK(body[1].kind == SK::kWith);
  CHECK(body[1].targets.empty());
  CHECK(tree(body[1].value) == "Call(Attr(Call(Attr(op.get_context)).autocommit_block))");
  REQUIRE(body[2].body.size() == 2);
  CHECK(body[2].end_line == 9);
  CHECK(summaries({body[3], body[4], body[6]}) ==
        std::vector<Summary>{
            {SK::kOther, 10, 11, "with a as b, c as d:", "with statement of several context managers"},
            {SK::kOther, 12, 14, "with (a as b,", "with statement of parenthesized context managers"},
            {SK::kOther, 17, 18, "with a as (b, c):", "with statement whose target is not a name"},
        });
  CHECK(body[5].kind == SK::kWith);
  CHECK(tree(body[5].value) == "Call(open; S'f')");
  CHECK(body[5].targets == std::vector<std::string>{"f"});
}

TEST_CASE("python reader: module-level statements other than assignments and defs") {
  const Module m = parse_module(
      "import os\n"
      "'''not the docstring: not the first statement'''\n"
      "if os.environ.get('X'):\n"
      "    revision = 'never seen'\n"
      "class Helper:\n"
      "    pass\n"
      "@decorator\n"
      "class Decorated: pass\n"
      "async def f(): pass\n"
      "print('done')\n",
      "f.py");
  CHECK(m.docstring.empty());
  CHECK(m.docstring_line == 0);
  CHECK(m.functions.empty());
  CHECK(m.assignment("revision") == nullptr);
  CHECK(summaries(m.statements) == std::vector<Summary>{
                                       {SK::kImport, 1, 1, "import os", ""},
                                       {SK::kPass, 2, 2, "'''not the docstring: not the first statement'''", ""},
                                       {SK::kOther, 3, 4, "if os.environ.get('X'):", "if statement"},
                                       {SK::kOther, 5, 6, "class Helper:", "class definition"},
                                       {SK::kOther, 7, 8, "@decorator", "decorated definition"},
                                       {SK::kOther, 9, 9, "async def f(): pass", "async function definition"},
                                       {SK::kExpression, 10, 10, "print('done')", ""},
                                   });
}

TEST_CASE("python reader: layout: tabs, CRLF, CR, BOM, no final newline, comments, blank lines") {
  const std::string text =
      "\xEF\xBB\xBF# -*- coding: utf-8 -*-\r\n"
      "\"\"\"Doc\r\nstring\"\"\"\r\n"
      "  \t \r\n"                  // a blank line of odd white space
      "   # an indented comment\r\n"
      "x = [1,  # inside brackets\r\n"
      "\r\n"
      "     2]\r\n"
      "def upgrade():\r\n"
      "\tif x:\r\n"
      "\t\tpass\r\n"
      "\r"
      "\top.a()  # trailing\r"      // lone CR ends a line too
      "\ty = 1 + \\\r\n"
      "\t    2\r\n"
      "\twith x:\n"
      "\t    op.b()\n"               // deeper: a tab and spaces
      "\top.c()";                   // no newline at the end
  const Module m = parse_module(text, "f.py");
  CHECK(m.docstring == "Doc\nstring");
  CHECK(m.docstring_line == 2);
  CHECK(tree(*m.assignment("x")) == "List(N:1, N:2)");
  CHECK(m.statements[0].end_line == 8);
  REQUIRE(m.functions.size() == 1);
  CHECK(summaries(m.functions[0].body) == std::vector<Summary>{
                                              {SK::kOther, 10, 11, "if x:", "if statement"},
                                              {SK::kExpression, 13, 13, "op.a()", ""},
                                              {SK::kAssign, 14, 15, "y = 1 + \\", ""},
                                              {SK::kWith, 16, 17, "with x:", ""},
                                              {SK::kExpression, 18, 18, "op.c()", ""},
                                          });
  CHECK(tree(m.functions[0].body[2].value) == "Other{1 + \\\r\n\t    2}");
  CHECK(m.functions[0].end_line == 18);
}

TEST_CASE("python reader: empty and comment-only files") {
  for (const char* text : {"", "\n", "\xEF\xBB\xBF", "# only a comment", "  \n\t\n# c\n   # c\n", "\f\n"}) {
    const Module m = parse_module(text, "f.py");
    CHECK(m.statements.empty());
    CHECK(m.functions.empty());
    CHECK(m.docstring.empty());
  }
  const Module only_doc = parse_module("'''d'''", "f.py");
  CHECK(only_doc.docstring == "d");
  CHECK(only_doc.statements.empty());
}

TEST_CASE("python reader: form feeds and the indentation of continuation lines") {
  const Module m = parse_module("def f():\n\f    a = 1\n    b = (2,\n  3)\n    c = 4 \\\nif True else 5\n", "f.py");
  REQUIRE(m.functions.size() == 1);
  REQUIRE(m.functions[0].body.size() == 3);
  CHECK(tree(m.functions[0].body[1].value) == "Tuple(N:2, N:3)");
  CHECK(m.functions[0].body[2].end_line == 6);
}

}  // namespace python_statements_test
