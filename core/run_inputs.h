// The inputs of a run, worked out before its first statement: every body
// parsed (in parallel), untranslated directions refused, and the lookup the
// dialect renders with. Internal to the runner (core/runner.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enums.h"
#include "core/revision_graph.h"
#include "core/script_store.h"
#include "core/session.h"

namespace strata::core {

/// Every body of STEPS, parsed before the first statement; the first error
/// in step order is thrown, then an untranslated direction (ScriptError).
std::map<std::string, RevisionBody> load_bodies(const RevisionGraph& graph, const ScriptStore& store,
                                                const std::vector<Step>& steps);

// What the dialect consults while the run renders: the session's tables, and
// the enums known so far. A database without native enums (SQLite) keeps
// none, so they come from the revisions applied before the run (read only
// when a column names a type the session does not know) and from the
// operations of the run itself.
class RunLookup : public TableLookup {
 public:
  RunLookup(Session& session, const RevisionGraph& graph, const ScriptStore& store, std::vector<std::string> heads)
      : session_(session), graph_(graph), store_(store), heads_(std::move(heads)) {}
  std::optional<Table> table(const std::string& schema, const std::string& name) const override {
    return session_.tables().table(schema, name);
  }
  std::optional<EnumType> enum_type(const std::string& schema, const std::string& name) const override {
    if (auto e = session_.tables().enum_type(schema, name)) return e;
    if (!history_) {
      history_.emplace(enums_at(graph_, store_, heads_));
      for (const auto& op : run_ops_) history_->apply(op);
    }
    return history_->find(schema, name);
  }
  void applied(const Op& op) {
    if (!std::holds_alternative<CreateEnum>(op) && !std::holds_alternative<DropEnum>(op) &&
        !std::holds_alternative<AlterEnum>(op))
      return;
    if (history_) history_->apply(op);
    else run_ops_.push_back(op);
  }

 private:
  Session& session_;
  const RevisionGraph& graph_;
  const ScriptStore& store_;
  std::vector<std::string> heads_;
  std::vector<Op> run_ops_;
  mutable std::optional<EnumRegistry> history_;
};

}  // namespace strata::core
