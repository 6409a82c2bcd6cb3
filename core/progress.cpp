#include "core/progress.h"

#include <algorithm>
#include <cstdlib>

#include "core/text.h"

namespace strata::core {

namespace {

Column column(std::string name, std::string type, bool primary_key = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = false;
  c.primary_key = primary_key;
  return c;
}

const char* kUndoFailed = "undo failed";

}  // namespace

VersionTable progress_table(const VersionTable& vt) {
  std::string name = "strata_progress_" + vt.name;
  if (name.size() > 64) name.resize(64);  // MySQL's longest identifier
  return {name, vt.schema};
}

bool is_progress_table(const std::string& schema, const std::string& name, const VersionTable& vt) {
  const auto p = progress_table(vt);
  return name == p.name && schema == p.schema;
}

ProgressSql::ProgressSql(const Dialect& d, const VersionTable& vt) : dialect_(d) {
  const auto p = progress_table(vt);
  table_ = d.qualify(p.schema, p.name);
  Table t;
  t.name = p.name;
  t.schema = p.schema;
  t.columns = {column("revision", "string(255)", true), column("direction", "string(16)"),
               column("operation", "integer"), column("state", "string(32)")};
  create = join(d.render(CreateTable{t}, NoTables{}), ";\n");
  drop = "DROP TABLE " + table_;
  remove = "DELETE FROM " + table_;
}

std::string ProgressSql::insert(const std::string& revision, bool upgrade) const {
  return "INSERT INTO " + table_ + " (" + dialect_.quote("revision") + ", " + dialect_.quote("direction") + ", " +
         dialect_.quote("operation") + ", " + dialect_.quote("state") + ") VALUES (" +
         Dialect::quote_string(revision) + ", " + Dialect::quote_string(upgrade ? "upgrade" : "downgrade") +
         ", 1, 'running')";
}

std::string ProgressSql::started(size_t operation) const {
  return "UPDATE " + table_ + " SET " + dialect_.quote("operation") + " = " + std::to_string(operation);
}

std::string ProgressSql::undo_failed() const {
  return "UPDATE " + table_ + " SET " + dialect_.quote("state") + " = " + Dialect::quote_string(kUndoFailed);
}

std::optional<Progress> read_progress(Session& session, const VersionTable& vt) {
  const Dialect& d = session.dialect();
  if (d.transactional_ddl() || session.offline()) return std::nullopt;
  const auto p = progress_table(vt);
  if (!session.has_table(p.schema, p.name)) return std::nullopt;
  const std::string from = " FROM " + d.qualify(p.schema, p.name);
  auto revisions = session.query_column("SELECT " + d.quote("revision") + from);
  if (revisions.empty()) return std::nullopt;  // stopped before its first operation
  Progress out;
  out.revision = revisions[0];
  auto direction = session.query_column("SELECT " + d.quote("direction") + from);
  out.upgrade = direction.empty() || direction[0] != "downgrade";
  auto operation = session.query_column("SELECT " + d.quote("operation") + from);
  if (!operation.empty()) out.operation = std::max(1L, std::strtol(operation[0].c_str(), nullptr, 10));
  auto state = session.query_column("SELECT " + d.quote("state") + from);
  out.undo_failed = !state.empty() && state[0] == kUndoFailed;
  return out;
}

std::string describe_progress(const Progress& p, const RevisionGraph& graph, const ScriptStore& store) {
  const char* direction = p.upgrade ? "upgrade" : "downgrade";
  std::string out = std::string("interrupted: the ") + direction + " of revision " + p.revision;
  std::vector<Op> ops;
  std::string file_note;
  if (const auto* header = graph.find(p.revision)) {
    out += " (" + header->path + ")";
    try {
      auto body = store.load_body(*header);
      ops = p.upgrade ? body.upgrade : body.downgrade;
    } catch (const std::exception& e) {
      file_note = " (its file cannot be read now: " + std::string(e.what()) + ")";
    }
  } else {
    file_note = " (no revision file has this id now)";
  }
  auto name = [&](size_t k) {
    return k >= 1 && k <= ops.size() ? std::string(" (") + op_name(ops[k - 1]) + ")" : std::string();
  };
  out += p.undo_failed ? " failed and its undo did not finish" : " stopped before it finished";
  out += file_note + "\n  operation " + std::to_string(p.operation) +
         (ops.empty() ? "" : " of " + std::to_string(ops.size())) + name(p.operation) + " may have partly run";
  if (p.operation == 2) out += "; operation 1 finished";
  if (p.operation > 2) out += "; operations 1-" + std::to_string(p.operation - 1) + " finished";
  out += p.undo_failed ? "; the undo of what finished stopped part-way (its error named what is left)"
                       : "; nothing after it was committed";
  std::string parents = "base";
  if (const auto* header = graph.find(p.revision); header && !header->down_revisions.empty())
    parents = join(header->down_revisions, " ");
  out += std::string("\n  the version table still names ") +
         (p.upgrade ? "the revisions before " + p.revision : p.revision) +
         ", which the schema may not match; upgrade and downgrade refuse to run until it is checked:"
         "\n  make the schema what it is at " + p.revision + " (then 'strata stamp " + p.revision +
         "') or before it (then 'strata stamp " + parents + "'); stamp clears this mark";
  return out;
}

void clear_progress(Session& session, const VersionTable& vt) {
  if (session.dialect().transactional_ddl() || session.offline()) return;
  const auto p = progress_table(vt);
  if (session.has_table(p.schema, p.name)) session.execute(ProgressSql(session.dialect(), vt).drop);
}

}  // namespace strata::core
