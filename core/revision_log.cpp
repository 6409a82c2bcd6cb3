#include "core/revision_log.h"

#include <cstdlib>

#include "core/error.h"
#include "core/progress.h"
#include "core/text.h"

namespace strata::core {

namespace {

Column log_column(std::string name, std::string type, bool nullable) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

const char* const kColumns[] = {"id", "revision", "direction", "sha256", "applied_at", "duration_ms",
                                "strata_version", "down_revision"};

}  // namespace

std::optional<VersionTable> revision_log_table(const VersionTable& vt) {
  if (vt.revision_log.empty()) return std::nullopt;
  VersionTable t;
  t.name = vt.revision_log;
  t.schema = vt.schema;
  t.revision_log.clear();
  return t;
}

bool is_bookkeeping_table(const std::string& schema, const std::string& name, const VersionTable& vt) {
  if (schema != vt.schema) return false;
  return name == vt.name || (!vt.revision_log.empty() && name == vt.revision_log) ||
         is_progress_table(schema, name, vt);
}

RevisionLogSql::RevisionLogSql(const Dialect& dialect, VersionTable log) : dialect_(dialect), log_(std::move(log)) {
  std::string columns;
  for (const char* c : kColumns) columns += (columns.empty() ? "" : ", ") + dialect_.quote(c);
  insert_head_ = "INSERT INTO " + dialect_.qualify(log_.schema, log_.name) + " (" + columns + ") SELECT ";
}

std::string RevisionLogSql::create() const {
  Table t;
  t.name = log_.name;
  t.schema = log_.schema;
  // The id is the insert's (the largest plus one), not a serial: no
  // sequence beside the table, and runs are serialised by the run lock.
  Column id = log_column("id", "integer", false);
  id.primary_key = true;
  id.autoincrement = false;
  t.columns = {id,
               log_column("revision", "string(255)", false),
               log_column("direction", "string(16)", false),
               log_column("sha256", "string(64)", true),
               log_column("applied_at", "datetime", false),
               log_column("duration_ms", "bigint", true),
               log_column("strata_version", "string(32)", false),
               // The parents, space-separated: where a revision whose file
               // is gone hung in the graph.
               log_column("down_revision", "string(255)", true)};
  return join(dialect_.render(CreateTable{t}, NoTables{}), ";\n");
}

std::string RevisionLogSql::insert(const RevisionLogEntry& e) const {
  // The values in the order of insert_head_'s columns.
  auto text_or_null = [](const std::string& s) { return s.empty() ? std::string("NULL") : Dialect::quote_string(s); };
  std::string sql;
  sql.reserve(insert_head_.size() + 256);
  sql += insert_head_;
  sql += "COALESCE(MAX(" + dialect_.quote("id") + "), 0) + 1, ";
  sql += Dialect::quote_string(e.revision) + ", ";
  sql += Dialect::quote_string(e.direction) + ", ";
  sql += text_or_null(e.sha256) + ", ";
  sql += dialect_.utc_now() + ", ";
  sql += (e.duration_ms ? std::to_string(*e.duration_ms) : "NULL") + ", ";
  sql += Dialect::quote_string(e.strata_version) + ", ";
  sql += text_or_null(join(e.down_revisions, " "));
  // INSERT ... SELECT, not VALUES with a subquery: MySQL refuses a subquery
  // on the table being inserted into (error 1093), but not this form.
  sql += " FROM " + dialect_.qualify(log_.schema, log_.name);
  return sql;
}

void RevisionLogSql::ensure(Session& session) const {
  if (!session.has_table(log_.schema, log_.name)) session.execute(create());
}

std::vector<RevisionLogEntry> read_revision_log(Session& session, const VersionTable& log) {
  if (!session.has_table(log.schema, log.name)) return {};
  const Dialect& d = session.dialect();
  std::string select;
  for (const char* c : kColumns) select += (select.empty() ? "" : ", ") + d.quote(c);
  std::vector<RevisionLogEntry> out;
  for (const auto& r : session.query_rows("SELECT " + select + " FROM " + d.qualify(log.schema, log.name) +
                                          " ORDER BY " + d.quote("id"))) {
    if (r.size() < 8) throw DatabaseError("the revision log " + log.name + " has an unexpected shape");
    auto text = [&](size_t i) { return r[i] ? *r[i] : std::string(); };
    RevisionLogEntry e;
    e.id = std::atoll(text(0).c_str());
    e.revision = text(1);
    e.direction = text(2);
    e.sha256 = text(3);
    e.applied_at = text(4);
    if (r[5]) e.duration_ms = std::atoll(r[5]->c_str());
    e.strata_version = text(6);
    for (auto& p : split_words(text(7))) e.down_revisions.push_back(p);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace strata::core
