// Shared by `revision` and `merge`: check the new header against the graph,
// name the file, render it from the project's template, and write it.
#pragma once

#include <string>

#include "cli/context.h"

namespace strata::cli {

struct NewRevision {
  core::RevisionHeader header;  ///< id may be empty: a random one is made
  bool sql = false;             ///< write a .sql file
  std::string version_path;     ///< empty: the first version location
  std::string upgrades;         ///< YAML block list of operations ("" for none)
  std::string downgrades;
};

/// Writes the file and returns its path. Throws RevisionError/UsageError (exit 2).
std::string write_revision(Context& ctx, NewRevision rev);

}  // namespace strata::cli
