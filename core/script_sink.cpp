#include "core/script_sink.h"

#include "core/error.h"
#include "core/naming.h"
#include "core/table_edit.h"
#include "core/version_edits.h"

namespace strata::core {

void ScriptSink::execute(const std::string& sql) {
  preamble();
  *out_ << sql << ";\n\n";
}

void ScriptSink::replay(const RevisionGraph& graph, const ScriptStore& store, const std::vector<std::string>& upto,
                        const std::map<std::string, std::string>& naming_convention, bool strict) {
  HeadTracker tracker(graph, {});
  for (const auto& target : upto) {
    for (const auto& step : graph.upgrade_path(tracker.heads(), target)) {
      const auto& header = graph.get(step.revision);
      auto body = store.load_body(header);
      if (strict && body.untranslated_upgrade)
        throw ScriptError(header.path + ": revision " + header.id + ": the upgrade is untranslated (" +
                          *body.untranslated_upgrade + ")");
      for (const auto& op : body.upgrade) applied(with_naming_convention(op, naming_convention));
      tracker.apply(step);
    }
  }
}

Schema ScriptSink::schema() const {
  Schema out;
  for (const auto& [key, table] : tables_) out.tables.push_back(table);
  out.enums = enums_.all();
  return out;
}

Inspector& ScriptSink::inspector() {
  throw UsageError("offline (--sql) mode has no database to read the schema from");
}

bool ScriptSink::has_table(const std::string& schema, const std::string& name) {
  // Asked for strata's own tables (the version table, the revision log), once
  // per run of the runner: each is created unless the script starts from a
  // revision (the database has them then) or this sink printed its CREATE.
  if (version_table_exists_) return true;
  return !bookkeeping_created_.insert({schema, name}).second;
}

std::optional<Table> ScriptSink::table(const std::string& schema, const std::string& name) const {
  auto it = tables_.find({schema, name});
  if (it == tables_.end()) return std::nullopt;
  return it->second;
}

void ScriptSink::applied(const Op& op) {
  if (std::holds_alternative<CreateEnum>(op) || std::holds_alternative<DropEnum>(op) ||
      std::holds_alternative<AlterEnum>(op)) {
    enums_.apply(op);
  } else if (auto* c = std::get_if<CreateTable>(&op)) {
    tables_[{c->table.schema, c->table.name}] = materialize_shortcuts(c->table);
  } else if (auto* d = std::get_if<DropTable>(&op)) {
    tables_.erase({d->schema, d->name});
  } else if (auto* r = std::get_if<RenameTable>(&op)) {
    auto it = tables_.find({r->schema, r->name});
    if (it == tables_.end()) return;
    Table t = apply_to_table(it->second, op);
    tables_.erase(it);
    tables_[{t.schema, t.name}] = t;
  } else if (!std::holds_alternative<Execute>(op) && !std::holds_alternative<BulkInsert>(op)) {
    // An edit of one table: follow it when the table is known. Tables made
    // before the script's FROM revision are unknown offline.
    std::string schema, name;
    std::visit([&](const auto& o) {
      if constexpr (requires { o.table; }) {
        if constexpr (std::is_convertible_v<decltype(o.table), std::string>) name = o.table;
      }
      if constexpr (requires { o.schema; }) schema = o.schema;
    }, op);
    auto it = tables_.find({schema, name});
    if (it != tables_.end()) it->second = materialize_shortcuts(apply_to_table(it->second, op));
  }
}

}  // namespace strata::core
