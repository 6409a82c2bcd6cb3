#include "cli/new_revision.h"

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "versions/project_templates.h"
#include "versions/revision_writer.h"

namespace strata::cli {

namespace fs = std::filesystem;

std::string write_revision(Context& ctx, NewRevision rev) {
  const auto& g = ctx.graph();
  auto& h = rev.header;
  if (h.id.empty()) {
    do h.id = versions::new_revision_id();
    while (g.find(h.id));
  } else if (!core::is_valid_revision_id(h.id)) {
    throw core::UsageError("--rev-id '" + h.id + "' is not a valid revision id (no '@', '-', '+', ':' or spaces)");
  } else if (g.find(h.id)) {
    throw core::RevisionError("revision " + h.id + " already exists (" + g.get(h.id).path + ")");
  }
  for (const auto& label : h.branch_labels) {
    if (!core::is_valid_revision_id(label)) throw core::UsageError("--branch-label '" + label + "' is not valid");
    for (const auto& r : g.revisions())
      for (const auto& l : r.branch_labels)
        if (l == label) throw core::RevisionError("branch label '" + label + "' is already used by revision " + r.id);
  }
  // Check the graph the new file would make (cycles, unknown parents) before writing.
  auto headers = g.revisions();
  headers.insert(headers.end(), g.squashes().begin(), g.squashes().end());
  headers.push_back(h);
  core::RevisionGraph{std::move(headers)};

  auto now = std::chrono::system_clock::now();
  h.create_date = versions::format_create_date(now);
  fs::path dir = rev.version_path.empty() ? ctx.scripts().dirs().front() : fs::path(rev.version_path);
  if (!rev.version_path.empty()) {
    bool known = false;
    for (const auto& d : ctx.scripts().dirs()) {
      std::error_code ec;
      known = known || fs::equivalent(d, dir, ec);
    }
    if (!known)
      throw core::UsageError("--version-path '" + rev.version_path +
                             "' is not one of the version locations of " + ctx.config().path);
  }
  std::string ext = rev.sql ? "sql" : "yaml";
  std::string tmpl = versions::revision_template(ctx.script_dir().string(), ext);
  std::string content = rev.sql ? versions::render_sql_revision(tmpl, h) : versions::render_yaml_revision(tmpl, h, rev.upgrades, rev.downgrades);
  std::string path = (dir / (versions::revision_file_stem(ctx.config(), h.id, h.message, now) + "." + ext)).string();
  versions::write_new_file(path, content);
  return path;
}

}  // namespace strata::cli
