// Revision-graph literals for tests: headers built in memory, no files.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/revision_graph.h"

namespace strata::testing {

/// A header: id, down revisions, then optional depends_on and labels.
inline core::RevisionHeader rev(std::string id, std::vector<std::string> down = {},
                                std::vector<std::string> depends = {}, std::vector<std::string> labels = {}) {
  core::RevisionHeader h;
  h.id = id;
  h.down_revisions = std::move(down);
  h.depends_on = std::move(depends);
  h.branch_labels = std::move(labels);
  h.message = "message of " + id;
  h.path = "versions/" + id + ".yaml";
  return h;
}

/// The ids of STEPS, in order.
inline std::vector<std::string> ids(const std::vector<core::Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.revision);
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace strata::testing
