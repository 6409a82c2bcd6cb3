// The interface to wherever revisions are stored. The graph and the listing
// commands need only headers (cheap); running or showing a revision loads its
// body. versions::ScriptDirectory is the on-disk implementation; tests use an
// in-memory one.
#pragma once

#include <vector>

#include "core/revision.h"

namespace strata::core {

class ScriptStore {
 public:
  virtual ~ScriptStore() = default;
  /// Every revision's header; throws ScriptError naming the file at fault.
  virtual std::vector<RevisionHeader> list_headers() const = 0;
  /// The operations of one revision; throws ScriptError naming file and line.
  virtual RevisionBody load_body(const RevisionHeader& header) const = 0;
};

}  // namespace strata::core
