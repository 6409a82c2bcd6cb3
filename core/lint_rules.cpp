// The catalog of lint codes (core/lint.h), apart from the engine: strata.yaml's
// reader checks `lint:` codes against it without the rest of lint.
#include "core/lint.h"

namespace strata::core {

namespace {

constexpr auto kError = LintSeverity::kError;
constexpr auto kWarning = LintSeverity::kWarning;

}  // namespace

// The catalog: every code strata reports, the dialects' included (their
// detection is in drivers/<db>/lint.cpp). docs/lint.md has a page per code.
const std::vector<LintRule>& lint_rules() {
  static const std::vector<LintRule> rules = {
      {"unparsable-file", kError, "a revision file that does not parse", "all"},
      {"broken-graph", kError, "the revisions do not make a valid graph (a missing parent, a cycle, a duplicate)",
       "all"},
      {"several-heads", kError, "the revisions have more than one head", "all"},
      {"drop-table", kError, "dropping a table loses its rows", "all"},
      {"drop-column", kError, "dropping a column loses its data", "all"},
      {"add-not-null-column", kError, "a NOT NULL column without a server default on an existing table", "all"},
      {"set-not-null", kWarning, "setting NOT NULL on an existing column", "all"},
      {"rename-table", kWarning, "renaming a table breaks the code that is running", "all"},
      {"rename-column", kWarning, "renaming a column breaks the code that is running", "all"},
      {"empty-downgrade", kWarning, "an upgrade that changes the schema with an empty downgrade", "all"},
      {"pg-index-not-concurrent", kWarning, "an index built on an existing table without concurrently",
       "postgresql"},
      {"pg-drop-index-not-concurrent", kWarning, "an index dropped without concurrently", "postgresql"},
      {"pg-concurrently-in-transaction", kError, "an index built or dropped concurrently in a transactional revision",
       "postgresql"},
      {"pg-constraint-not-valid", kWarning,
       "a foreign key or check constraint added to an existing table without not_valid", "postgresql"},
      {"pg-unique-constraint", kWarning, "a unique constraint added to an existing table", "postgresql"},
      {"pg-primary-key", kWarning, "a primary key added to an existing table", "postgresql"},
      {"pg-type-rewrite", kWarning, "a column type change that rewrites the table", "postgresql"},
      {"pg-volatile-default", kWarning, "a column added with a volatile default rewrites the table", "postgresql"},
      {"mysql-table-copy", kWarning, "a column change MySQL makes by copying the table", "mysql"},
      {"sqlite-table-rebuild", kWarning, "an operation SQLite makes by rebuilding the table", "sqlite"},
  };
  return rules;
}

const LintRule* find_lint_rule(const std::string& code) {
  for (const auto& r : lint_rules())
    if (r.code == code) return &r;
  return nullptr;
}

const char* severity_name(LintSeverity severity) { return severity == kError ? "error" : "warning"; }

}  // namespace strata::core
