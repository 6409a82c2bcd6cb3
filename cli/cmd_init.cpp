// `strata init DIR [--template T]` and `strata list-templates`.
#include <iostream>

#include "cli/commands.h"
#include "versions/config_file.h"
#include "versions/project_templates.h"

namespace strata::cli {

void setup_init(CLI::App& app, Context& ctx) {
  struct InitOpts {
    std::string dir;
    std::string template_name = "generic";
  };
  auto opts = std::make_shared<InitOpts>();
  auto* cmd = app.add_subcommand("init", "Create a new migration environment (strata.yaml and DIR)");
  cmd->add_option("DIR", opts->dir, "Folder for the migration scripts, e.g. migrations")->required();
  cmd->add_option("-t,--template", opts->template_name, "Template to use (see list-templates)");
  cmd->callback([opts, &ctx] {
    write_new_project(ctx, opts->dir, opts->template_name);
    progress(ctx, "Please edit " + versions::config_path(ctx.options.config) + " (database_url) and " + opts->dir +
                      "/models.yaml, then run 'strata revision --autogenerate -m \"...\"'.");
  });
}

void write_new_project(Context& ctx, const std::string& dir, const std::string& template_name,
                       const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string config = versions::config_path(ctx.options.config);
  for (const auto& file : versions::init_project(config, dir, template_name, settings))
    progress(ctx, "  Creating " + file + " ...  done");
}

void setup_list_templates(CLI::App& app, Context&) {
  auto* cmd = app.add_subcommand("list-templates", "List the templates init can use");
  cmd->callback([] {
    std::cout << "Available templates:\n\n";
    for (const auto& t : versions::list_templates()) std::cout << t.name << " - " << t.description << '\n';
    std::cout << "\nTemplates are used via the 'init' command, e.g.:\n\n  strata init --template generic ./migrations\n";
  });
}

}  // namespace strata::cli
