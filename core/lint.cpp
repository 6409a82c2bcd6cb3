#include "core/lint.h"

#include <algorithm>
#include <stdexcept>

#include "core/dialect.h"
#include "core/error.h"
#include "core/table_edit.h"

namespace strata::core {

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
    f.severity = settings.errors.count(hit.code) ? LintSeverity::kError : rule->severity;
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
