#include "core/outside_transaction.h"

#include "core/error.h"
#include "core/text.h"

namespace strata::core {

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string on(const std::string& schema, const std::string& table) {
  return table.empty() ? "" : " on " + quoted(schema.empty() ? table : schema + "." + table);
}

// The index a failing CREATE / DROP INDEX CONCURRENTLY may have left INVALID.
const std::pair<std::string, std::string>* concurrent_index(const Op* op, std::pair<std::string, std::string>& out) {
  if (const auto* c = op ? std::get_if<CreateIndex>(op) : nullptr; c && c->concurrently) out = {c->schema, c->name};
  else if (const auto* d = op ? std::get_if<DropIndex>(op) : nullptr; d && d->concurrently) out = {d->schema, d->name};
  else return nullptr;
  return &out;
}

}  // namespace

std::string op_label(const Op& op) {
  std::string label = op_name(op);
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) label += " " + quoted(o.table.name);
        else if constexpr (std::is_same_v<T, CreateForeignKey>) label += " " + quoted(o.key.name) + on(o.schema, o.table);
        else if constexpr (std::is_same_v<T, AddColumn>) label += " " + quoted(o.column.name) + on(o.schema, o.table);
        else if constexpr (std::is_same_v<T, Execute>) {
          std::string sql;
          for (char c : o.sql) sql += (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
          label += " `" + (sql.size() > 60 ? sql.substr(0, 60) + "..." : sql) + "`";
        } else if constexpr (requires { o.name; o.table; }) {
          label += " " + quoted(o.name) + on(o.schema, o.table);
        } else if constexpr (requires { o.name; }) {
          label += " " + quoted(o.name);
        } else if constexpr (requires { o.table; }) {
          label += on(o.schema, o.table);
        }
      },
      op);
  return label;
}

LeftBehind left_behind(Session& session, const RevisionHeader& header, const std::vector<std::string>& completed,
                       const Op* failing, size_t ran, size_t total, bool run_committed) {
  LeftBehind out;
  out.kept_something = !completed.empty() || ran > 0;
  out.text = "\n  it ran outside a transaction (transactional: false): nothing was rolled back, what it did before "
             "the failure stays";
  out.text += "\n  completed: " + (completed.empty() ? std::string("nothing") : join(completed, ", "));
  if (failing && ran > 0)
    out.text += "\n  of " + op_label(*failing) + ", " + std::to_string(ran) + " of its " + std::to_string(total) +
                " statements ran";
  std::pair<std::string, std::string> index;
  if (concurrent_index(failing, index) && !session.offline()) {
    const std::string query = session.dialect().invalid_index_query(index.first, index.second);
    const std::string name = session.dialect().qualify(index.first, index.second);
    try {
      if (!query.empty() && !session.query_column(query).empty()) {
        out.kept_something = true;
        out.text += "\n  index " + name + " is left INVALID by the failed statement (PostgreSQL keeps it, unused " +
                    "by queries but updated by every write): drop it with DROP INDEX CONCURRENTLY " + name +
                    " before running the revision again";
      }
    } catch (const Error& e) {
      out.kept_something = true;  // unknown: never retried
      out.text += "\n  whether index " + name + " was left INVALID could not be checked: " + e.what();
    }
  }
  if (run_committed)
    out.text += "\n  the revisions before it in this run were committed before it started (a transactional: false "
                "revision runs on its own, outside the run's transaction)";
  out.text += "\n  the version table still names the revisions before " + header.id +
              ": fix what is left, then run the upgrade again";
  return out;
}

}  // namespace strata::core
