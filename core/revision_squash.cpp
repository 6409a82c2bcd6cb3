// Squashes in the revision graph (SPEC §10.2). A squash file stands for a
// range of revisions (`replaces`, parents first) and builds in one step the
// schema they build. While the originals exist, the squash is not a node:
// an upgrade that would apply the whole range to a database holding none of
// it runs the squash instead (and writes the version rows the range would
// write), and a database inside the range goes on through the originals.
// Once the originals are deleted, the squash becomes the node of the last
// revision it replaces, so databases at that revision or above continue and
// a database inside the deleted range gets an error naming the range.
#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/revision_graph.h"
#include "core/text.h"

namespace strata::core {

namespace {

std::string range_text(const RevisionHeader& squash) {
  return squash.replaces.front() + ".." + squash.replaces.back();
}

}  // namespace

void RevisionGraph::split_squashes() {
  std::vector<RevisionHeader> nodes, squashes;
  for (auto& h : revs_) (h.replaces.empty() ? nodes : squashes).push_back(std::move(h));
  if (squashes.empty()) {
    revs_ = std::move(nodes);
    return;
  }
  std::set<std::string> ids;
  for (const auto& h : nodes) ids.insert(h.id);
  // A squash whose originals are all gone is the node of its last revision,
  // which a later squash may replace in turn: those are settled first.
  auto originals_gone = [&](const RevisionHeader& sq) {
    return std::none_of(sq.replaces.begin(), sq.replaces.end(), [&](const std::string& r) { return ids.count(r) > 0; });
  };
  std::vector<bool> gone;
  for (const auto& sq : squashes) gone.push_back(originals_gone(sq));
  for (size_t k = 0; k < squashes.size(); ++k)
    if (gone[k]) ids.insert(squashes[k].replaces.back());
  std::set<std::string> replaced;
  for (size_t k = 0; k < squashes.size(); ++k) {
    auto& sq = squashes[k];
    if (ids.count(sq.id) && !(gone[k] && sq.id == sq.replaces.back()))
      throw RevisionError(sq.path + ": squash " + sq.id + " has the id of a revision file");
    // A node squash stands for its last revision: only the others are gone.
    const size_t counted = gone[k] ? sq.replaces.size() - 1 : sq.replaces.size();
    std::vector<std::string> missing;
    for (size_t i = 0; i < sq.replaces.size(); ++i) {
      const auto& r = sq.replaces[i];
      if (i < counted && !replaced.insert(r).second)
        throw RevisionError(sq.path + ": revision " + r + " is replaced by two squashes; keep one of them");
      if (!gone[k] && !ids.count(r)) missing.push_back(r);
    }
    if (gone[k]) {
      for (size_t i = 0; i + 1 < sq.replaces.size(); ++i)
        deleted_by_squash_[sq.replaces[i]] = "the squash " + sq.id + " (" + sq.path + ") of " + range_text(sq);
      sq.id = sq.replaces.back();
      nodes.push_back(std::move(sq));
    } else if (missing.empty()) {
      squashes_.push_back(std::move(sq));
    } else {
      throw RevisionError(sq.path + ": squash " + sq.id + " replaces " + range_text(sq) +
                          ", but only some of those files exist (missing: " + join(missing) +
                          "); restore them, or delete all of them");
    }
  }
  revs_ = std::move(nodes);
}

void RevisionGraph::substitute_squashes(std::vector<Step>& steps) const {
  for (const auto& squash : squashes_) {
    std::set<std::string> range(squash.replaces.begin(), squash.replaces.end());
    size_t found = 0;
    for (const auto& s : steps) found += s.upgrade && range.count(s.revision);
    if (found != range.size()) continue;  // the database holds part of the range, or the run stops inside it
    // The steps that build on the range go after the squash; the others
    // (which the range may need) before it, each group in its own order.
    auto above = descendants(to_indexes(squash.replaces));
    std::vector<Step> before, after;
    for (auto& s : steps) {
      if (range.count(s.revision)) continue;
      // An earlier squash's step stands for its last revision (its id is no node).
      const std::string& node = s.replaces.empty() ? s.revision : s.replaces.back();
      (above[index_of(node)] ? after : before).push_back(std::move(s));
    }
    before.push_back({squash.id, true, squash.replaces});
    before.insert(before.end(), std::make_move_iterator(after.begin()), std::make_move_iterator(after.end()));
    steps = std::move(before);
  }
}

RevisionError RevisionGraph::unknown_row(const std::string& id) const {
  if (auto it = deleted_by_squash_.find(id); it != deleted_by_squash_.end()) {
    return RevisionError("the version table names revision '" + id + "', which " + it->second +
                         " replaced and whose file was deleted: this database is inside the squashed range; "
                         "restore the original revision files (from version control) to continue from it, or, if its "
                         "schema is really at another revision, 'strata stamp --purge REV'");
  }
  return RevisionError("the version table names revision '" + id +
                       "', which no revision file defines (use 'strata stamp --purge REV' to reset it)");
}

}  // namespace strata::core
