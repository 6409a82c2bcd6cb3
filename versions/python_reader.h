// A reader for the small part of Python that Alembic revision files are made
// of, so `strata import alembic` never runs Python (SPEC §10.2). It reads
// module-level docstrings, imports and assignments, and the `def` bodies
// (`upgrade()`, `downgrade()`) as statements whose expressions are literal
// trees: strings (every quote form, prefixes u/r/b, implicit concatenation),
// numbers, True/False/None, names, attribute chains, calls with positional and
// keyword arguments, tuples, lists, dicts, `with X as Y:` blocks, comments.
//
// Anything else is still read (so one odd statement never loses the file):
// an expression the reader does not model is a kOther node holding its source
// text, and a compound statement (if/for/try/while/def/class inside a body)
// is a kOther statement whose reason names it. Only text that is not Python
// at all (an unclosed string or bracket, a bad indent, a stray character)
// is a ScriptError naming FILE and the line.
//
// What is kOther (its text: the exact source span, lines and comments in it
// included): operators, comparisons, `not`/`and`/`or`, `x if c else y`,
// subscripts, lambdas, comprehensions, sets, f-strings (alone or in a
// concatenation), `await`, `yield`, `...`, and any attribute or call on a
// kOther. A call with `*args` or `**kwargs` is kOther as a whole (the
// positions of its other arguments are unknown); so is a tuple, list or dict
// with a starred item. `-2` is the kNumber "-2" (`-x` is kOther). Escapes are
// decoded as Python does, except \N{NAME}, kept as written (no table of
// Unicode names). Assignments with a type annotation are kAssign.
//
// Limits that keep a hostile file from hanging or crashing the reader: input
// size is the caller's concern; nesting deeper than 200 levels is an error;
// a tree taller than 256 (a very long attribute chain) becomes kOther.
// Time is linear in the size of the text.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::versions::py {

struct Node {
  enum class Kind {
    kString,     ///< text: the decoded value (escapes applied unless raw; parts concatenated)
    kNumber,     ///< text: as written (`1`, `-2`, `3.5`, `0x1f`)
    kBool,       ///< text: "True" or "False"
    kNone,
    kName,       ///< text: the identifier
    kAttribute,  ///< items[0]: the object; text: the attribute name (`sa.Column`: Name sa, "Column")
    kCall,       ///< items[0]: the callee; items[1..]: positional args; keywords: name=value
    kTuple,      ///< items
    kList,       ///< items
    kDict,       ///< entries: key, value
    kOther,      ///< text: the source text of an expression the reader does not model
  };
  Kind kind = Kind::kNone;
  int line = 0;      ///< 1-based line where the expression starts
  std::string text;
  std::vector<Node> items;
  std::vector<std::pair<std::string, Node>> keywords;
  std::vector<std::pair<Node, Node>> entries;
  bool raw_string = false;  ///< kString: an r'' literal (kept for messages)
};

struct Statement {
  enum class Kind {
    kExpression,  ///< value: the expression (a call, usually)
    kAssign,      ///< targets = value; targets: the names (`a = b = 1`; a tuple target is kOther)
    kWith,        ///< value: the context expression; targets: the `as` name (0 or 1); body
    kPass,        ///< pass, or a bare docstring / `...` inside a body (value: the string / kOther "...")
    kImport,      ///< value.text: the module (`sqlalchemy`, `sqlalchemy.dialects`); targets: see names
    kOther,       ///< text: the statement's source (first line); reason: e.g. "for loop", "if statement"
  };
  // Every statement has text (its first line, from its first token) and
  // end_line. A kOther assignment (`a, b = 1, 2`, `x += 1`, `t.c = 1`) keeps
  // its right-hand side in value. `import a, b` is one kImport per module,
  // all on the same line; kImport targets are the bound names.
  // `import a.b` binds `a` to the module `a`: module "a.b", names {"a", "a"};
  // `import a.b as c`: {"a.b", "c"}; `from . import x`: module ".";
  // `from m import *`: names {"*", "*"}.
  // kOther reasons: "if statement", "for loop", "while loop", "try
  // statement", "function definition", "class definition", "decorated
  // definition", "async for loop", "async with statement", "async function
  // definition", "match statement", "with statement of several context
  // managers", "... of parenthesized context managers", "with statement
  // whose target is not a name", "return statement" (and global, nonlocal,
  // del, raise, assert, break, continue), "type alias", "assignment to a
  // tuple" (a list, an attribute, an expression), "augmented assignment
  // (+=)", "annotation without a value".
  Kind kind = Kind::kPass;
  int line = 0;
  int end_line = 0;  ///< the last line of the statement (its block included)
  Node value;
  std::vector<std::string> targets;
  /// kImport: (imported name, bound name), e.g. `import sqlalchemy as sa` ->
  /// {"sqlalchemy", "sa"}; `from sqlalchemy.dialects import postgresql` ->
  /// module "sqlalchemy.dialects", {"postgresql", "postgresql"}.
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<Statement> body;
  std::string text;
  std::string reason;
};

struct Function {
  std::string name;
  int line = 0;      ///< the `def` line
  int end_line = 0;  ///< its last line
  std::vector<std::string> parameters;  ///< names only
  std::string docstring;
  std::vector<Statement> body;  ///< the docstring is not a statement here
};

struct Module {
  std::string docstring;  ///< the module docstring, decoded; "" if none
  int docstring_line = 0;
  /// Every module-level statement in order (imports, assignments, others),
  /// top-level `def`s excepted: they are in `functions`.
  std::vector<Statement> statements;
  std::vector<Function> functions;

  /// The value of the last module-level assignment to NAME, or nullptr.
  const Node* assignment(std::string_view name) const;
  const Function* function(std::string_view name) const;
};

/// Parses TEXT; FILE is used in error messages ("FILE:LINE: ...").
/// Throws core::ScriptError for text that is not Python.
Module parse_module(std::string_view text, const std::string& file);

/// The source form of a node, for messages and reasons (`sa.Column('id', sa.Integer())`).
std::string to_source(const Node& node);

/// The dotted name of a kName / kAttribute chain (`sa.dialects.postgresql.JSONB`); "" otherwise.
std::string dotted_name(const Node& node);

}  // namespace strata::versions::py
