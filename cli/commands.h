// One function per command, each in its own cmd_<name>.cpp: it declares the
// subcommand's options on APP and sets the callback that runs it. main.cpp
// lists them explicitly (no static registration).
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cli/context.h"

namespace strata::cli {

/// Rejects nan and inf, which CLI::Range lets through (every comparison with
/// nan is false).
inline const CLI::Validator finite_number(
    [](std::string& text) {
      try {
        return std::isfinite(std::stod(text)) ? std::string() : "not a finite number: " + text;
      } catch (const std::exception&) {
        return "not a number: " + text;
      }
    },
    "FINITE");

void setup_init(CLI::App& app, Context& ctx);
void setup_list_templates(CLI::App& app, Context& ctx);
void setup_revision(CLI::App& app, Context& ctx);
void setup_merge(CLI::App& app, Context& ctx);
void setup_history(CLI::App& app, Context& ctx);
void setup_heads(CLI::App& app, Context& ctx);
void setup_branches(CLI::App& app, Context& ctx);
void setup_show(CLI::App& app, Context& ctx);
void setup_edit(CLI::App& app, Context& ctx);
void setup_upgrade(CLI::App& app, Context& ctx);
void setup_downgrade(CLI::App& app, Context& ctx);
void setup_current(CLI::App& app, Context& ctx);
void setup_stamp(CLI::App& app, Context& ctx);
void setup_check(CLI::App& app, Context& ctx);
void setup_squash(CLI::App& app, Context& ctx);
void setup_inspect(CLI::App& app, Context& ctx);
void setup_import(CLI::App& app, Context& ctx);
void setup_lint(CLI::App& app, Context& ctx);
void setup_stairway(CLI::App& app, Context& ctx);
void setup_verify(CLI::App& app, Context& ctx);
void setup_rebase(CLI::App& app, Context& ctx);

/// What `init DIR` does, shared with `import alembic`: writes the project
/// (SETTINGS replace strata.yaml keys, see versions::init_project) and names
/// each file written on stderr.
void write_new_project(Context& ctx, const std::string& dir, const std::string& template_name,
                       const std::vector<std::pair<std::string, std::string>>& settings = {});

}  // namespace strata::cli
