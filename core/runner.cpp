#include "core/runner.h"
#include "core/text.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <set>
#include <system_error>
#include <thread>

#include "core/compensation.h"
#include "core/revision_log.h"
#include "core/enums.h"
#include "core/error.h"
#include "core/naming.h"
#include "core/outside_transaction.h"
#include "core/progress.h"
#include "core/run_inputs.h"
#include "core/version_edits.h"

namespace strata::core {

namespace {

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

// One finished operation of the revision running, with what undoes it.
struct Undo {
  std::string name;  ///< op_name(), for the report
  Inverse inverse;
  std::string table, schema;  ///< the operation's table, for Inverse::drop_foreign_keys_of
};

std::pair<std::string, std::string> table_of(const Op& op) {
  if (const auto* a = std::get_if<AddColumn>(&op)) return {a->table, a->schema};
  return {};
}

// Applies the inverses of UNDO newest first (the database committed each
// statement as it ran) and says plainly what happened: what was undone, what
// could not be brought back, and what is left if an inverse failed.
std::string compensate(Session& session, std::vector<Undo>& undo, bool& complete) {
  std::vector<std::string> losses, failures;
  size_t undone = 0;
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    if (!it->inverse.loss.empty()) losses.push_back(it->inverse.loss);
    // No inverse: what it did stays (raw SQL, inserted rows), so the database
    // is not where the revision found it, and the mark stays.
    if (it->inverse.ops.empty()) {
      complete = false;
      continue;
    }
    try {
      for (const auto& op : inverse_ops(it->inverse, it->table, it->schema, session.tables()))
        for (const auto& sql : session.dialect().render(op, session.tables())) session.execute(sql);
      ++undone;
    } catch (const Error& e) {
      failures.push_back(it->name + ": " + e.what());
    }
  }
  std::string out = "\n  this database commits each DDL statement at once: " + std::to_string(undone) + " of " +
                    std::to_string(undo.size()) + " finished operation(s) were undone by their inverses";
  if (!losses.empty()) out += "\n  not brought back: " + join(losses, "; ");
  if (!failures.empty()) complete = false;
  if (!failures.empty())
    out += "\n  could not undo (the schema is left between revisions; fix it by hand, then run the "
           "revision again): " + join(failures, "; ");
  return out;
}

// After a failed revision where DDL is not transactional (MARK set):
// compensates what ran (UNDO is empty elsewhere), then drops the progress
// mark, or, when the undo did not finish, leaves it saying so, and says
// where the version table stands. FAILING is the operation that failed.
std::string undone(Session& session, std::vector<Undo>& undo, const RevisionHeader& header, const Step& step,
                   const ProgressSql* mark, size_t operation, const Op* failing,
                   const std::vector<std::string>& rolled_back) {
  if (!mark) return "";
  bool complete = true;
  std::string out = undo.empty() ? "" : compensate(session, undo, complete);
  if (!rolled_back.empty())
    out += "\n  rolled back with the transaction (they changed rows only, after the last DDL): " + join(rolled_back, ", ");
  if (const auto* e = failing ? std::get_if<Execute>(failing) : nullptr; e && several_statements(e->sql)) {
    complete = false;
    out += "\n  operation " + std::to_string(operation) + " (execute) holds several statements: the ones before the " +
           "failing one ran, each DDL statement among them committed, and no inverse is known for them; " +
           "they may not be recoverable: check them by hand";
  }
  try {
    if (complete) {
      session.execute(mark->drop);
    } else {
      session.execute(mark->remove);  // the row may not have been committed: written again whole
      session.execute(mark->insert(step.revision, step.upgrade));
      session.execute(mark->started(operation));
      session.execute(mark->undo_failed());
      out += "\n  " + header.id + " stays marked as interrupted ('strata current' shows it): upgrade and downgrade "
             "refuse to run until the schema is fixed and 'strata stamp' clears the mark";
    }
  } catch (const Error& e) {
    out += "\n  the progress mark could not be written: " + std::string(e.what());
  }
  return out + "\n  the version table still names the revisions before " + header.id;
}

// SQL of several lines, its lines after the first indented under the
// "  statement: " of an error, so the error reads as one block.
std::string indent_lines(const std::string& sql) {
  std::string out;
  for (char c : sql) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

// Whether OP may leave rows in the open transaction (raw SQL, inserts):
// after other operations, whose DDL commits, nothing is pending.
bool changes_rows(const Op& op) {
  return std::holds_alternative<Execute>(op) || std::holds_alternative<BulkInsert>(op);
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
  if (!step.replaces.empty())  // "-> the range's last revision", which is the row it writes
    return "Running upgrade " + parents + " -> " + step.replaces.back() + ", " + doc + " (squash " + r.id + " of " +
           std::to_string(step.replaces.size()) + " revisions)";
  // Alembic prints an empty "from" for a base: "Running upgrade  -> 1975ea83b712".
  return step.upgrade ? "Running upgrade " + parents + " -> " + r.id + ", " + doc
                      : "Running downgrade " + r.id + " -> " + parents + ", " + doc;
}

std::vector<std::string> read_heads(Session& session, const VersionTable& vt) {
  if (!session.has_table(vt.schema, vt.name)) return {};
  return session.query_column(session.dialect().select_versions(vt));
}

void run_steps_once(Session& session, const RevisionGraph& graph, const ScriptStore& store,
                    const std::vector<Step>& steps, const std::vector<std::string>& heads, const RunOptions& options,
                    Reporter& reporter) {
  // Without transactional DDL a transaction cannot span revisions: each one
  // commits its version row, and a failed one is compensated. A revision
  // stopped where no compensation could run (a kill) is refused first.
  const Dialect& dialect = session.dialect();
  const bool compensating = !dialect.transactional_ddl() && !session.offline();
  if (compensating)
    if (auto p = read_progress(session, options.version_table))
      throw DatabaseError(describe_progress(*p, graph, store));
  if (steps.empty()) {
    // An empty progress table is what a run killed after its last version
    // row, before it dropped the table, leaves: nothing was in progress, and
    // a run with nothing to do tidies it away (one with work reuses it).
    if (compensating) clear_progress(session, options.version_table);
    return;
  }
  auto bodies = load_bodies(graph, store, steps);
  HeadTracker tracker(graph, heads);
  RunLookup lookup(session, graph, store, heads);
  std::optional<ProgressSql> mark;
  if (compensating) {
    mark.emplace(dialect, options.version_table);
    const auto table = progress_table(options.version_table);
    if (!session.has_table(table.schema, table.name)) session.execute(mark->create);
  }
  const bool per_migration = options.transaction_per_migration || compensating;
  std::optional<RevisionLogSql> log;
  if (auto table = revision_log_table(options.version_table)) log.emplace(dialect, *table);

  if (!per_migration) session.begin();
  bool table_checked = false;
  size_t committed = 0;  // steps of the run whose work is committed
  for (size_t index = 0; index < steps.size(); ++index) {
    const Step& step = steps[index];
    const auto& header = graph.get(step.revision);
    const auto& ops = step.upgrade ? bodies[step.revision].upgrade : bodies[step.revision].downgrade;
    auto started = std::chrono::steady_clock::now();
    // transactional: false runs in autocommit where a transaction would hold
    // its DDL (MySQL has none to leave: there it runs, and is undone, as any).
    const bool outside = !header.transactional && dialect.transactional_ddl();
    const bool run_committed = outside && !per_migration && index > committed;
    if (outside && !per_migration) {
      session.commit();  // what came before it in the run's transaction
      committed = index;
    }
    std::vector<std::string> completed;  // outside: the operations that ran whole
    size_t ran = 0, total = 0;           // outside: the failing operation's statements
    std::string statement;
    std::vector<Undo> undo;
    size_t operation = 0;  // 1-based, of the operation running
    // undo[pending_from..] ran in the transaction still open (rows only, after
    // the last commit): a rollback takes them back, no inverse is needed.
    size_t pending_from = 0;
    auto take_rolled_back = [&] {
      std::vector<std::string> names;
      for (size_t i = pending_from; i < undo.size(); ++i) names.push_back(undo[i].name);
      undo.erase(undo.begin() + static_cast<std::ptrdiff_t>(std::min(pending_from, undo.size())), undo.end());
      return names;
    };
    const Op* failing = nullptr;
    try {
      // Inside the try: SQLite's BEGIN IMMEDIATE waits for the write lock.
      if (per_migration && !outside) session.begin();
      if (!table_checked) {
        statement = dialect.create_version_table(options.version_table);
        ensure_version_table(session, options.version_table);
        if (log) log->ensure(session);
        table_checked = true;
        if (compensating) {  // creating it committed (MySQL): a transaction again
          session.commit();
          session.begin();
        }
      }
      reporter.running(step, header);
      session.comment(describe_step(graph, step));
      // The mark names the operation about to run; the first DDL statement
      // of it commits the mark. Before an execute or bulk_insert, which may
      // not commit, the mark is committed at once when no rows are pending
      // (the operation before was DDL), so it is exact for those too.
      if (mark) session.execute(mark->insert(step.revision, step.upgrade));
      // Whether a transaction is open: DDL ends it (MySQL commits around
      // DDL, and then runs in autocommit), so one is begun again before an
      // execute or bulk_insert that follows DDL.
      bool in_transaction = true;
      for (const auto& written : ops) {
        statement.clear();  // a render error names no statement, not the previous one
        failing = &written;
        ran = total = 0;
        if (mark && ++operation > 1) {
          session.execute(mark->started(operation));
          if (!in_transaction && changes_rows(written)) {
            session.commit();
            session.begin();
            pending_from = undo.size();
            in_transaction = true;
          }
        }
        const Op op = with_naming_convention(written, options.naming_convention);
        const auto statements = dialect.render(op, lookup);
        auto [op_table, op_schema] = table_of(op);
        Undo step_undo{op_name(op), {}, op_table, op_schema};
        if (compensating) step_undo.inverse = inverse_of(op, session.tables());
        // A statement that may commit on its own (DDL) commits what came
        // before it as it starts, even if it then fails.
        const bool commits = compensating && !rows_only(op);
        total = statements.size();
        // CONCURRENTLY waits without the lock timeout (Dialect::lock_timeout_exempt).
        const bool exempt = options.ddl_lock_timeout && !statements.empty() && dialect.lock_timeout_exempt(op);
        if (exempt)
          for (const auto& sql : dialect.session_timeouts(std::chrono::milliseconds(0), std::nullopt)) session.execute(sql);
        for (size_t k = 0; k < statements.size(); ++k) {
          statement = statements[k];
          ran = k;
          if (commits) pending_from = undo.size();
          session.execute(statement);
          // Once one statement of it ran, the operation is undone as a whole.
          if (compensating && k == 0) undo.push_back(step_undo);
          if (commits) pending_from = undo.size();
        }
        if (commits && !statements.empty()) in_transaction = false;
        if (exempt)
          for (const auto& sql : dialect.session_timeouts(options.ddl_lock_timeout, std::nullopt)) session.execute(sql);
        session.applied(op);
        lookup.applied(op);
        if (outside && !statements.empty()) completed.push_back(op_label(op));
      }
      failing = nullptr;
      ran = total = 0;
      statement.clear();
      if (mark) {
        // The mark goes in the transaction that writes the version row.
        if (!in_transaction) {
          session.commit();
          session.begin();
        }
        session.execute(mark->remove);
      }
      if (outside) session.begin();  // the version row on its own, once the revision completed
      write_edits(session, options.version_table, tracker.apply(step));
      if (log) {
        RevisionLogEntry entry;
        entry.revision = step.revision;
        entry.direction = step.upgrade ? "upgrade" : "downgrade";
        entry.sha256 = bodies[step.revision].sha256;
        if (!session.offline())
          entry.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - started).count();
        entry.strata_version = options.strata_version;
        entry.down_revisions = header.down_revisions;
        session.execute(log->insert(entry));
      }
      if (per_migration || outside) {
        session.commit();
        committed = index + 1;
      }
      if (outside && !per_migration) session.begin();  // the run's transaction again, for the rest
    } catch (const RevisionError&) {
      session.rollback();
      throw;
    } catch (const ConnectionLost& e) {
      // Nothing more runs on this connection: no rollback to ask for (the
      // server ends the transaction itself) and no undo.
      session.rollback();
      std::string what = "revision " + header.id + " (" + header.path + ") failed: the connection to the server was lost";
      if (!statement.empty()) what += "\n  statement: " + indent_lines(statement);
      what += "\n  error: " + std::string(e.what());
      what += compensating
                  ? "\n  nothing of it could be undone: each DDL statement it ran had committed, the first of them "
                    "with the progress mark that names " + header.id + " ('strata current' shows it, and what to do); "
                    "with no mark shown, nothing of " + header.id + " was kept"
                  : "\n  the server keeps only what was committed: 'strata current' shows the revisions that completed";
      throw ConnectionLost(what);
    } catch (const ScriptError& e) {  // a file error found late: still exit 2, naming the file
      session.rollback();
      throw ScriptError(header.path + ": revision " + header.id + ": " + e.what() +
                        (outside ? left_behind(session, header, completed, nullptr, 0, 0, run_committed).text : "") +
                        undone(session, undo, header, step, mark ? &*mark : nullptr, operation, nullptr, take_rolled_back()));
    } catch (const UsageError& e) {
      session.rollback();
      throw UsageError("revision " + header.id + " (" + header.path + "): " + e.what() +
                       (outside ? left_behind(session, header, completed, nullptr, 0, 0, run_committed).text : "") +
                       undone(session, undo, header, step, mark ? &*mark : nullptr, operation, nullptr, take_rolled_back()));
    } catch (const Error& e) {
      session.rollback();
      std::string what = "revision " + header.id + " (" + header.path + ") " +
                         (session.offline() ? "cannot be rendered"
                          : compensating || outside ? "failed"
                                                    : "failed and was rolled back");
      if (!statement.empty()) what += "\n  statement: " + indent_lines(statement);
      what += "\n  error: " + std::string(e.what());
      const Op* ran_op = statement.empty() ? nullptr : failing;  // an operation that failed to render ran nothing
      // Whether the database is as the revision found it: rolled back, or
      // (MySQL) nothing committed before the failing statement.
      bool nothing_kept = !compensating || (std::min(pending_from, undo.size()) == 0 &&
                                            !(ran_op && std::holds_alternative<Execute>(*ran_op) &&
                                              several_statements(std::get<Execute>(*ran_op).sql)));
      if (outside) {
        auto left = left_behind(session, header, completed, ran_op, ran, total, run_committed);
        what += left.text;
        nothing_kept = !left.kept_something;
      }
      what += undone(session, undo, header, step, mark ? &*mark : nullptr, operation, ran_op, take_rolled_back());
      const auto* db = dynamic_cast<const DatabaseError*>(&e);
      if (db && nothing_kept && !session.offline() && dialect.is_lock_timeout(db->server_code()))
        throw LockTimeoutError(what, db->server_code(), committed, header.id);
      throw DatabaseError(what, db ? db->server_code() : "");
    }
    reporter.finished(step, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                   started));
  }
  if (mark) session.execute(mark->drop);
  if (!per_migration) {
    try {
      session.commit();
    } catch (const Error& e) {
      session.rollback();
      throw DatabaseError("the run's transaction failed to commit and was rolled back: " + std::string(e.what()));
    }
  }
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
  // The database is said to be at TARGETS: a revision marked as interrupted is settled.
  clear_progress(session, options.version_table);
}

}  // namespace strata::core
