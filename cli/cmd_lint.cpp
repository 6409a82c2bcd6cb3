// `strata lint [RANGE] [--dialect NAME]` (SPEC §10.4): parses every revision
// file fully (a file that does not parse is a finding), replays the
// operations from base and prints what core/lint.h and the dialect's rules
// find, as `file:line: CODE severity: message`; exit 3 for an error that no
// revision acknowledged. No database is opened.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/lint.h"
#include "drivers/registry.h"
#include "versions/script_directory.h"

namespace strata::cli {

namespace {

// "FILE:LINE:..." of a ScriptError about FILE -> LINE and the rest.
std::pair<int, std::string> split_location(const std::string& message, const std::string& file) {
  std::string rest = message;
  if (rest.rfind(file + ":", 0) == 0) rest = rest.substr(file.size() + 1);
  else if (rest.rfind(file, 0) == 0) rest = rest.substr(file.size());
  int line = 0;
  std::size_t digits = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
  if (digits > 0 && digits < rest.size() && rest[digits] == ':') {
    line = std::stoi(rest.substr(0, digits));
    rest = rest.substr(digits + 1);
    std::size_t column = 0;  // and a column, when the YAML reader gave one
    while (column < rest.size() && std::isdigit(static_cast<unsigned char>(rest[column]))) ++column;
    if (column > 0 && column < rest.size() && rest[column] == ':') rest = rest.substr(column + 1);
  }
  while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
  return {line, rest};
}

core::LintFinding file_finding(const std::string& code, const std::string& file, int line, const std::string& message,
                               const core::LintSettings& settings) {
  core::LintFinding f;
  f.code = code;
  f.severity = core::find_lint_rule(code)->severity;
  if (settings.errors.count(code)) f.severity = core::LintSeverity::kError;
  f.file = file;
  f.line = line;
  f.message = message;
  return f;
}

const core::Dialect& lint_dialect(Context& ctx, const std::string& name) {
  if (!name.empty()) {
    core::DatabaseUrl url;
    url.dialect = name;
    if (name == "sqlite" || name == "postgresql" || name == "mysql") return drivers::dialect_for(url);
    throw core::UsageError("--dialect " + name + ": unknown (expected sqlite, postgresql or mysql)");
  }
  try {
    return drivers::dialect_for(ctx.database_url());
  } catch (const core::UsageError& e) {
    throw core::UsageError(std::string(e.what()) + " (lint needs only the dialect: pass --dialect NAME)");
  }
}

std::string finding_json(const core::LintFinding& f) {
  return std::string("{\"code\": ") + json_string(f.code) + ", \"severity\": " +
         json_string(core::severity_name(f.severity)) + ", \"revision\": " + json_string(f.revision) +
         ", \"file\": " + json_string(shown_path(f.file)) + ", \"line\": " + std::to_string(f.line) +
         ", \"operation\": " + json_string(f.operation) + ", \"message\": " + json_string(f.message) +
         ", \"acknowledged\": " + (f.acknowledged ? "true" : "false") + ", \"reason\": " + json_string(f.reason) +
         "}";
}

}  // namespace

void setup_lint(CLI::App& app, Context& ctx) {
  struct LintOpts {
    std::string range;
    std::string dialect;
  };
  auto opts = std::make_shared<LintOpts>();
  auto* cmd = app.add_subcommand("lint", "Report what the revisions' operations risk on a live database (exit 3 on an error)");
  cmd->add_option("range", opts->range, "Only the revisions of START:END (as history -r); all when left out");
  cmd->add_option("--dialect", opts->dialect, "sqlite, postgresql or mysql (default: database_url's)");
  cmd->callback([opts, &ctx] {
    const core::LintSettings& settings = ctx.config().lint;
    const core::Dialect& dialect = lint_dialect(ctx, opts->dialect);
    std::vector<core::LintFinding> findings;
    auto keep = [&](core::LintFinding f) {
      if (!settings.disabled.count(f.code)) findings.push_back(std::move(f));
    };

    // Every file parsed whole; a file that does not parse is a finding.
    std::vector<core::Revision> parsed;
    for (const auto& path : ctx.scripts().revision_files()) {
      try {
        parsed.push_back(versions::ScriptDirectory::load_revision(path.string()));
      } catch (const core::ScriptError& e) {
        auto [line, message] = split_location(e.what(), path.string());
        keep(file_finding("unparsable-file", path.string(), line, message, settings));
      }
    }
    std::vector<core::RevisionHeader> headers;
    for (const auto& r : parsed) headers.push_back(r.header);
    std::optional<core::RevisionGraph> graph;
    try {
      graph.emplace(headers);
    } catch (const core::Error& e) {
      keep(file_finding("broken-graph", ctx.scripts().dirs().front().string(), 0, e.what(), settings));
    }

    if (graph) {
      // Heads a branch label sets apart are branches on purpose, not a finding.
      if (auto heads = graph->unlabelled_heads(); heads.size() > 1) {
        std::string list;
        for (const auto& h : heads) list += (list.empty() ? "" : ", ") + h;
        keep(file_finding("several-heads", graph->get(heads.front()).path, 1,
                          "the revisions have " + std::to_string(heads.size()) + " heads (" + list +
                              "): join them with `strata rebase " + heads[0] + " --onto " + heads[1] +
                              "` or `strata merge heads`",
                          settings));
      }
      // Parents first, so each revision is judged against the schema before it.
      std::vector<std::string> order = graph->newest_first();
      std::reverse(order.begin(), order.end());
      std::vector<core::Revision> in_order;
      for (const auto& id : order)
        for (auto& r : parsed)
          if (r.header.id == id && r.header.path == graph->get(id).path) in_order.push_back(r);
      std::set<std::string> reported;
      if (!opts->range.empty())
        for (const auto& id : graph->history_range(opts->range)) reported.insert(id);
      for (auto& f : core::lint_revisions(in_order, dialect, settings, reported)) findings.push_back(std::move(f));
      // A squash stands for a fresh database: judged on its own.
      for (const auto& squash : graph->squashes()) {
        if (!reported.empty() && !reported.count(squash.id)) continue;
        for (auto& r : parsed)
          if (r.header.path == squash.path) {
            core::Schema empty;
            for (auto& f : core::lint_revision(r, empty, dialect, settings)) findings.push_back(std::move(f));
          }
      }
    }

    int errors = 0, warnings = 0, acknowledged = 0;
    for (const auto& f : findings) {
      if (f.acknowledged) ++acknowledged;
      else if (f.severity == core::LintSeverity::kError) ++errors;
      else ++warnings;
    }
    if (ctx.options.json) {
      std::cout << "[";
      for (std::size_t i = 0; i < findings.size(); ++i) std::cout << (i ? ",\n " : "") << finding_json(findings[i]);
      std::cout << "]\n";
    } else {
      for (const auto& f : findings)
        if (!f.acknowledged || ctx.options.verbose) std::cout << lint_line(f) << '\n';
    }
    const std::string summary = std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s), " +
                                std::to_string(acknowledged) + " acknowledged";
    if (errors > 0) throw core::Error(core::ExitCode::kDifferences, "lint: " + summary);
    progress(ctx, "lint: " + summary);
  });
}

}  // namespace strata::cli
