// `strata rebase HEAD --onto OTHER [--url URL]... [--dry-run]` (SPEC §10.5):
// the revisions of HEAD's branch that OTHER does not have are moved on top
// of OTHER by rewriting the down_revision of the branch's first revisions,
// so two pull requests that each added a revision give one line of history
// with no merge revision. Safe only while no database has applied any of
// them: every database named (the config's by default) is read first, and
// the rebase is refused, naming what is applied where. Nothing is written
// until the new graph is known to be valid.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/runner.h"
#include "core/text.h"
#include "core/version_edits.h"
#include "drivers/registry.h"
#include "versions/revision_rewrite.h"
#include "versions/script_directory.h"

namespace strata::cli {

namespace {

struct RebaseOpts {
  std::string head, onto;
  std::vector<std::string> urls;
  bool dry_run = false;
};

std::set<std::string> with_ancestors(const core::RevisionGraph& g, const std::string& id) {
  std::set<std::string> out;
  std::vector<std::string> todo{id};
  while (!todo.empty()) {
    std::string x = todo.back();
    todo.pop_back();
    if (!out.insert(x).second) continue;
    for (const auto& p : g.get(x).down_revisions) todo.push_back(p);
  }
  return out;
}

std::string one_revision(const core::RevisionGraph& g, const std::string& target, const char* what) {
  auto ids = g.resolve(target, {}, true);
  if (ids.size() != 1)
    throw core::UsageError(std::string(what) + " " + target + " names " +
                           (ids.empty() ? std::string("no revision") : comma_join(ids)) + ", not one revision");
  return ids[0];
}

// Refuses when a database at URL has applied one of MOVED.
void check_database(const core::RevisionGraph& g, const core::DatabaseUrl& url, const core::VersionTable& vt,
                    const std::vector<std::string>& moved) {
  auto session = drivers::open_session(url);
  std::vector<std::string> known;
  for (const auto& r : core::read_heads(*session, vt))
    if (g.find(r)) known.push_back(r);
  core::HeadTracker tracker(g, known);
  std::vector<std::string> applied;
  for (const auto& id : moved)
    if (tracker.is_applied(id)) applied.push_back(id);
  if (!applied.empty())
    throw core::UsageError("refusing to rebase: " + url.redacted() + " has applied " + comma_join(applied) +
                           " (its version table: " + (known.empty() ? std::string("<base>") : comma_join(known)) +
                           "); a moved revision would run again, or be skipped, there. Rebase the other branch "
                           "instead, or join the heads with `strata merge heads`");
}

void rebase(Context& ctx, const RebaseOpts& o) {
  const auto& g = ctx.graph();
  const std::string head = one_revision(g, o.head, "HEAD");
  const std::string onto = one_revision(g, o.onto, "--onto");
  if (!g.children(head).empty())
    throw core::UsageError(head + " is not a head (" + comma_join(g.children(head)) + " build on it): give the head of "
                           "the branch to move");
  const auto below_head = with_ancestors(g, head);
  const auto below_onto = with_ancestors(g, onto);
  if (below_head.count(onto)) {
    std::cout << head << " already builds on " << onto << ": nothing to rebase\n";
    return;
  }
  if (below_onto.count(head))
    throw core::UsageError(head + " is below " + onto + ": rebase the other way (strata rebase " + onto + " --onto " +
                           head + ")");
  // The branch: HEAD and its ancestors that OTHER does not have, oldest first.
  std::vector<std::string> moved;
  for (const auto& id : g.newest_first())
    if (below_head.count(id) && !below_onto.count(id)) moved.push_back(id);
  std::reverse(moved.begin(), moved.end());

  const core::VersionTable vt = ctx.version_table();
  if (o.urls.empty()) {
    check_database(g, ctx.database_url(), vt, moved);
  } else {
    for (const auto& u : o.urls) check_database(g, core::parse_database_url(u, ctx.config().dir), vt, moved);
  }

  // New parents: those inside the branch stay; any outside it becomes OTHER.
  struct Rewrite {
    std::string id, path, text;
    std::vector<std::string> before, after;
  };
  std::vector<Rewrite> rewrites;
  std::vector<core::RevisionHeader> headers;
  for (const auto& id : g.newest_first()) headers.push_back(g.get(id));
  for (const auto& id : moved) {
    const auto& h = g.get(id);
    std::vector<std::string> parents;
    bool outside = false;
    for (const auto& p : h.down_revisions) {
      if (below_onto.count(p)) outside = true;
      else parents.push_back(p);
    }
    if (outside || h.down_revisions.empty()) parents.push_back(onto);
    if (parents == h.down_revisions) continue;
    Rewrite r{id, h.path, versions::with_down_revisions(versions::read_file(h.path), h.path, parents),
              h.down_revisions, parents};
    for (auto& hh : headers)
      if (hh.id == id) hh.down_revisions = parents;
    rewrites.push_back(std::move(r));
  }
  const core::RevisionGraph after(headers);  // throws (exit 2) on a graph that would be invalid

  auto parents_text = [](const std::vector<std::string>& p) { return p.empty() ? std::string("<base>") : comma_join(p); };
  for (const auto& r : rewrites) {
    if (!o.dry_run) {
      // Each file whole or not at all: written beside, then renamed over.
      const std::string tmp = r.path + ".strata-rebase";
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out || !(out << r.text) || !out.flush()) throw core::UsageError(r.path + ": cannot write " + tmp);
      out.close();
      std::error_code ec;
      std::filesystem::rename(tmp, r.path, ec);
      if (ec) throw core::UsageError(r.path + ": cannot replace it: " + ec.message());
    }
    std::cout << (o.dry_run ? "Would rewrite " : "Rewrote ") << shown_path(r.path) << ": down_revision "
              << parents_text(r.before) << " -> " << parents_text(r.after) << '\n';
  }
  std::cout << (o.dry_run ? "Heads after the rebase: " : "Heads now: ") << comma_join(after.heads()) << '\n';
}

}  // namespace

void setup_rebase(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RebaseOpts>();
  auto* cmd = app.add_subcommand("rebase", "Move a branch's unapplied revisions on top of another head (one head, no merge)");
  cmd->add_option("HEAD", o->head, "The head of the branch to move")->required();
  cmd->add_option("--onto", o->onto, "The revision to put it on (usually the other head)")->required();
  cmd->add_option("--url", o->urls, "A database that must not have applied what moves (repeatable; default: the config's)");
  cmd->add_flag("--dry-run", o->dry_run, "Print what would be rewritten, write nothing");
  cmd->callback([o, &ctx] { rebase(ctx, *o); });
}

}  // namespace strata::cli
