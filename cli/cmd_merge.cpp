// `strata merge REV... -m MSG [--branch-label L] [--rev-id ID]`: a revision
// whose down_revision is every given head (`heads` joins them all).
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "cli/new_revision.h"
#include "core/error.h"

namespace strata::cli {

void setup_merge(CLI::App& app, Context& ctx) {
  struct MergeOpts {
    std::vector<std::string> revisions;
    std::string message;
    std::vector<std::string> branch_labels;
    std::string rev_id;
  };
  auto o = std::make_shared<MergeOpts>();
  auto* cmd = app.add_subcommand("merge", "Merge two or more heads into one revision");
  cmd->add_option("REVISIONS", o->revisions, "Heads to merge; 'heads' merges them all")->required();
  cmd->add_option("-m,--message", o->message, "Message of the merge revision");
  cmd->add_option("--branch-label", o->branch_labels, "Branch label to put on the merge revision");
  cmd->add_option("--rev-id", o->rev_id, "Revision id to use instead of a random one");
  cmd->callback([o, &ctx] {
    const auto& g = ctx.graph();
    std::vector<std::string> parents;
    for (const auto& target : o->revisions)
      for (const auto& id : g.resolve(target, {}, true)) {
        if (std::find(parents.begin(), parents.end(), id) != parents.end())
          throw core::RevisionError("revision " + id + " is given more than once");
        if (!g.is_head(id)) throw core::RevisionError("revision " + id + " is not a head revision; only heads can be merged");
        parents.push_back(id);
      }
    if (parents.size() < 2)
      throw core::RevisionError("merge needs at least two heads; " +
                                (parents.empty() ? std::string("none were given") : "only " + parents[0] + " was given"));
    NewRevision rev;
    rev.header.id = o->rev_id;
    rev.header.message = o->message;
    rev.header.down_revisions = parents;
    rev.header.branch_labels = o->branch_labels;
    std::cout << write_revision(ctx, std::move(rev)) << '\n';
  });
}

}  // namespace strata::cli
