// Parsing of revision targets as Alembic spells them, without the graph:
// `head`, `heads`, `base`, a full or partial id, a branch label, `+N`/`-N`
// (relative to the current revision), `REV+N`/`REV-N`, `LABEL@head`,
// `LABEL@+N`, `LABEL@REV`. Resolution against a graph is RevisionGraph's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata::core {

struct Target {
  std::string branch;  ///< the part before '@'; empty if none
  std::string symbol;  ///< head, heads, base, an id, a partial id or a label; empty: "current"
  std::optional<int> relative;  ///< the +N / -N part, when present
};

/// Parses TEXT; throws RevisionError for an empty or malformed target.
Target parse_target(std::string_view text);

/// True if ID can be a revision id: not empty, no '@', '-', '+', ':' or space
/// (those characters carry meaning in targets, as in Alembic).
bool is_valid_revision_id(std::string_view id);

}  // namespace strata::core
