// Unit tests of the expressions the Python reader models (strings, numbers,
// names, attributes, calls, tuples, lists, dicts), of what becomes kOther
// with its source text, and of to_source() / dotted_name().
#include <doctest/doctest.h>

#include <string>

#include "tests/versions/python_test_helpers.h"
#include "versions/python_reader.h"

// Its own namespace: the unity build compiles several test files as one.
namespace python_expressions_test {

using namespace strata::versions::py;
using python_test::tree;
using python_test::tree_of;
using python_test::value_of;

TEST_CASE("python reader: string quotes and prefixes") {
  CHECK(tree_of("'a'") == "S'a'");
  CHECK(tree_of("\"a\"") == "S'a'");
  CHECK(tree_of("'''a\n'b'\n'''") == "S'a\n'b'\n'");
  CHECK(tree_of("\"\"\"a \"quoted\" \"\" b\"\"\"") == "S'a \"quoted\" \"\" b'");
  CHECK(tree_of("u'x'") == "S'x'");
  CHECK(tree_of("U'x'") == "S'x'");
  CHECK(tree_of("b'x\\xff'") == "S'x\xff'");
  CHECK(tree_of("''") == "S''");
  CHECK(tree_of("''''''") == "S''");
  const Node raw = value_of("r'\\d+\\'s'");
  CHECK(tree(raw) == "S'\\d+\\'s'");  // a raw string keeps its backslashes, even the one before a quote
  CHECK(raw.raw_string);
  CHECK_FALSE(value_of("'\\d'").raw_string);
  CHECK(tree_of("Rb'\\n'") == "S'\\n'");
  CHECK(tree_of("BR'\\n'") == "S'\\n'");
}

TEST_CASE("python reader: string escapes are decoded") {
  CHECK(tree_of(R"('\n\t\r\\\'\"\a\b\f\v')") == "S'\n\t\r\\'\"\a\b\f\v'");
  CHECK(tree_of(R"('\x41\101\0\7z')") == std::string("S'AA") + '\0' + "\az'");
  CHECK(tree_of(R"('\u00e9\U0001F600\xe9')") == "S'\xc3\xa9\xf0\x9f\x98\x80\xc3\xa9'");
  CHECK(tree_of(R"(b'\xe9\u00e9')") == "S'\xe9\\u00e9'");  // \u is no escape in bytes
  CHECK(tree_of(R"('\ud800')") == "S'\xef\xbf\xbd'");      // a lone surrogate cannot be UTF-8
  CHECK(tree_of(R"('\N{BULLET} \d \q')") == "S'\\N{BULLET} \\d \\q'");  // kept as written
  CHECK(tree_of("'a\\\nb'") == "S'ab'");                  // backslash-newline continues the string
  CHECK(tree_of("'''a\\\r\nb'''") == "S'ab'");
  CHECK(tree_of("r'a\\\nb'") == "S'a\\\nb'");
  CHECK(tree_of("'''a\r\nb\rc'''") == "S'a\nb\nc'");  // line ends read as Python reads them
  CHECK(tree_of("'caf\xc3\xa9 \xff'") == "S'caf\xc3\xa9 \xff'");  // bytes kept, even invalid UTF-8
}

TEST_CASE("python reader: implicit concatenation, across lines inside brackets") {
  CHECK(tree_of("'a' \"b\" r'\\c'") == "S'ab\\c'");
  CHECK(value_of("'a' r'\\c'").raw_string);
  const Node n = value_of("(\n  'SELECT 1 '  # a comment\n  'FROM t'\n)");
  CHECK(tree(n) == "S'SELECT 1 FROM t'");
  CHECK(n.line == 2);
  CHECK(tree_of("f('a'\n  'b', 'c')") == "Call(f; S'ab', S'c')");
  CHECK(tree_of("'a' \\\n 'b'") == "S'ab'");
}

TEST_CASE("python reader: f-strings are kOther, alone or concatenated") {
  CHECK(tree_of("f'{x!r:>{width}}'") == "Other{f'{x!r:>{width}}'}");
  CHECK(tree_of("'a' F\"{b}\"") == "Other{'a' F\"{b}\"}");
  CHECK(tree_of("rf'\\d{x}'") == "Other{rf'\\d{x}'}");
  CHECK(tree_of("f'{x}'.format(y)") == "Other{f'{x}'.format(y)}");
}

TEST_CASE("python reader: numbers keep their text; a minus sign makes a negative number") {
  CHECK(tree_of("1") == "N:1");
  CHECK(tree_of("-2") == "N:-2");
  CHECK(tree_of("- 2") == "N:-2");
  CHECK(tree_of("3.5") == "N:3.5");
  CHECK(tree_of("-1.5e-3") == "N:-1.5e-3");
  CHECK(tree_of("0x1f") == "N:0x1f");
  CHECK(tree_of("0o17") == "N:0o17");
  CHECK(tree_of("0b1010") == "N:0b1010");
  CHECK(tree_of("1_000_000") == "N:1_000_000");
  CHECK(tree_of(".5") == "N:.5");
  CHECK(tree_of("5.") == "N:5.");
  CHECK(tree_of("2j") == "N:2j");
  CHECK(tree_of("-(3)") == "N:-3");
  CHECK(tree_of("--1") == "Other{--1}");
  CHECK(tree_of("+1") == "Other{+1}");
  CHECK(tree_of("-2 ** 2") == "Other{-2 ** 2}");
  CHECK(tree_of("-x") == "Other{-x}");
  CHECK(tree_of("~1") == "Other{~1}");
}

TEST_CASE("python reader: names, constants, attribute chains") {
  CHECK(tree_of("True") == "True");
  CHECK(tree_of("False") == "False");
  CHECK(tree_of("None") == "None");
  CHECK(value_of("True").kind == Node::Kind::kBool);
  CHECK(tree_of("LABEL") == "LABEL");
  CHECK(tree_of("sa.dialects.postgresql.JSONB") == "Attr(Attr(Attr(sa.dialects).postgresql).JSONB)");
  CHECK(dotted_name(value_of("sa.dialects.postgresql.JSONB")) == "sa.dialects.postgresql.JSONB");
  CHECK(dotted_name(value_of("op")) == "op");
  CHECK(dotted_name(value_of("op.get_bind().execute")).empty());
  CHECK(dotted_name(value_of("'s'")).empty());
  CHECK(tree_of("op.get_bind().execute") == "Attr(Call(Attr(op.get_bind)).execute)");
  CHECK(tree_of("x . y") == "Attr(x.y)");
  CHECK(tree_of("d[0].name") == "Other{d[0].name}");  // a trailer on kOther stays kOther
}

TEST_CASE("python reader: calls with positional and keyword arguments") {
  CHECK(tree_of("f()") == "Call(f)");
  CHECK(tree_of("f(1, 'a', k=None, j=[1],)") == "Call(f; N:1, S'a'; k=None, j=List(N:1))");
  CHECK(tree_of("f(\n    1,\n    2,\n)") == "Call(f; N:1, N:2)");
  CHECK(tree_of("f(g(h(1)))(2)") == "Call(Call(f; Call(g; Call(h; N:1))); N:2)");
  CHECK(tree_of("f(x == 1, k=a + b)") == "Call(f; Other{x == 1}; k=Other{a + b})");
  CHECK(tree_of("f(x for x in y)") == "Call(f; Other{x for x in y})");
  CHECK(tree_of("f(k=(yield))") == "Call(f; k=Other{(yield)})");
  CHECK(tree_of("f(n := 1)") == "Call(f; Other{n := 1})");
  // Starred arguments: the positions of the others are unknown, the call is kOther.
  CHECK(tree_of("op.create_table('t', *columns)") == "Other{op.create_table('t', *columns)}");
  CHECK(tree_of("f(**kw)") == "Other{f(**kw)}");
  const Node call = value_of("op.f(\n  'ix')");
  CHECK(call.line == 1);
  CHECK(call.items[1].line == 2);
}

TEST_CASE("python reader: tuples, lists, dicts") {
  CHECK(tree_of("()") == "Tuple()");
  CHECK(tree_of("(1,)") == "Tuple(N:1)");
  CHECK(tree_of("('a', 'b')") == "Tuple(S'a', S'b')");
  CHECK(tree_of("1, 2") == "Tuple(N:1, N:2)");
  CHECK(tree_of("1,") == "Tuple(N:1)");
  CHECK(tree_of("(1)") == "N:1");
  CHECK(tree_of("((1, 2), [3])") == "Tuple(Tuple(N:1, N:2), List(N:3))");
  CHECK(tree_of("[]") == "List()");
  CHECK(tree_of("['a','b',]") == "List(S'a', S'b')");
  CHECK(tree_of("{}") == "Dict()");
  CHECK(tree_of("{'a': 1, 2: [None], 'c': {'d': True},}") == "Dict(S'a': N:1, N:2: List(None), S'c': Dict(S'd': True))");
  CHECK(tree_of("{1, 2}") == "Other{{1, 2}}");
  CHECK(tree_of("{*a}") == "Other{{*a}}");
  CHECK(tree_of("{**a, 'b': 1}") == "Other{{**a, 'b': 1}}");
  CHECK(tree_of("{'b': 1, **a}") == "Other{{'b': 1, **a}}");
  CHECK(tree_of("[1, *rest]") == "Other{[1, *rest]}");
  CHECK(tree_of("(*a, b)") == "Other{(*a, b)}");
}

TEST_CASE("python reader: everything else is kOther with its source text") {
  CHECK(tree_of("a + b * c") == "Other{a + b * c}");
  CHECK(tree_of("'%s' % name") == "Other{'%s' % name}");
  CHECK(tree_of("a < b <= c != d") == "Other{a < b <= c != d}");
  CHECK(tree_of("a is not b") == "Other{a is not b}");
  CHECK(tree_of("a not in b") == "Other{a not in b}");
  CHECK(tree_of("not a and b or c") == "Other{not a and b or c}");
  CHECK(tree_of("a if b else c") == "Other{a if b else c}");
  CHECK(tree_of("x[1:2, ::3]") == "Other{x[1:2, ::3]}");
  CHECK(tree_of("lambda a, b=1, *c, **d: a + b") == "Other{lambda a, b=1, *c, **d: a + b}");
  CHECK(tree_of("lambda: 0") == "Other{lambda: 0}");
  CHECK(tree_of("[r.id for r in rows if r.ok]") == "Other{[r.id for r in rows if r.ok]}");
  CHECK(tree_of("{k: v for k, v in d.items()}") == "Other{{k: v for k, v in d.items()}}");
  CHECK(tree_of("{k for k in d}") == "Other{{k for k in d}}");
  CHECK(tree_of("(x async for x in y)") == "Other{(x async for x in y)}");
  CHECK(tree_of("[x for a in b for x in a if x if not x]") == "Other{[x for a in b for x in a if x if not x]}");
  CHECK(tree_of("a ** b ** c") == "Other{a ** b ** c}");
  CHECK(tree_of("a @ b // c % d << 1 >> 2 & 3 | 4 ^ 5") == "Other{a @ b // c % d << 1 >> 2 & 3 | 4 ^ 5}");
  CHECK(tree_of("await f()") == "Other{await f()}");
  CHECK(tree_of("...") == "Other{...}");
  CHECK(tree_of("(yield x)") == "Other{(yield x)}");
  CHECK(tree_of("yield from g()") == "Other{yield from g()}");
  // Spanning lines inside brackets, comments included: the source as written.
  CHECK(tree_of("(a +  # plus\n b)") == "Other{a +  # plus\n b}");
  CHECK(value_of("\\\n  a + b").line == 2);
  // A kOther inside a modelled node is kept with its own text.
  CHECK(tree_of("[a + 1, 2]") == "List(Other{a + 1}, N:2)");
  CHECK(tree_of("{'k': sa.Enum(*names)}") == "Dict(S'k': Other{sa.Enum(*names)})");
}

TEST_CASE("python reader: to_source writes the source form of a node") {
  CHECK(to_source(value_of("sa.Column('id', sa.Integer(), nullable=False)")) ==
        "sa.Column('id', sa.Integer(), nullable=False)");
  CHECK(to_source(value_of("f(k=1)")) == "f(k=1)");
  CHECK(to_source(value_of("('a',)")) == "('a',)");
  CHECK(to_source(value_of("('a', \"b\")")) == "('a', 'b')");
  CHECK(to_source(value_of("[None, True, -1.5]")) == "[None, True, -1.5]");
  CHECK(to_source(value_of("{'a': [1], 2: ()}")) == "{'a': [1], 2: ()}");
  CHECK(to_source(value_of("\"it's\"")) == "\"it's\"");
  CHECK(to_source(value_of("'both \\' and \"'")) == "'both \\' and \"'");
  CHECK(to_source(value_of("'a\\nb\\\\c\\x01'")) == "'a\\nb\\\\c\\x01'");
  CHECK(to_source(value_of("r'\\d+'")) == "r'\\d+'");
  CHECK(to_source(value_of("r'\\d\\''")) == "r\"\\d\\'\"");
  CHECK(to_source(value_of("r'x' '\\\\'")) == "'x\\\\'");  // a raw literal cannot end in one backslash
  CHECK(to_source(value_of("a  +  b")) == "a  +  b");
  CHECK(to_source(value_of("x.y")) == "x.y");
}

}  // namespace python_expressions_test
