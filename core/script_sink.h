// ScriptSink: a Session that prints instead of executing, for offline
// `upgrade --sql` / `downgrade --sql`. Statements end with ";" and a blank
// line, transactions show as BEGIN; / COMMIT;, and each revision is announced
// by a comment, as Alembic's offline mode does. It tracks the schema built by
// the operations it has printed, so SQLite table rebuilds render offline too.
#pragma once

#include <map>
#include <set>
#include <ostream>

#include "core/enums.h"
#include "core/revision_graph.h"
#include "core/script_store.h"
#include "core/session.h"

namespace strata::core {

class ScriptSink : public Session, private TableLookup {
 public:
  /// VERSION_TABLE_EXISTS: whether the script starts from a database that
  /// already has the version table (a FROM revision was given).
  ScriptSink(const Dialect& dialect, std::ostream& out, bool version_table_exists)
      : dialect_(dialect), out_(&out), version_table_exists_(version_table_exists) {}

  /// Sends what follows to OUT, starting with the dialect's preamble again,
  /// so that each file `upgrade --sql-dir` writes runs on its own.
  void redirect(std::ostream& out) {
    out_ = &out;
    started_ = false;
  }

  /// Builds the schema the database has at UPTO (the script's FROM
  /// revisions) by following the upgrade operations from base, printing
  /// nothing, so that SQLite rebuilds of older tables render too.
  /// STRICT: an untranslated upgrade is an error (ScriptError) instead of
  /// being taken as changing nothing.
  void replay(const RevisionGraph& graph, const ScriptStore& store, const std::vector<std::string>& upto,
              const std::map<std::string, std::string>& naming_convention, bool strict = false);

  const Dialect& dialect() const override { return dialect_; }
  void execute(const std::string& sql) override;
  std::vector<std::string> query_column(const std::string&) override { return {}; }
  std::vector<std::vector<std::optional<std::string>>> query_rows(const std::string&) override { return {}; }
  bool has_table(const std::string& schema, const std::string& name) override;
  void begin() override {
    preamble();
    *out_ << "BEGIN;\n\n";
  }
  void commit() override { *out_ << "COMMIT;\n\n"; }
  void rollback() override {}
  void lock(const std::string&, std::chrono::milliseconds) override {}
  void unlock() override {}
  const TableLookup& tables() override { return *this; }
  /// The schema the printed (or replayed) operations have built.
  Schema schema() const;
  Inspector& inspector() override;
  void applied(const Op& op) override;
  void comment(const std::string& text) override {
    preamble();
    *out_ << "-- " << text << "\n\n";
  }
  bool offline() const override { return true; }

 private:
  /// The dialect's script_setup(), once, before the script's first line,
  /// so the script reads its SQL as an online session would.
  void preamble() {
    if (started_) return;
    started_ = true;
    for (const auto& s : dialect_.script_setup()) *out_ << s << ";\n\n";
  }
  std::optional<Table> table(const std::string& schema, const std::string& name) const override;
  std::optional<EnumType> enum_type(const std::string& schema, const std::string& name) const override {
    return enums_.find(schema, name);
  }

  const Dialect& dialect_;
  std::ostream* out_;
  bool version_table_exists_;
  bool started_ = false;
  std::set<std::pair<std::string, std::string>> bookkeeping_created_;  ///< (schema, name)
  std::map<std::pair<std::string, std::string>, Table> tables_;  ///< (schema, name) -> table
  EnumRegistry enums_;
};

}  // namespace strata::core
