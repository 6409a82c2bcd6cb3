#include "versions/project_templates.h"

#include <filesystem>
#include <map>

#include "core/error.h"
#include "core/text.h"
#include "versions/embedded_templates.h"
#include "versions/revision_writer.h"
#include "versions/script_directory.h"

namespace strata::versions {

namespace fs = std::filesystem;

namespace {

std::string trim_newline(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// CONFIG with each KEY's top-level line replaced by "KEY: VALUE" (appended
// when the template has none).
std::string apply_settings(std::string config, const std::vector<std::pair<std::string, std::string>>& settings) {
  for (const auto& [key, value] : settings) {
    std::string line = key + ": " + value;
    size_t at = config.starts_with(key + ":") ? 0 : config.find("\n" + key + ":");
    if (at == std::string::npos) {
      if (!config.empty() && config.back() != '\n') config += '\n';
      config += line + "\n";
      continue;
    }
    if (at != 0) ++at;  // past the '\n'
    size_t end = config.find('\n', at);
    config.replace(at, (end == std::string::npos ? config.size() : end) - at, line);
  }
  return config;
}

}  // namespace

std::vector<TemplateInfo> list_templates() {
  std::map<std::string, std::string> found;
  for (const auto& f : embedded_templates()) {
    auto& desc = found[std::string(f.template_name)];
    if (f.path == "DESCRIPTION") desc = trim_newline(f.content);
  }
  std::vector<TemplateInfo> out;
  for (auto& [name, desc] : found) out.push_back({name, desc});
  return out;
}

std::vector<std::string> init_project(const std::string& config_path, const std::string& dir, const std::string& name,
                                      const std::vector<std::pair<std::string, std::string>>& settings) {
  std::vector<const EmbeddedFile*> files;
  for (const auto& f : embedded_templates())
    if (f.template_name == name && f.path != "DESCRIPTION") files.push_back(&f);
  if (files.empty()) {
    std::string names;
    for (const auto& t : list_templates()) names += (names.empty() ? "" : ", ") + t.name;
    throw core::UsageError("no such template '" + name + "' (available: " + names + ")");
  }
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    throw core::UsageError("directory '" + dir + "' already exists and is not empty");
  if (fs::exists(config_path, ec)) throw core::UsageError("config file '" + config_path + "' already exists");

  // script_location is written relative to the config file's folder.
  fs::path config_dir = fs::absolute(config_path).parent_path();
  std::string location = fs::absolute(dir).lexically_normal().lexically_relative(config_dir).generic_string();
  if (location.empty() || location.starts_with("..")) location = fs::absolute(dir).lexically_normal().generic_string();
  while (location.size() > 1 && location.back() == '/') location.pop_back();

  std::vector<std::string> written;
  fs::create_directories(fs::path(dir) / "versions", ec);
  if (ec) throw core::UsageError("cannot create '" + dir + "': " + ec.message());
  written.push_back((fs::path(dir) / "versions").string());
  for (const EmbeddedFile* f : files) {
    std::string content(f->content);
    if (f->path == "strata.yaml") {
      if (!config_dir.empty()) fs::create_directories(config_dir, ec);
      write_new_file(config_path, apply_settings(core::replace_all(content, "{{script_location}}", location), settings));
      written.push_back(config_path);
    } else {
      std::string target = (fs::path(dir) / std::string(f->path)).string();
      write_new_file(target, content);
      written.push_back(target);
    }
  }
  return written;
}

std::string revision_template(const std::string& script_dir, const std::string& ext) {
  fs::path own = fs::path(script_dir) / ("revision." + ext + ".tmpl");
  std::error_code ec;
  if (fs::is_regular_file(own, ec)) return read_file(own.string());
  std::string wanted = "revision." + ext + ".tmpl";
  for (const auto& f : embedded_templates())
    if (f.path == wanted) return std::string(f.content);
  throw core::UsageError("no built-in revision template for ." + ext + " files");
}

bool prefers_sql(const std::string& script_dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(script_dir) / "revision.sql.tmpl", ec) &&
         !fs::is_regular_file(fs::path(script_dir) / "revision.yaml.tmpl", ec);
}

}  // namespace strata::versions
