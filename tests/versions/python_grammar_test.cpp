// Valid Python the reader must accept (each one checked with Python 3.11's
// ast.parse when it was written): the statements and expressions Alembic
// files may hold beyond the modelled ones, soft keywords used as names,
// and the constructs that only a full expression grammar delimits right.
#include <doctest/doctest.h>

#include <string>

#include "tests/versions/python_test_helpers.h"
#include "versions/python_reader.h"

// Its own namespace: the unity build compiles several test files as one.
namespace python_grammar_test {

using namespace strata::versions::py;

TEST_CASE("python reader: accepts the whole expression grammar and every statement form") {
  const char* const valid[] = {
      "x = [*a, *b]\n",
      "print(*a, sep=\"\")\n",
      "x = f(a)(b)[c].d\n",
      "a = b = c = d\n",
      "x: \"str\" = 1\n",
      "x = lambda *a, **k: 0\n",
      "x = lambda x, /, y: 0\n",
      "def g():\n    x = a if b else (yield)\n",
      "del (a), [b]\n",
      "@a.b[0](c)\ndef f(): pass\n",
      "class A(B, metaclass=M): ...\n",
      "try:\n    pass\nexcept* E:\n    pass\n",
      "with a, b:\n    pass\n",
      "for x in y: pass\nelse: pass\n",
      "x = '\\N{EM DASH}'\n",
      "x = f'{x:{y}}'\n",
      "x = not -1\n",
      "x = -1 ** 2\n",
      "x = a[...]\n",
      "x = a[:, None]\n",
      "x = {**a}\n",
      "x = {*a, *b}\n",
      "x = (a := 1)\n",
      "def g():\n    print((yield))\n",
      "if (n := len(a)) > 10: pass\n",
      "x = 0xFF_FF + 1_0.0_1e1_0 + 1E+5 + 1J + 0_0\n",
      "x = 1if y else 2\n",
      "x = a[..., 0]\n",
      "print(f\"{'a'}\")\n",
      "a @= b\n",
      "async def f():\n    async with a as b: pass\n    async for x in y: pass\n",
      "def g():\n    nonlocal x\n",
      "assert (a, b)\n",
      "def g():\n    return *a, b\n",
      "x = [i for i in range(3)][0]\n",
      "x = (1, 2)[0]\n",
      "x = [y for x in a if (y := f(x))]\n",
      "x = a.b.c(d=1)(e=2)\n",
      "x = lambda: (yield)\n",
      "a, *b = c\n",
      "def g():\n    x = yield from y\n",
      "async def g():\n    x = await y\n",
      "match = 1\n",
      "case = 2\n",
      "type = 3\n",
      "_ = 4\n",
      "match.group(1)\n",
      "type(x)\n",
      "match[0] = 1\n",
      "match(x)\n",
      "print(match, type)\n",
      "match x:\n    case 1:\n        pass\n",
      "match x, y:\n    case _:\n        pass\n",
      "match -x:\n    case _:\n        pass\n",
      "def f(a, *, b): ...\n",
      "def f(a=lambda: 1): ...\n",
      "def f(a={'x': 1}) -> 'int': ...\n",
      "@d\nasync def f(): pass\n",
      "with (yield x) as y:\n    pass\n",
      "with (a, b):\n    pass\n",
      "with (a as b):\n    pass\n",
      "with (a) as b, (c) as d:\n    pass\n",
      "while (x := f()): pass\n",
      "global a, b\n",
      "raise X from Y\n",
      "x = [1, 2][::-1]\n",
      "x = 1;\n",
      "if x:\n    pass\nelif y:\n    pass\nelse:\n    pass\n",
      "try:\n  pass\nexcept:\n  pass\nelse:\n  pass\nfinally:\n  pass\n",
      "if x:\n    pass\n  # comment at odd indentation\nelse:\n    pass\n",
      "x = (yield)\n",
      "x = [\n]\n",
      "f(a for a in b)\n",
      "f(a, *b, c=1, **d)\n",
      "x = a if b else lambda: c\n",
      "x = [lambda: 1, lambda x: x]\n",
      "x = {'a': lambda: 1}\n",
      "x = a < b > c\n",
      "x = a not in b in c is d is not e\n",
      "x = ~-+1\n",
      "x = a if not b else c\n",
      "x = (not a) == b\n",
      "print(not a)\n",
      "x = a or not b\n",
      "class A:\n    def f(self):\n        pass\n\n    x = 1\n",
      "x = 1 if 2 else 3 if 4 else 5\n",
      "x = [a, b][c if d else e]\n",
      "x = 'a' \\\n'b'\n",
      "print(\"a\"\n      \"b\")\n",
      "x = f(a=1, *b)\n",
      "def f(*, a): pass\n",
      "def f(a, /): pass\n",
      "def f(**k): pass\n",
      "x = 1 + \\\n    2\n",
      "for (a, b) in c: pass\n",
      "x = {1: 2, **a, 3: 4}\n",
      "x = a[b:c:d, e]\n",
      "x = (a for b in c for d in e if f if g)\n",
      "x = [(yield)]\n",
      "x = *a, *b\n",
      "print(*a, *b)\n",
      "x = a[*b]\n",
      "x = [[1, 2], [3, [4, (5,)]]]\n",
      "x = 3 .real\n",
      "x = 1.0.hex()\n",
      "x = ...\n",
      "x = a@b\n",
      "if True:\n    x = 1; y = 2\n    z = 3\n",
      "x = '''a\\\nb'''\n",
      "x = \"\\\n\"\n",
      "def f(): return (\n    1,\n)\n",
      "@property\ndef f(): pass\n",
      "lambda: 0\n",
      "f = lambda: (x for x in y)\n",
      "if x:\n\n    pass\n",
      "if x:  # c\n    pass\n",
      "x = [  # c\n    1,  # d\n]  # e\n",
      "x = r'\\''\n",
      "def f():\n    \"\"\"doc\"\"\"\n    return\n",
  };
  for (const char* text : valid) {
    INFO(text);
    CHECK(python_test::error_of(text).empty());
  }
}

TEST_CASE("python reader: match is a statement only when its line ends with ':'") {
  const Module m = parse_module(
      "match = re.match(p, s)\n"
      "match(x)\n"
      "match[0] = 1\n"
      "match -x:\n"
      "    case _:\n"
      "        pass\n"
      "match (a, b):\n"
      "    case (1, 2): pass\n",
      "f.py");
  REQUIRE(m.statements.size() == 5);
  CHECK(m.statements[0].kind == Statement::Kind::kAssign);
  CHECK(python_test::tree(m.statements[0].value) == "Call(Attr(re.match); p, s)");
  CHECK(python_test::tree(m.statements[1].value) == "Call(match; x)");
  CHECK(m.statements[2].reason == "assignment to an expression");
  CHECK(m.statements[3].reason == "match statement");
  CHECK(m.statements[3].end_line == 6);
  CHECK(m.statements[4].reason == "match statement");
  CHECK(m.statements[4].end_line == 8);
}

}  // namespace python_grammar_test
