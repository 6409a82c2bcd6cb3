#include "core/run_inputs.h"

#include <algorithm>
#include <exception>
#include <set>

#include "core/error.h"
#include "core/parallel.h"

namespace strata::core {

namespace {

// A direction imported from Alembic and never translated has no known
// operations: running it as empty would record a migration that did not
// happen, so the run stops here, before any statement (exit 2).
void refuse_untranslated(const RevisionHeader& header, const RevisionBody& body, bool upgrade) {
  const auto& reason = upgrade ? body.untranslated_upgrade : body.untranslated_downgrade;
  if (!reason) return;
  const char* direction = upgrade ? "upgrade" : "downgrade";
  throw ScriptError(header.path + ": revision " + header.id + " cannot be run: its " + direction +
                    " was not translated from Alembic: " + *reason + "; write its operations in place of '" +
                    "untranslated:', or 'strata stamp' past it when the database already has its changes");
}

}  // namespace

// Every body of the run, parsed before the first statement. Parsing YAML is
// most of strata's own time on a large upgrade, so it is spread over the
// cores; the files are independent and ScriptStore::load_body is read-only.
// The first error in step order is the one reported, as a sequential load
// would.
std::map<std::string, RevisionBody> load_bodies(const RevisionGraph& graph, const ScriptStore& store,
                                                const std::vector<Step>& steps) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& s : steps)
    if (seen.insert(s.revision).second) ids.push_back(s.revision);
  std::vector<RevisionBody> parsed(ids.size());
  std::vector<std::exception_ptr> errors(ids.size());
  parallel_for(ids.size(), 16, [&](size_t i) {
    try {
      parsed[i] = store.load_body(graph.get(ids[i]));
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  std::map<std::string, RevisionBody> bodies;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    bodies.emplace(ids[i], std::move(parsed[i]));
  }
  for (const auto& s : steps) refuse_untranslated(graph.get(s.revision), bodies[s.revision], s.upgrade);
  return bodies;
}

}  // namespace strata::core
