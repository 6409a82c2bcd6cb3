// What `revision --autogenerate` and `check` share: connect, make sure the
// database is at head, load the models (naming conventions applied), reflect
// the live schema, and diff the two.
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"
#include "core/differ.h"

namespace strata::cli {

struct ModelComparison {
  std::vector<std::string> database_heads;  ///< the version table's rows
  std::vector<std::string> script_heads;    ///< the graph's heads
  bool at_head = false;                     ///< the two are the same set
  core::Diff diff;                          ///< empty unless at_head
  /// The two schemas diffed (empty unless at_head), and the dialect's name.
  core::Schema declared, live;
  std::string dialect;
};

/// The server a scratch database is made on: strata.yaml's dev_url, else
/// in-memory SQLite for a SQLite project; a project on a server without a
/// dev_url gets a UsageError saying that WHY needs one.
core::DatabaseUrl scratch_url(Context& ctx, const std::string& why);

/// Loads the model files and applies the naming convention; throws ScriptError.
core::Schema load_declared_models(Context& ctx);

/// Compares the models with the database. The diff is computed only when the
/// database is at head (a diff against an older schema would be wrong).
/// DEV_URL set (`--dev-url`): instead of the configured database, a scratch
/// database on that server (drivers/scratch.h) is built by upgrading it to
/// the heads, and the models are compared with what the migrations built.
ModelComparison compare_models(Context& ctx, const std::string& dev_url = "");

}  // namespace strata::cli
