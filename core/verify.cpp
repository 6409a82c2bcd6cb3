#include "core/verify.h"

#include <algorithm>
#include <map>

#include "core/text.h"
#include "core/version_edits.h"

namespace strata::core {

namespace {

std::string short_sha(const std::string& s) { return s.size() > 12 ? s.substr(0, 12) : s; }

std::string when(const std::string& applied_at) {
  // "2026-12-03 10:54:39.487" (or with a T, or more digits): to the second.
  std::string t = applied_at.substr(0, 19);
  if (t.size() > 10 && t[10] == 'T') t[10] = ' ';
  return t.empty() ? t : t + " UTC";
}

// The stamp command that takes the version table to ROWS.
std::string stamp_command(const std::vector<std::string>& rows) {
  return "strata stamp --purge " + (rows.empty() ? std::string("base") : join(rows, " "));
}

VerifyProblem unknown_row(const RevisionGraph& graph, const std::string& row, const std::vector<std::string>& rows,
                          const RevisionLogEntry* logged) {
  VerifyProblem p;
  p.kind = "unknown_revision";
  p.revision = row;
  p.summary = "the version table names " + row + ", and no revision file has it (Alembic: \"Can't locate revision\")";
  std::vector<std::string> others;
  for (const auto& r : rows)
    if (r != row && graph.find(r)) others.push_back(r);
  std::vector<std::string> parents_here;
  if (logged) {
    p.applied_at = logged->applied_at;
    p.advice.push_back("the revision log has it: applied on " + when(logged->applied_at) + " by strata " +
                       logged->strata_version + ", on top of " +
                       (logged->down_revisions.empty() ? std::string("<base>") : join(logged->down_revisions)));
    for (const auto& parent : logged->down_revisions)
      if (const auto* h = graph.find(parent)) {
        parents_here.push_back(parent);
        auto children = graph.children(parent);
        p.advice.push_back("its parent " + parent + " is here (" + h->path + ")" +
                           (children.empty() ? ", with no child: the file of " + row + " was deleted, renamed away, "
                                                   "or is on a branch not checked out here"
                                             : ", with other children (" + join(children) + "): " + row +
                                                   " was on a branch that is not here (deleted, or not merged yet)"));
      }
    if (logged->down_revisions.empty())
      p.advice.push_back("it was a base revision: its file was deleted or is on a branch not checked out here");
  } else {
    p.advice.push_back("the revision log has no row for it: it was applied by Alembic, or by strata before it "
                       "kept a log, from files that are not here");
    auto heads = graph.heads();
    p.advice.push_back("the heads of the files here: " + (heads.empty() ? std::string("none") : join(heads)));
  }
  p.advice.push_back("to fix: check out the branch that has " + row + "'s file; or, if " + row +
                     " is gone for good, undo what it did to the schema and run:");
  std::vector<std::string> target = others;
  for (const auto& parent : parents_here)
    if (std::find(target.begin(), target.end(), parent) == target.end()) target.push_back(parent);
  if (parents_here.empty() && !logged) {
    p.advice.push_back("  " + stamp_command(others.empty() ? graph.heads() : others) +
                       "   (only once `strata check` finds the schema is that revision's)");
  } else {
    p.advice.push_back("  " + stamp_command(target));
  }
  return p;
}

}  // namespace

VerifyReport verify_revisions(const RevisionGraph& graph, const std::vector<std::string>& rows,
                              const std::vector<RevisionLogEntry>& log,
                              const std::function<std::string(const std::string&)>& file_sha256) {
  VerifyReport report;
  std::map<std::string, const RevisionLogEntry*> latest;  // by revision: its newest row
  for (const auto& e : log) latest[e.revision] = &e;

  std::vector<std::string> known;
  for (const auto& r : rows) {
    if (graph.find(r)) {
      known.push_back(r);
      continue;
    }
    auto it = latest.find(r);
    report.problems.push_back(unknown_row(graph, r, rows, it == latest.end() ? nullptr : it->second));
  }

  HeadTracker tracker(graph, known);
  auto order = graph.newest_first();
  std::reverse(order.begin(), order.end());  // oldest first, as they were applied
  for (const auto& id : order) {
    if (!tracker.is_applied(id)) continue;
    auto it = latest.find(id);
    // No row, or a newest row that reverted it: applied since by another tool.
    if (it == latest.end() || it->second->direction == "downgrade") {
      report.not_recorded.push_back(id);
      continue;
    }
    const RevisionLogEntry& e = *it->second;
    if (e.sha256.empty()) {
      report.not_recorded.push_back(id);  // applied from a store with no files
      continue;
    }
    ++report.checked;
    const std::string now = file_sha256(id);
    if (now == e.sha256) continue;
    VerifyProblem p;
    p.kind = "edited";
    p.revision = id;
    p.path = graph.get(id).path;
    p.recorded_sha256 = e.sha256;
    p.file_sha256 = now;
    p.applied_at = e.applied_at;
    p.summary = id + " (" + p.path + ") changed since it was " +
                (e.direction == "accept" ? "accepted" : "applied") + " on " + when(e.applied_at);
    p.advice.push_back("sha256 then " + short_sha(e.sha256) + "..., now " + short_sha(now) +
                       "...: the database ran the revision as it was, not as it is");
    p.advice.push_back("if the change needs nothing from this database (a comment, a fix for fresh databases "
                       "that this one already has), after review: strata verify --accept " + id);
    p.advice.push_back("otherwise put the file back as it was applied and write a new revision for the change");
    report.problems.push_back(std::move(p));
  }
  return report;
}

}  // namespace strata::core
