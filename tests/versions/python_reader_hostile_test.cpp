// Text that is not Python gives a ScriptError "FILE:LINE: what is wrong",
// one test per error path; hostile inputs (deep nesting, huge files, random
// bytes) give a tree or such an error quickly, never a crash or a hang.
#include <doctest/doctest.h>

#include <string>

#include "core/error.h"
#include "tests/versions/python_test_helpers.h"
#include "versions/python_reader.h"

// Its own namespace: the unity build compiles several test files as one.
namespace python_reader_hostile_test {

using namespace strata::versions::py;
using python_test::error_of;

namespace {

// Parses TEXT, which must give a module or a clean ScriptError: anything
// else thrown fails the CHECK_NOTHROW. Time is held by the test's TIMEOUT
// (CMakeLists.txt), not by a clock: a reader gone quadratic fails there.
void parse_or_refuse(const std::string& text) {
  try {
    parse_module(text, "big.py");
  } catch (const strata::core::ScriptError&) {
  }
}

std::string repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("python reader: errors of the tokenizer name the file and the line") {
  CHECK(error_of("x = 1\ny = 'abc\n") == "dir/rev.py:2: unterminated string (it starts here)");
  CHECK(error_of("x = 'abc") == "dir/rev.py:1: unterminated string (it starts here)");
  CHECK(error_of("x = 1\ny = '''abc\n\n") == "dir/rev.py:2: unterminated triple-quoted string (it starts here)");
  CHECK(error_of("x = '\\") == "dir/rev.py:1: unterminated string (it starts here)");
  CHECK(error_of("f(1,\n  2\n") == "dir/rev.py:1: '(' was never closed");
  CHECK(error_of("x = [1, {2: (3\n") == "dir/rev.py:1: '(' was never closed");
  CHECK(error_of("x = (1]\n") == "dir/rev.py:1: closing ']' does not match '(' opened on line 1");
  CHECK(error_of("x = 1)\n") == "dir/rev.py:1: unmatched ')'");
  CHECK(error_of("def f():\n    x = 1\n  y = 2\n") == "dir/rev.py:3: unindent does not match any outer indentation level");
  CHECK(error_of("if x:\n\tpass\n        pass\n") == "dir/rev.py:3: inconsistent use of tabs and spaces in indentation");
  CHECK(error_of("if x:\n        a\n\tb\n") == "dir/rev.py:3: inconsistent use of tabs and spaces in indentation");
  CHECK(error_of("if x:\n  \ta\n\t  b\n") == "dir/rev.py:3: inconsistent use of tabs and spaces in indentation");
  CHECK(error_of("x = 1 $ 2\n") == "dir/rev.py:1: unexpected character '$'");
  CHECK(error_of("x = `1`\n") == "dir/rev.py:1: unexpected character '`'");
  CHECK(error_of("x = a ? b\n") == "dir/rev.py:1: unexpected character '?'");
  CHECK(error_of("x = !a\n") == "dir/rev.py:1: unexpected character '!'");
  CHECK(error_of("x = \x01\n") == "dir/rev.py:1: unexpected character '\\x01'");
  CHECK(error_of(std::string("x = 1\n# \0 in a comment\n", 21)) ==
        "dir/rev.py:2: a NUL byte, which Python source cannot contain");
  CHECK(error_of(std::string("a\r\nb\r\r'\0'", 9)) == "dir/rev.py:4: a NUL byte, which Python source cannot contain");
  CHECK(error_of("x = 1 \\ 2\n") == "dir/rev.py:1: unexpected character after line continuation character");
  CHECK(error_of("x = 1 \\") == "dir/rev.py:1: the file ends after a line continuation character");
  CHECK(error_of("x = '\\x4'\n") == "dir/rev.py:1: invalid \\x escape (two hex digits are needed)");
  CHECK(error_of("x = '\\u12'\n") == "dir/rev.py:1: invalid \\u escape (4 hex digits are needed)");
  CHECK(error_of("x = '\\U0011000'\n") == "dir/rev.py:1: invalid \\U escape (8 hex digits are needed)");
  CHECK(error_of("x = '\\U00110000'\n") == "dir/rev.py:1: invalid \\U escape (past U+10FFFF)");
  CHECK(error_of("x = '\\N{abc'\n") == "dir/rev.py:1: malformed \\N character escape");
  CHECK(error_of("x = '\\N'\n") == "dir/rev.py:1: malformed \\N character escape");
  CHECK(error_of("x = '''\n\n\\x'''\n") == "dir/rev.py:3: invalid \\x escape (two hex digits are needed)");
  CHECK(error_of("x = b'a' 'b'\n") == "dir/rev.py:1: bytes and non-bytes string literals cannot be concatenated");
  CHECK(error_of("x = 1\ny = b'caf\xc3\xa9'\n") ==
        "dir/rev.py:2: a bytes literal (b'') can only hold ASCII characters (use \\x escapes)");
  CHECK(error_of("x = rb'\\\xc3'\n") == "dir/rev.py:1: a bytes literal (b'') can only hold ASCII characters (use \\x escapes)");
}

TEST_CASE("python reader: syntax errors name the file and the line") {
  CHECK(error_of("  x = 1\n") == "dir/rev.py:1: unexpected indent");
  CHECK(error_of("def f():\n    a\n        b\n") == "dir/rev.py:3: unexpected indent");
  CHECK(error_of("def f():\nx = 1\n") == "dir/rev.py:2: expected an indented block after the function definition on line 1");
  CHECK(error_of("def f():\n    with a:\n    b\n") ==
        "dir/rev.py:3: expected an indented block after the with statement on line 2");
  CHECK(error_of("def f():\n    if a:\n    b\n") == "dir/rev.py:3: expected an indented block after the if statement on line 2");
  CHECK(error_of("def f():") == "dir/rev.py:1: expected an indented block after the function definition on line 1");
  CHECK(error_of("if x\n  pass\n") == "dir/rev.py:1: invalid syntax: the if statement has no ':'");
  CHECK(error_of("else:\n  pass\n") == "dir/rev.py:1: invalid syntax: 'else' without the statement it belongs to");
  CHECK(error_of("x = 1 2\n") == "dir/rev.py:1: invalid syntax: found '2' where the end of the statement was expected");
  CHECK(error_of("x =\n") == "dir/rev.py:1: invalid syntax: found the end of the line where an expression was expected");
  CHECK(error_of("x = = 1\n") == "dir/rev.py:1: invalid syntax: found '=' where an expression was expected");
  CHECK(error_of("x = if\n") == "dir/rev.py:1: invalid syntax: found 'if' where an expression was expected");
  CHECK(error_of("= 1\n") == "dir/rev.py:1: invalid syntax: found '=' where a statement was expected");
  CHECK(error_of("f(a b)\n") == "dir/rev.py:1: invalid syntax: found 'b' where ',' or ')' in the arguments of a call was expected");
  CHECK(error_of("x = [1 2]\n") == "dir/rev.py:1: invalid syntax: found '2' where ']' to close the list was expected");
  CHECK(error_of("x = (1 2)\n") == "dir/rev.py:1: invalid syntax: found '2' where ')' to close the parenthesis was expected");
  CHECK(error_of("x = {1: 2 3}\n") == "dir/rev.py:1: invalid syntax: found '3' where '}' to close the braces was expected");
  CHECK(error_of("x = {1: 2, 3}\n") == "dir/rev.py:1: invalid syntax: found '}' where ':' between a key and its value was expected");
  CHECK(error_of("x = a.\n") == "dir/rev.py:1: invalid syntax: found the end of the line where an attribute name after '.' was expected");
  CHECK(error_of("x = a if b\n") ==
        "dir/rev.py:1: invalid syntax: found the end of the line where 'else' of the conditional expression was expected");
  CHECK(error_of("x = lambda 1: 2\n") == "dir/rev.py:1: invalid syntax: found '1' where a parameter or ':' in the lambda was expected");
  CHECK(error_of("x = [a for a of b]\n") == "dir/rev.py:1: invalid syntax: found 'of' where 'in' in the comprehension was expected");
  CHECK(error_of("import\n") == "dir/rev.py:1: invalid syntax: found the end of the line where a module name was expected");
  CHECK(error_of("from x import\n") == "dir/rev.py:1: invalid syntax: found the end of the line where a name to import was expected");
  CHECK(error_of("from x imp y\n") == "dir/rev.py:1: invalid syntax: found 'imp' where 'import' was expected");
  CHECK(error_of("import a as\n") == "dir/rev.py:1: invalid syntax: found the end of the line where a name after 'as' was expected");
  CHECK(error_of("def (x): pass\n") == "dir/rev.py:1: invalid syntax: found '(' where a function name after 'def' was expected");
  CHECK(error_of("def f x: pass\n") == "dir/rev.py:1: invalid syntax: found 'x' where '(' after the function name was expected");
  CHECK(error_of("def f(1): pass\n") == "dir/rev.py:1: invalid syntax: found '1' where a parameter of f() was expected");
  CHECK(error_of("def f(a b): pass\n") == "dir/rev.py:1: invalid syntax: found 'b' where ',' or ')' in the parameters of f() was expected");
  CHECK(error_of("def f() pass\n") == "dir/rev.py:1: invalid syntax: found 'pass' where ':' at the end of the 'def' line was expected");
  CHECK(error_of("def f():\n  with a b:\n    pass\n") ==
        "dir/rev.py:2: invalid syntax: found 'b' where ':' at the end of the 'with' line was expected");
  CHECK(error_of("@dec\nx = 1\n") == "dir/rev.py:2: invalid syntax: found 'x' where 'def' or 'class' after the decorator was expected");
  CHECK(error_of("@dec\n") == "dir/rev.py:2: invalid syntax: found the end of the file where 'def' or 'class' after the decorator was expected");
  CHECK(error_of("x = 'long text that is cut in the message because it is long' 1\n") ==
        "dir/rev.py:1: invalid syntax: found '1' where the end of the statement was expected");
  CHECK(error_of("x = y 'a string token that is longer than thirty characters'\n") ==
        "dir/rev.py:1: invalid syntax: found ''a string token that is longer...' where the end of the statement "
        "was expected");
  CHECK(error_of("x = (\n  1\n  2)\n") == "dir/rev.py:3: invalid syntax: found '2' where ')' to close the parenthesis was expected");
}

TEST_CASE("python reader: nesting deeper than 200 levels is an error, not a stack overflow") {
  const std::string deep_ok = "x = " + std::string(150, '[') + std::string(150, ']') + "\n";
  CHECK(error_of(deep_ok).empty());
  CHECK(error_of("x = " + std::string(100000, '(')) == "dir/rev.py:1: brackets nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("f(", 300) + std::string(300, ')')) ==
        "dir/rev.py:1: brackets nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("-", 100000) + "1\n") ==
        "dir/rev.py:1: expressions or blocks nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("not ", 100000) + "1\n") ==
        "dir/rev.py:1: expressions or blocks nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("lambda: ", 100000) + "1\n") ==
        "dir/rev.py:1: expressions or blocks nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("1 if 2 else ", 100000) + "1\n") ==
        "dir/rev.py:1: expressions or blocks nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("2 ** ", 100000) + "1\n") ==
        "dir/rev.py:1: expressions or blocks nested more than 200 levels deep");
  CHECK(error_of("x = " + repeat("await ", 3) + "1\n") == "dir/rev.py:1: invalid syntax: found 'await' where an expression was expected");
  // Indentation: each level a line deeper.
  std::string ifs, withs = "def f():\n";
  for (int i = 0; i < 300; ++i) ifs += std::string(static_cast<size_t>(i), ' ') + "if x:\n";
  ifs += std::string(300, ' ') + "pass\n";
  CHECK(error_of(ifs) == "dir/rev.py:202: more than 200 levels of indentation");
  for (int i = 1; i < 250; ++i) withs += std::string(static_cast<size_t>(i), ' ') + "with x:\n";
  withs += std::string(250, ' ') + "pass\n";
  CHECK(error_of(withs) == "dir/rev.py:202: more than 200 levels of indentation");
}

TEST_CASE("python reader: long chains stay linear and shallow") {
  // 100,000 attributes: too tall a tree to model, so one kOther.
  const Node chain = python_test::value_of("a" + repeat(".b", 100000));
  CHECK(chain.kind == Node::Kind::kOther);
  CHECK(chain.text.size() == 200001);
  const Node calls = python_test::value_of("a" + repeat("()", 100000));
  CHECK(calls.kind == Node::Kind::kOther);
  const Node short_chain = python_test::value_of("a" + repeat(".b", 100));
  CHECK(short_chain.kind == Node::Kind::kAttribute);
  CHECK(to_source(short_chain) == "a" + repeat(".b", 100));
  CHECK_NOTHROW(parse_or_refuse("x = 1" + repeat(" + 1", 300000) + "\n"));
  CHECK_NOTHROW(parse_or_refuse("x = a" + repeat("[0].b", 100000) + "\n"));
  CHECK_NOTHROW(parse_or_refuse("x = " + repeat("'s' ", 300000) + "\n"));
}

TEST_CASE("python reader: big files parse fast") {
  // A 10 MB string.
  const std::string huge_string = "x = '''" + std::string(10 * 1024 * 1024, 'a') + "'''\n";
  CHECK_NOTHROW(parse_or_refuse(huge_string));
  CHECK(python_test::value_of("'" + std::string(1000000, 'z') + "'").text.size() == 1000000);
  // A 100,000-line body.
  std::string body = "def upgrade():\n";
  for (int i = 0; i < 100000; ++i) body += "    op.add_column('t', sa.Column('c" + std::to_string(i) + "', sa.Integer()))\n";
  CHECK(body.size() > 5 * 1024 * 1024);
  const Module m = parse_module(body, "big.py");
  REQUIRE(m.functions.size() == 1);
  CHECK(m.functions[0].body.size() == 100000);
  CHECK(m.functions[0].end_line == 100001);
  // Many small tokens, skipped in a kOther block.
  CHECK_NOTHROW(parse_or_refuse("if x:\n    y = [" + repeat("1, ", 1000000) + "]\n"));
  // 200,000 statements on one line.
  CHECK_NOTHROW(parse_or_refuse(repeat("a = 1; ", 200000) + "\n"));
}

TEST_CASE("python reader: random bytes give a tree or a ScriptError") {
  unsigned state = 12345;
  auto next = [&] { return state = state * 1103515245 + 12345; };
  const std::string alphabet = "()[]{}:,.=+-*'\"\\#\n\r\t abcdefgif01\xc3\xff";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const size_t size = next() % 200;
    for (size_t i = 0; i < size; ++i) {
      const unsigned r = next() >> 8;
      text += round % 2 ? static_cast<char>(r & 0xff) : alphabet[r % alphabet.size()];
    }
    try {
      const Module m = parse_module(text, "random.py");
      for (const Statement& s : m.statements) to_source(s.value);
    } catch (const strata::core::ScriptError& e) {
      CHECK(std::string(e.what()).rfind("random.py:", 0) == 0);
    }
  }
}

}  // namespace python_reader_hostile_test
