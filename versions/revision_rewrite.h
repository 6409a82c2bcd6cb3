// Rewriting a revision file's parents in place, for `strata rebase`: only the
// down_revision entry changes, every other byte of the file stays (comments,
// order, line endings), so the diff a reviewer sees is that one line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::versions {

/// TEXT (the revision file at PATH, .yaml/.yml or .sql) with its
/// down_revision set to PARENTS (none: a base). Throws ScriptError naming the
/// file when the result does not read back with exactly those parents (a
/// down_revision written in a form this does not edit).
std::string with_down_revisions(std::string_view text, const std::string& path, const std::vector<std::string>& parents);

}  // namespace strata::versions
