// `strata squash [FROM:]TO -m MSG [--from-url URL]` (SPEC §10.2): one
// revision that builds in one step the schema the revisions FROM..TO build,
// so fresh databases (CI, a new developer) skip a long or untranslated
// history, while databases already inside it continue through the originals.
// The schema comes from replaying the revisions' operations, or from
// reflecting a database that is at TO (--from-url), when some of them
// cannot be replayed (untranslated Alembic bodies, raw SQL).
#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/new_revision.h"
#include "core/revision_log.h"
#include "core/differ.h"
#include "core/error.h"
#include "core/runner.h"
#include "core/script_sink.h"
#include "core/text.h"
#include "drivers/registry.h"
#include "versions/op_yaml_writer.h"

namespace strata::cli {

namespace {

struct SquashOpts {
  std::string range, message, from_url, rev_id;
};

// The revisions FROM..TO, parents first, checked to be a range a squash can
// stand for: nothing outside it grows from or depends on one of its
// revisions except TO (their files will be deleted one day).
std::vector<std::string> squash_range(const core::RevisionGraph& g, const std::string& from, const std::string& to) {
  auto newest_first = g.history_range(from + ":" + to);
  std::vector<std::string> range(newest_first.rbegin(), newest_first.rend());
  std::set<std::string> members(range.begin(), range.end());
  for (const auto& squash : g.squashes())
    for (const auto& r : squash.replaces)
      if (members.count(r))
        throw core::UsageError("revision " + r + " is already replaced by the squash " + squash.id + " (" +
                               squash.path + "); delete that squash first, or squash a range after it");
  for (const auto& id : range) {
    if (id == to) continue;
    for (const auto& s : g.successors(id))
      if (!members.count(s))
        throw core::UsageError("revision " + s + " (" + g.get(s).path + ") builds on " + id +
                               ", inside the range but not its last revision: squash up to a revision that " +
                               "includes " + s + ", or merge first");
  }
  return range;
}

// What the range stands on: the parents of its revisions outside it.
void outside_parents(const core::RevisionGraph& g, const std::vector<std::string>& range, core::RevisionHeader& h) {
  std::set<std::string> members(range.begin(), range.end());
  for (const auto& id : range) {
    const auto& r = g.get(id);
    for (const auto& d : r.down_revisions)
      if (!members.count(d) && std::find(h.down_revisions.begin(), h.down_revisions.end(), d) == h.down_revisions.end())
        h.down_revisions.push_back(d);
    for (const auto& d : g.parents(id))
      if (!members.count(d) &&
          std::find(h.down_revisions.begin(), h.down_revisions.end(), d) == h.down_revisions.end() &&
          std::find(h.depends_on.begin(), h.depends_on.end(), d) == h.depends_on.end())
        h.depends_on.push_back(d);
  }
}

// The schema after replaying every upgrade up to UPTO (nothing for base).
core::Schema replayed(Context& ctx, const core::Dialect& dialect, const std::vector<std::string>& upto) {
  std::ostringstream ignored;
  core::ScriptSink sink(dialect, ignored, false);
  sink.replay(ctx.graph(), ctx.scripts(), upto, ctx.config().naming_convention, true);
  return sink.schema();
}

void squash(Context& ctx, const SquashOpts& o) {
  const auto& g = ctx.graph();
  std::string from, to = o.range;
  if (auto colon = o.range.find(':'); colon != std::string::npos) {
    from = o.range.substr(0, colon);
    to = o.range.substr(colon + 1);
  }
  if (to.empty()) throw core::UsageError("squash needs a TO revision: [FROM:]TO");
  const std::string to_id = g.resolve_one(to);
  const std::string from_id = from.empty() ? "" : g.resolve_one(from);
  auto range = squash_range(g, from_id, to_id);
  if (range.size() < 2) throw core::UsageError("a squash needs at least two revisions; " + o.range + " names one");

  NewRevision rev;
  rev.header.id = o.rev_id;
  rev.header.message = o.message;
  rev.header.replaces = range;
  outside_parents(g, range, rev.header);

  // Before: what the range stands on; after: the schema at TO.
  std::vector<std::string> below = rev.header.down_revisions;
  below.insert(below.end(), rev.header.depends_on.begin(), rev.header.depends_on.end());
  core::Schema after;
  std::unique_ptr<core::Session> session;
  if (!o.from_url.empty()) {
    session = drivers::open_session(core::parse_database_url(o.from_url, ctx.config().dir));
    auto rows = core::read_heads(*session, ctx.version_table());
    if (rows != std::vector<std::string>{to_id})
      throw core::UsageError("--from-url: the database is at " + (rows.empty() ? std::string("<base>") : core::join(rows)) +
                             ", not at " + to_id + " alone; upgrade it to " + to_id + " first");
    core::ReflectOptions reflect;
    reflect.schemas = ctx.config().include_schemas;
    after = session->inspector().reflect(reflect);
    // The differ leaves strata's own tables out of the live side only: here
    // the reflected schema is the side that is written.
    auto vt = ctx.version_table();
    if (vt.schema == "public") vt.schema.clear();
    std::erase_if(after.tables, [&](const core::Table& t) { return core::is_bookkeeping_table(t.schema, t.name, vt); });
  }
  const core::Dialect& dialect = session ? session->dialect() : drivers::dialect_for(ctx.database_url());
  core::Schema before;
  try {
    before = replayed(ctx, dialect, below);
    if (!session) after = replayed(ctx, dialect, {to_id});
  } catch (const core::ScriptError& e) {
    throw core::ScriptError(std::string(e.what()) +
                            "\n(the schema cannot be rebuilt from the files: give --from-url URL of a database at " +
                            to_id + ")");
  }
  core::DiffOptions options;
  options.version_table = ctx.version_table();
  if (options.version_table.schema == "public") options.version_table.schema.clear();
  options.exclude_tables = ctx.config().exclude_tables;
  auto diff = core::diff_schemas(after, before, dialect, options);
  rev.upgrades = versions::ops_to_yaml(diff.upgrade);
  rev.downgrades = versions::ops_to_yaml(diff.downgrade);
  std::cout << write_revision(ctx, rev) << '\n';

  // Data the originals write is not in the squash: say which revisions.
  for (const auto& id : range) {
    core::RevisionBody body;
    try {
      body = ctx.scripts().load_body(g.get(id));
    } catch (const core::Error&) {
      continue;  // an untranslated body: the import report already named it
    }
    bool data = std::any_of(body.upgrade.begin(), body.upgrade.end(), [](const core::Op& op) {
      return std::holds_alternative<core::Execute>(op) || std::holds_alternative<core::BulkInsert>(op);
    });
    if (data)
      progress(ctx, "strata: warning: revision " + id + " runs SQL or inserts rows, which the squash does not repeat "
                    "(it creates the schema only): add what fresh databases need to the squash by hand");
  }
  progress(ctx, "Squashed " + std::to_string(range.size()) + " revisions (" + range.front() + ".." + to_id + ")");
}

}  // namespace

void setup_squash(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<SquashOpts>();
  auto* cmd = app.add_subcommand("squash", "Write one revision that builds the schema of revisions FROM..TO");
  cmd->add_option("RANGE", o->range, "[FROM:]TO (default FROM: base)")->required();
  cmd->add_option("-m,--message", o->message, "Message of the squash")->required();
  cmd->add_option("--from-url", o->from_url, "Reflect the schema from this database (at TO) instead of replaying");
  cmd->add_option("--rev-id", o->rev_id, "Id of the squash (default: random)");
  cmd->callback([o, &ctx] { squash(ctx, *o); });
}

}  // namespace strata::cli
