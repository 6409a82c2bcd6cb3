#include "cli/context.h"

#include <iostream>
#include <system_error>
#include <thread>
#include <utility>

#include "core/error.h"
#include "drivers/registry.h"
#include "versions/config_file.h"

namespace strata::cli {

namespace fs = std::filesystem;

const core::Config& Context::config() {
  if (!config_) {
    config_ = versions::load_config(versions::config_path(options.config));
    if (options.url) {
      config_->database_url = *options.url;
      config_->database_url_error.clear();
    }
  }
  return *config_;
}

fs::path Context::script_dir() {
  const auto& c = config();
  return (fs::path(c.dir) / c.script_location).lexically_normal();
}

versions::ScriptDirectory& Context::scripts() {
  if (!scripts_) {
    std::vector<fs::path> dirs;
    for (const auto& loc : config().version_locations) dirs.push_back((fs::path(config().dir) / loc).lexically_normal());
    if (dirs.empty()) dirs.push_back(script_dir() / "versions");
    scripts_ = std::make_unique<versions::ScriptDirectory>(std::move(dirs));
  }
  return *scripts_;
}

const core::RevisionGraph& Context::graph() {
  if (!graph_) graph_ = std::make_unique<core::RevisionGraph>(scripts().list_headers());
  return *graph_;
}

core::DatabaseUrl Context::database_url() {
  if (!config().database_url_error.empty()) throw core::UsageError(config().database_url_error);
  return core::parse_database_url(config().database_url, config().dir);
}

Context::~Context() {
  // Reached only when no connection is pending (see connection_pending) or
  // after connect(): the thread has finished or is finishing.
  if (connector_.joinable()) connector_.join();
}

std::unique_ptr<core::Session> Context::connect() {
  if (!pending_) {
    auto session = drivers::open_session(database_url());
    if (auto prepare = std::exchange(prepare_, {})) prepare(*session);
    return session;
  }
  connector_.join();
  auto p = std::move(pending_);
  if (p->error) std::rethrow_exception(p->error);
  return std::move(p->session);
}

void Context::start_connecting() {
  if (database_url().dialect == "postgresql") start_connecting(nullptr);  // a bad URL is a usage error, here and now
}

void Context::start_connecting(std::function<void(core::Session&)> prepare) {
  if (pending_) return;
  core::DatabaseUrl url = database_url();
  // Opening SQLite creates the file: a command that then fails on its own
  // files (a broken models file) must leave no app.db behind. It opens in
  // microseconds and reflects in-process, so nothing is lost in line.
  if (url.dialect == "sqlite") {
    prepare_ = std::move(prepare);
    return;
  }
  auto p = std::make_shared<PendingSession>();
  try {
    connector_ = std::thread([p, url, prepare] {
      try {
        p->session = drivers::open_session(url);
        if (prepare) prepare(*p->session);
      } catch (...) {
        p->error = std::current_exception();
      }
      p->done = true;
    });
    pending_ = std::move(p);
  } catch (const std::system_error&) {
    prepare_ = std::move(prepare);  // no thread to be had (a pids limit): connect() does it all in line
  }
}

bool Context::connection_pending() const { return pending_ && !pending_->done; }

core::VersionTable Context::version_table() {
  return {config().version_table, config().version_table_schema.value_or(""), config().revision_log_table};
}

void progress(const Context& ctx, const std::string& line) {
  if (ctx.options.quiet) return;
  // One write per line: stderr is unbuffered, and `<< line << '\n'` is two.
  std::string out = line;
  out += '\n';
  std::cerr.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace strata::cli
