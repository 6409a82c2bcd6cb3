// `strata verify [--accept REV]...` (SPEC §10.5): the version rows and the
// revision log against the files; exit 3 on a problem, each said with what
// to do (core/verify.h). --accept records the current checksum of an
// applied revision after review, then verifies.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/revision_log.h"
#include "core/runner.h"
#include "core/sha256.h"
#include "core/verify.h"
#include "core/version_edits.h"
#include "versions/script_directory.h"

namespace strata::cli {

namespace {

std::string report_json(const core::VerifyReport& r, const std::vector<std::string>& rows) {
  std::string out = "{\"database_heads\": " + json_list(rows) + ", \"checked\": " + std::to_string(r.checked) +
                    ", \"not_recorded\": " + json_list(r.not_recorded) + ", \"problems\": [";
  for (size_t i = 0; i < r.problems.size(); ++i) {
    const auto& p = r.problems[i];
    out += std::string(i ? ",\n  " : "\n  ") + "{\"kind\": " + json_string(p.kind) +
           ", \"revision\": " + json_string(p.revision) + ", \"path\": " + json_string(p.path) +
           ", \"recorded_sha256\": " + json_string(p.recorded_sha256) + ", \"file_sha256\": " +
           json_string(p.file_sha256) + ", \"applied_at\": " + json_string(p.applied_at) +
           ", \"message\": " + json_string(p.summary) + ", \"advice\": " + json_list(p.advice) + "}";
  }
  return out + (r.problems.empty() ? "]}" : "\n]}");
}

}  // namespace

void setup_verify(CLI::App& app, Context& ctx) {
  struct VerifyOpts {
    std::vector<std::string> accept;
    double lock_timeout = 300;
  };
  auto o = std::make_shared<VerifyOpts>();
  auto* cmd = app.add_subcommand("verify", "Exit 3 when an applied revision's file changed or a version row has no file");
  cmd->add_option("--accept", o->accept, "Record the current checksum of this applied revision (after review)");
  cmd->add_option("--lock-timeout", o->lock_timeout, "Seconds to wait for another run on the same database (--accept)")
      ->check(CLI::Range(0.0, 2592000.0) & finite_number);
  cmd->callback([o, &ctx] {
    ctx.start_connecting();
    const auto& g = ctx.graph();
    const core::VersionTable vt = ctx.version_table();
    const auto log_table = core::revision_log_table(vt);
    if (!log_table)
      throw core::UsageError(ctx.config().path + ": revision_log_table is null: no revision log is kept, so "
                             "there is nothing to verify against");
    std::vector<std::string> accepted;
    for (const auto& rev : o->accept) {
      auto ids = g.resolve(rev, {}, true);
      if (ids.size() != 1) throw core::UsageError("--accept " + rev + ": names " + comma_join(ids) + ", not one revision");
      accepted.push_back(ids[0]);
    }
    auto sha_of = [&](const std::string& id) {
      return core::revision_checksum(versions::read_file(g.get(id).path));
    };
    auto session = ctx.connect();
    auto rows = core::read_heads(*session, vt);

    if (!accepted.empty()) {
      std::vector<std::string> known;
      for (const auto& r : rows)
        if (g.find(r)) known.push_back(r);
      core::HeadTracker tracker(g, known);
      for (const auto& id : accepted)
        if (!tracker.is_applied(id))
          throw core::UsageError("--accept " + id + ": the database has not applied it (it is at " +
                                 (rows.empty() ? std::string("<base>") : comma_join(rows)) + ")");
      session->lock(vt.schema + "." + vt.name, std::chrono::milliseconds(static_cast<long long>(o->lock_timeout * 1000)));
      core::RevisionLogSql sql(session->dialect(), *log_table);
      session->begin();
      try {
        sql.ensure(*session);
        for (const auto& id : accepted) {
          core::RevisionLogEntry e;
          e.revision = id;
          e.direction = "accept";
          e.sha256 = sha_of(id);
          e.strata_version = STRATA_VERSION;
          e.down_revisions = g.get(id).down_revisions;
          session->execute(sql.insert(e));
        }
        session->commit();
      } catch (...) {
        session->rollback();
        throw;
      }
      session->unlock();
      for (const auto& id : accepted)
        progress(ctx, "Accepted " + id + " (" + shown_path(g.get(id).path) + ") as it is now");
    }

    const auto report = core::verify_revisions(g, rows, core::read_revision_log(*session, *log_table), sha_of);
    if (ctx.options.json) {
      std::cout << report_json(report, rows) << '\n';
    } else {
      for (const auto& p : report.problems) {
        std::string summary = p.summary;
        if (auto at = p.path.empty() ? std::string::npos : summary.find(p.path); at != std::string::npos)
          summary.replace(at, p.path.size(), shown_path(p.path));
        std::cout << "problem: " << summary << '\n';
        for (const auto& line : p.advice) std::cout << "  " << line << '\n';
      }
      if (!report.not_recorded.empty())
        std::cout << "note: " << report.not_recorded.size()
                  << " applied revision(s) not in the revision log (applied by Alembic, or by strata before it "
                     "kept one), so not checked: "
                  << comma_join(report.not_recorded) << '\n';
      size_t edited = 0;
      for (const auto& p : report.problems) edited += p.kind == "edited";
      std::cout << (report.problems.empty() ? "OK: " : "verify: " + std::to_string(report.problems.size()) +
                                                           " problem(s); ")
                << report.checked - edited << " applied revision(s) match their files as recorded\n";
    }
    if (!report.problems.empty())
      throw core::Error(core::ExitCode::kDifferences, std::to_string(report.problems.size()) + " problem(s) found");
  });
}

}  // namespace strata::cli
