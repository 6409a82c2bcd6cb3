// `strata revision -m MSG [--sql] [--head H] [--splice] [--branch-label L]
// [--depends-on R] [--rev-id ID] [--version-path P] [--autogenerate]`.
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/new_revision.h"
#include "cli/model_diff.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/lint.h"
#include "drivers/registry.h"
#include "versions/script_directory.h"
#include "core/online_ddl.h"
#include "versions/op_yaml_writer.h"
#include "versions/project_templates.h"

namespace strata::cli {

namespace {

struct RevisionOpts {
  std::string message;
  std::string dev_url;  ///< --autogenerate against a scratch database built by the migrations
  bool autogenerate = false;
  bool sql = false;
  std::string head = "head";
  bool splice = false;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string rev_id;
  std::string version_path;
};

// The parent of the new revision, as Alembic decides it: --head (default
// "head", which fails when several heads exist), and a non-head parent only
// with --splice.
std::vector<std::string> parents(const core::RevisionGraph& g, const RevisionOpts& o) {
  std::vector<std::string> ids;
  try {
    ids = g.resolve(o.head, {}, true);
  } catch (const core::RevisionError& e) {
    if (o.head == "head" && g.heads().size() > 1)
      throw core::RevisionError(
          "multiple heads are present; please specify the head revision on which the new revision should be "
          "based (--head), or perform a merge ('strata merge heads -m ...')");
    throw;
  }
  if (ids.size() > 1 && o.head != "heads")
    throw core::RevisionError("--head '" + o.head + "' names several revisions");
  if (!o.splice)
    for (const auto& id : ids)
      if (!g.is_head(id))
        throw core::RevisionError("revision " + id +
                                  " is not a head revision; please specify --splice to create a new branch from it");
  return ids;
}

// Fills REV from the models/database diff, as Alembic's autogenerate: only
// against a database at head, with one "Detected ..." line per change.
core::Schema autogenerate(Context& ctx, NewRevision& rev, const std::string& dev_url) {
  auto c = compare_models(ctx, dev_url);
  if (!c.at_head)
    throw core::DatabaseError("Target database is not up to date: it is at " +
                              (c.database_heads.empty() ? std::string("<base>") : comma_join(c.database_heads)) +
                              ", the heads are " + comma_join(c.script_heads) + "; run 'strata upgrade heads' first");
  for (const auto& ch : c.diff.changes) progress(ctx, ch.message);
  for (const auto& w : c.diff.warnings) progress(ctx, "WARNING: " + w);
  if (c.diff.empty()) progress(ctx, "No changes in schema detected.");
  // online_ddl: PostgreSQL's CONCURRENTLY / NOT VALID forms, outside a transaction.
  if (ctx.config().online_ddl && c.dialect == "postgresql" && core::make_online(c.diff, c.declared, c.live)) {
    rev.header.transactional = false;
    progress(ctx, "online_ddl: indexes built CONCURRENTLY, constraints added NOT VALID and validated; the revision "
                  "is transactional: false");
  }
  std::vector<versions::WrittenOp> ups;
  for (size_t i = 0; i < c.diff.upgrade.size(); ++i) ups.push_back({c.diff.upgrade[i], c.diff.upgrade_comments[i]});
  rev.upgrades = versions::ops_to_yaml(ups);
  rev.downgrades = versions::ops_to_yaml(c.diff.downgrade);
  return std::move(c.live);
}

// SPEC §10.4: what autogenerate wrote, linted against the schema it was
// compared with (the database at head), on stderr; the revision stays written.
void lint_written(Context& ctx, const std::string& path, core::Schema live) {
  core::Revision written = versions::ScriptDirectory::load_revision(path);
  const core::Dialect& dialect = drivers::dialect_for(ctx.database_url());
  for (const auto& f : core::lint_revision(written, live, dialect, ctx.config().lint))
    if (!f.acknowledged) progress(ctx, "lint: " + lint_line(f));
}

}  // namespace

void setup_revision(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RevisionOpts>();
  auto* cmd = app.add_subcommand("revision", "Create a new revision file");
  cmd->add_option("-m,--message", o->message, "Message of the revision");
  cmd->add_flag("--autogenerate", o->autogenerate, "Fill the revision from the models/database diff");
  cmd->add_option("--dev-url", o->dev_url, "With --autogenerate: diff against what the migrations build on a scratch "
                                            "database there, not the configured database");
  cmd->add_flag("--sql", o->sql, "Write a .sql revision instead of YAML operations");
  cmd->add_option("--head", o->head, "Revision the new one is based on (default: head; 'base' starts a new base)");
  cmd->add_flag("--splice", o->splice, "Allow a non-head --head, creating a new branch");
  cmd->add_option("--branch-label", o->branch_labels, "Branch label to put on the new revision");
  cmd->add_option("--depends-on", o->depends_on, "Revision(s) or label(s) the new revision depends on");
  cmd->add_option("--rev-id", o->rev_id, "Revision id to use instead of a random one");
  cmd->add_option("--version-path", o->version_path, "Version folder to write the file into");
  cmd->callback([o, &ctx] {
    if (o->autogenerate && o->sql)
      throw core::UsageError("--autogenerate writes YAML operations; it cannot be combined with --sql");
    const auto& g = ctx.graph();
    NewRevision rev;
    rev.header.message = o->message;
    rev.header.down_revisions = parents(g, *o);
    rev.header.branch_labels = o->branch_labels;
    rev.header.id = o->rev_id;
    for (const auto& dep : o->depends_on) {
      // Labels stay labels; partial ids become full ids (as Alembic does).
      bool is_label = false;
      for (const auto& r : g.revisions())
        for (const auto& l : r.branch_labels) is_label = is_label || l == dep;
      rev.header.depends_on.push_back(is_label ? dep : g.resolve_one(dep));
    }
    rev.sql = !o->autogenerate && (o->sql || versions::prefers_sql(ctx.script_dir().string()));
    if (!o->dev_url.empty() && !o->autogenerate) throw core::UsageError("--dev-url needs --autogenerate");
    std::optional<core::Schema> live;
    if (o->autogenerate) live = autogenerate(ctx, rev, o->dev_url);
    rev.version_path = o->version_path;
    const std::string path = write_revision(ctx, std::move(rev));
    std::cout << path << '\n';
    if (live) lint_written(ctx, path, std::move(*live));
  });
}

}  // namespace strata::cli
