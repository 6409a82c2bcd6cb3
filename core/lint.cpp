#include "core/lint.h"

#include <algorithm>
#include <stdexcept>

#include "core/dialect.h"
#include "core/error.h"
#include "core/table_edit.h"

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

namespace {

using TableKey = std::pair<std::string, std::string>;

Table* find_table(Schema& schema, const std::string& sch, const std::string& name) {
  for (auto& t : schema.tables)
    if (t.name == name && t.schema == sch) return &t;
  return nullptr;
}

// SCHEMA after OP, as far as the replay can know: raw SQL and edits of a
// table it never saw leave it as it was.
void replay(Schema& schema, const Op& op) {
  if (const auto* c = std::get_if<CreateTable>(&op)) {
    if (!find_table(schema, c->table.schema, c->table.name)) schema.tables.push_back(materialize_shortcuts(c->table));
    return;
  }
  if (const auto* d = std::get_if<DropTable>(&op)) {
    std::erase_if(schema.tables, [&](const Table& t) { return t.name == d->name && t.schema == d->schema; });
    return;
  }
  if (std::holds_alternative<Execute>(op) || std::holds_alternative<BulkInsert>(op) ||
      std::holds_alternative<CreateEnum>(op) || std::holds_alternative<DropEnum>(op) ||
      std::holds_alternative<AlterEnum>(op))
    return;
  auto edited = op_table(op);
  Table* t = edited ? find_table(schema, edited->first, edited->second) : nullptr;
  if (!t) return;
  try {
    *t = apply_to_table(*t, op);
  } catch (const std::exception&) {
    // An edit that does not fit what the replay knows (the table was changed
    // by raw SQL): the table stays as known; the database would tell.
  }
}

// The rules that hold on every database.
void generic_rules(const Op& op, const LintScope& scope, std::vector<LintHit>& out) {
  if (const auto* d = std::get_if<DropTable>(&op)) {
    if (scope.existing(d->schema, d->name))
      out.push_back({"drop-table", "drops table " + d->name +
                                       " and every row in it; if that is meant, acknowledge it with a reason"});
  } else if (const auto* d = std::get_if<DropColumn>(&op)) {
    if (scope.existing(d->schema, d->table))
      out.push_back({"drop-column", "drops column " + d->table + "." + d->name +
                                        " and its data; stop using it in the code first, then drop it in a later "
                                        "release, and acknowledge it with a reason"});
  } else if (const auto* a = std::get_if<AddColumn>(&op)) {
    const Column& c = a->column;
    if (scope.existing(a->schema, a->table) && !c.nullable && !c.server_default && !c.computed && !c.identity &&
        !c.primary_key)
      out.push_back({"add-not-null-column",
                     "adds NOT NULL column " + a->table + "." + c.name +
                         " without a server default: it fails once the table has rows; give it a server_default, "
                         "or add it nullable, backfill it, then set NOT NULL"});
  } else if (const auto* r = std::get_if<RenameTable>(&op)) {
    if (scope.existing(r->schema, r->name))
      out.push_back({"rename-table", "renames table " + r->name + " to " + r->new_name +
                                         ": the running code still uses the old name; add the new table (or a "
                                         "view) beside it and move the code over first"});
  } else if (const auto* a = std::get_if<AlterColumn>(&op)) {
    if (!scope.existing(a->schema, a->table)) return;
    if (a->new_name && *a->new_name != a->name)
      out.push_back({"rename-column", "renames column " + a->table + "." + a->name + " to " + *a->new_name +
                                          ": the running code still uses the old name; add the new column, write "
                                          "both, move the code over, then drop the old one"});
    if (a->nullable && !*a->nullable) {
      bool was_nullable = a->existing_nullable.value_or(true);
      if (const Table* t = scope.table(a->schema, a->table))
        for (const auto& c : t->columns)
          if (c.name == a->name) was_nullable = c.nullable;
      if (was_nullable)
        out.push_back({"set-not-null", "sets " + a->table + "." + a->name +
                                           " NOT NULL: it fails if any row holds NULL and checks every row under "
                                           "lock; backfill first (and see the dialect's notes in docs/lint.md)"});
    }
  }
}

bool changes_schema(const std::vector<Op>& ops) {
  return std::any_of(ops.begin(), ops.end(), [](const Op& op) { return !std::holds_alternative<BulkInsert>(op); });
}

}  // namespace

std::vector<LintFinding> lint_revision(const Revision& revision, Schema& before, const Dialect& dialect,
                                       const LintSettings& settings) {
  std::vector<LintFinding> out;
  auto report = [&](const LintHit& hit, int line, const std::string& operation) {
    const LintRule* rule = find_lint_rule(hit.code);
    if (!rule) throw std::logic_error("lint: unknown code " + hit.code);
    if (settings.disabled.count(hit.code)) return;
    LintFinding f;
    f.code = hit.code;
    f.severity = settings.errors.count(hit.code) ? kError : rule->severity;
    f.revision = revision.header.id;
    f.file = revision.header.path;
    f.line = line;
    f.operation = operation;
    f.message = hit.message;
    const auto& ignore = revision.header.lint_ignore;
    if (std::find(ignore.begin(), ignore.end(), hit.code) != ignore.end()) {
      f.acknowledged = true;
      f.reason = revision.header.lint_reason;
    }
    out.push_back(std::move(f));
  };

  std::set<TableKey> created;
  const auto& ops = revision.body.upgrade;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    const int line = i < revision.body.upgrade_lines.size() ? revision.body.upgrade_lines[i] : 0;
    if (const auto* c = std::get_if<CreateTable>(&op)) created.insert({c->table.schema, c->table.name});
    std::vector<LintHit> hits;
    LintScope scope{before, created, revision.header.transactional};
    generic_rules(op, scope, hits);
    for (auto& h : dialect.lint(op, scope)) hits.push_back(std::move(h));
    for (const auto& h : hits) report(h, line, op_name(op));
    if (const auto* r = std::get_if<RenameTable>(&op); r && created.count({r->schema, r->name}))
      created.insert({r->schema, r->new_name});
    replay(before, op);
  }
  if (!revision.body.untranslated_upgrade && !revision.body.untranslated_downgrade && changes_schema(ops) &&
      revision.body.downgrade.empty())
    report({"empty-downgrade", "the upgrade changes the schema but the downgrade is empty: write the reverse "
                               "operations, or acknowledge that it cannot be undone"},
           0, "");
  return out;
}

std::vector<LintFinding> lint_revisions(const std::vector<Revision>& revisions, const Dialect& dialect,
                                        const LintSettings& settings, const std::set<std::string>& reported) {
  std::vector<LintFinding> out;
  Schema schema;
  for (const auto& r : revisions) {
    auto found = lint_revision(r, schema, dialect, settings);
    if (!reported.empty() && !reported.count(r.header.id)) continue;
    for (auto& f : found) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace strata::core
