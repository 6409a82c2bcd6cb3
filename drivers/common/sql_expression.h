// One spelling per SQL condition or expression, for the differ: check
// conditions, partial index predicates and index expressions are compared in
// this normal form, because databases give back a rewritten text
// (PostgreSQL: `price >= 0` comes back as `(price >= (0)::numeric)`).
//
// The text is split into tokens (string literals and quoted identifiers kept
// whole), so whitespace and keyword case never matter; then the rewrites a
// database makes are undone, each one a flag, so every driver states which
// rewrites its database makes.
#pragma once

#include <string>
#include <string_view>

namespace strata::drivers::common {

struct ExpressionRewrites {
  /// `x::type`, `CAST(x AS type)` and typed literals (`interval '1 day'`)
  /// are dropped: the database adds casts of its own to literals and columns.
  bool casts = false;
  /// Every grouping parenthesis is dropped (function-call, IN-list and row
  /// parentheses stay). The database adds them around each operation; since
  /// its rewrites cannot always be told from the user's own grouping, both
  /// sides lose theirs (a change of grouping alone goes undetected).
  bool grouping = false;
  /// `x = ANY (ARRAY[a, b])` is `x IN (a, b)`, `x <> ALL (ARRAY[...])` is
  /// `x NOT IN (...)`, and a one-item `IN (a)` is `= a`.
  bool in_lists = false;
  /// `a BETWEEN b AND c` is `a >= b AND a <= c` (NOT BETWEEN: `a < b OR a > c`).
  bool between = false;
  /// `LIKE` is `~~`, `ILIKE` `~~*`, with NOT: `!~~`, `!~~*`.
  bool like_operators = false;
  /// A string literal holding a number ('-1', which PostgreSQL prints for a
  /// negative constant) is the number.
  bool numeric_strings = false;
};

/// Tokens joined by single spaces; words outside quotes in lower case; a
/// "quoted" identifier that needs no quotes unquoted; `!=` as `<>`;
/// parentheses around the whole text dropped; then REWRITES undone.
std::string normalize_sql_expression(std::string_view text, const ExpressionRewrites& rewrites);

}  // namespace strata::drivers::common
