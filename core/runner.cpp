#include "core/runner.h"

#include <map>

#include "core/error.h"
#include "core/version_edits.h"

namespace strata::core {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void write_edits(Session& session, const VersionTable& vt, const std::vector<VersionEdit>& edits) {
  const Dialect& d = session.dialect();
  for (const auto& e : edits) {
    switch (e.kind) {
      case VersionEdit::Kind::kInsert: session.execute(d.insert_version(vt, e.to)); break;
      case VersionEdit::Kind::kDelete: session.execute(d.delete_version(vt, e.from)); break;
      case VersionEdit::Kind::kUpdate: session.execute(d.update_version(vt, e.from, e.to)); break;
    }
  }
}

void ensure_version_table(Session& session, const VersionTable& vt) {
  if (!session.has_table(vt.schema, vt.name)) session.execute(session.dialect().create_version_table(vt));
}

}  // namespace

std::string describe_step(const RevisionGraph& graph, const Step& step) {
  const auto& r = graph.get(step.revision);
  std::string parents = join(r.down_revisions);
  auto para = r.message.find("\n\n");
  std::string doc = para == std::string::npos ? r.message : r.message.substr(0, para);
  // Alembic prints an empty "from" for a base: "Running upgrade  -> 1975ea83b712".
  return step.upgrade ? "Running upgrade " + parents + " -> " + r.id + ", " + doc
                      : "Running downgrade " + r.id + " -> " + parents + ", " + doc;
}

std::vector<std::string> read_heads(Session& session, const VersionTable& vt) {
  if (!session.has_table(vt.schema, vt.name)) return {};
  return session.query_column(session.dialect().select_versions(vt));
}

void run_steps(Session& session, const RevisionGraph& graph, const ScriptStore& store, const std::vector<Step>& steps,
               const std::vector<std::string>& heads, const RunOptions& options, Reporter& reporter) {
  if (steps.empty()) return;
  std::map<std::string, RevisionBody> bodies;
  for (const auto& s : steps)
    if (!bodies.count(s.revision)) bodies.emplace(s.revision, store.load_body(graph.get(s.revision)));
  HeadTracker tracker(graph, heads);
  const Dialect& dialect = session.dialect();
  const bool per_migration = options.transaction_per_migration;

  if (!per_migration) session.begin();
  bool table_checked = false;
  for (const auto& step : steps) {
    const auto& header = graph.get(step.revision);
    const auto& ops = step.upgrade ? bodies[step.revision].upgrade : bodies[step.revision].downgrade;
    auto started = std::chrono::steady_clock::now();
    if (per_migration) session.begin();
    std::string statement;
    try {
      if (!table_checked) {
        statement = dialect.create_version_table(options.version_table);
        ensure_version_table(session, options.version_table);
        table_checked = true;
      }
      reporter.running(step, header);
      session.comment(describe_step(graph, step));
      for (const auto& op : ops) {
        statement.clear();  // a render error names no statement, not the previous one
        for (const auto& sql : dialect.render(op, session.tables())) {
          statement = sql;
          session.execute(sql);
        }
        session.applied(op);
      }
      statement.clear();
      write_edits(session, options.version_table, tracker.apply(step));
      if (per_migration) session.commit();
    } catch (const RevisionError&) {
      session.rollback();
      throw;
    } catch (const Error& e) {
      session.rollback();
      std::string what = "revision " + header.id + " (" + header.path + ") " +
                         (session.offline() ? "cannot be rendered" : "failed and was rolled back");
      if (!statement.empty()) what += "\n  statement: " + statement;
      throw DatabaseError(what + "\n  error: " + e.what());
    }
    reporter.finished(step, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                   started));
  }
  if (!per_migration) session.commit();
}

void stamp(Session& session, const RevisionGraph& graph, const std::vector<std::string>& targets, bool purge,
           const RunOptions& options) {
  std::vector<std::string> resolved;
  for (const auto& t : targets)
    for (auto& id : graph.resolve(t, {}, true)) resolved.push_back(id);
  session.begin();
  try {
    ensure_version_table(session, options.version_table);
    auto rows = read_heads(session, options.version_table);
    if (purge) {
      for (const auto& r : rows) session.execute(session.dialect().delete_version(options.version_table, r));
      rows.clear();
    }
    // As Alembic: rows on other branches than the targets stay; "base" clears all.
    std::vector<std::string> wanted = resolved;
    if (!resolved.empty())
      for (const auto& r : rows) {
        bool related = false;
        for (const auto& t : resolved) related = related || (graph.find(r) && graph.shares_lineage(r, t));
        if (!related) wanted.push_back(r);
      }
    HeadTracker tracker(graph, rows);
    write_edits(session, options.version_table, tracker.reset(wanted));
    session.commit();
  } catch (...) {
    session.rollback();
    throw;
  }
}

}  // namespace strata::core
