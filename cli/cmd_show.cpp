// `strata show REV` and `strata edit REV`.
#include <sys/wait.h>

#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"

namespace strata::cli {

void setup_show(CLI::App& app, Context& ctx) {
  auto rev = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("show", "Show the revision(s) denoted by the given symbol");
  cmd->add_option("REV", *rev, "A revision id, partial id, label, head, heads, ...")->required();
  cmd->callback([rev, &ctx] {
    const auto& g = ctx.graph();
    auto ids = g.resolve(*rev, {}, true);
    if (ids.empty()) throw core::RevisionError("'" + *rev + "' names no revision");
    // Parse each body too: `show` is how a user checks a file is valid.
    std::vector<core::RevisionBody> bodies;
    for (const auto& id : ids) bodies.push_back(versions::ScriptDirectory::load_revision(g.get(id).path).body);
    if (ctx.options.json) {
      std::cout << revisions_json(g, ids, &bodies) << '\n';
      return;
    }
    for (size_t i = 0; i < ids.size(); ++i) std::cout << revision_entry(g, g.get(ids[i]), false, &bodies[i]) << '\n';
  });
}

void setup_edit(CLI::App& app, Context& ctx) {
  auto rev = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("edit", "Open a revision file in $EDITOR");
  cmd->add_option("REV", *rev, "A revision id, partial id, label or head")->required();
  cmd->callback([rev, &ctx] {
    std::string path = ctx.graph().get(ctx.graph().resolve_one(*rev)).path;
    const char* editor = std::getenv("EDITOR");
    if (!editor || !*editor) editor = std::getenv("VISUAL");
    if (!editor || !*editor) throw core::UsageError("set $EDITOR to the editor to open " + path + " with");
    // Through the shell, so EDITOR may carry arguments ("code -w"); the path
    // is passed as $1, never spliced into the command text.
    std::string command = std::string(editor) + " \"$1\"";
    pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", command.c_str(), "sh", path.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      throw core::Error(core::ExitCode::kFailure, "the editor '" + std::string(editor) + "' failed on " + path);
  });
}

}  // namespace strata::cli
