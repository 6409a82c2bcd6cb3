// strata's entry point: parses the command line with CLI11, runs the chosen
// command, and is the one place that turns errors into messages and exit
// codes (SPEC §8). Parse errors never mix with run-time failures.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"

namespace {
/// Parses the command line and runs the command; returns the exit code.
int run(CLI::App& app, int argc, char** argv);
}  // namespace

int main(int argc, char** argv) {
  using strata::core::ExitCode;
  strata::cli::Context ctx;
  CLI::App app{"strata: schema migrations for SQLite, PostgreSQL and MySQL/MariaDB, compatible with Alembic"};
  app.name("strata");
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("strata ") + STRATA_VERSION);
  auto& o = ctx.options;
  app.add_option("-c,--config", o.config, "Configuration file (default: $STRATA_CONFIG, else ./strata.yaml)");
  app.add_option("--url", o.url, "Database URL, overriding database_url of the configuration");
  app.add_flag("-q,--quiet", o.quiet, "No progress output on stderr");
  app.add_flag("-v,--verbose", o.verbose, "More progress output on stderr");
  app.add_flag("--json", o.json, "Machine-readable output (current, history, heads, branches, show, check, import, lint, verify, upgrade, downgrade, stamp)");

  strata::cli::setup_init(app, ctx);
  strata::cli::setup_list_templates(app, ctx);
  strata::cli::setup_revision(app, ctx);
  strata::cli::setup_merge(app, ctx);
  strata::cli::setup_history(app, ctx);
  strata::cli::setup_heads(app, ctx);
  strata::cli::setup_branches(app, ctx);
  strata::cli::setup_show(app, ctx);
  strata::cli::setup_edit(app, ctx);
  strata::cli::setup_upgrade(app, ctx);
  strata::cli::setup_downgrade(app, ctx);
  strata::cli::setup_current(app, ctx);
  strata::cli::setup_stamp(app, ctx);
  strata::cli::setup_check(app, ctx);
  strata::cli::setup_squash(app, ctx);
  strata::cli::setup_inspect(app, ctx);
  strata::cli::setup_import(app, ctx);
  strata::cli::setup_lint(app, ctx);
  strata::cli::setup_stairway(app, ctx);
  strata::cli::setup_verify(app, ctx);
  strata::cli::setup_rebase(app, ctx);
  for (auto* sub : app.get_subcommands({})) sub->fallthrough();

  // CLI11 calls an unknown command "A subcommand is required": name it instead.
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-c" || arg == "--config" || arg == "--url") {
      ++i;  // its value
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    bool known = false;
    for (auto* sub : app.get_subcommands({})) known = known || sub->check_name(arg);
    if (!known) {
      std::cerr << "strata: error: unknown command '" << arg << "'\n(run 'strata --help' for the commands)\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    break;
  }

  int code = run(app, argc, argv);
  if (ctx.connection_pending()) {
    // An error came first: do not wait for a connection nobody will use (a
    // silent host can hold it for minutes).
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(code);
  }
  return code;
}

namespace {

int run(CLI::App& app, int argc, char** argv) {
  using strata::core::ExitCode;
  try {
    app.parse(argc, argv);  // runs the chosen command's callback
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    // CLI11 reports --help on a subcommand as CallForHelp thrown from that
    // subcommand; every other parse error is a usage error (exit 2).
    std::cerr << "strata: error: " << e.what() << "\n(run 'strata --help' for usage)\n";
    return static_cast<int>(ExitCode::kUsage);
  } catch (const strata::core::Error& e) {
    std::cerr << "strata: error: " << e.what() << '\n';
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cerr << "strata: error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::kFailure);
  }
  return 0;
}

}  // namespace
