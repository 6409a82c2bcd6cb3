// The composition root: global options, and everything a command may need,
// loaded lazily in order (config, then revision headers, then the graph) so a
// command pays only for what it uses, as ninja's tools declare how much state
// they need.
#pragma once

#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/database_url.h"
#include "core/dialect.h"
#include "core/session.h"
#include "core/revision_graph.h"
#include "versions/script_directory.h"

namespace strata::cli {

struct GlobalOptions {
  std::optional<std::string> config;  ///< -c/--config
  std::optional<std::string> url;     ///< --url
  bool quiet = false;
  bool verbose = false;
  bool json = false;
};

class Context {
 public:
  GlobalOptions options;

  const core::Config& config();
  /// The script location, resolved against the config file's folder.
  std::filesystem::path script_dir();
  versions::ScriptDirectory& scripts();
  const core::RevisionGraph& graph();
  /// The database URL (--url, else database_url), parsed.
  core::DatabaseUrl database_url();
  /// A new connection to the database (the one start_connecting() opened,
  /// when it was called).
  std::unique_ptr<core::Session> connect();
  /// Opens the connection on another thread while this one reads the
  /// revision files: on PostgreSQL the handshake (SCRAM, TLS) costs as much as
  /// reading a thousand headers. Its errors surface in connect(), so file
  /// errors are still reported first.
  void start_connecting();
  core::VersionTable version_table();

 private:
  std::optional<core::Config> config_;
  std::unique_ptr<versions::ScriptDirectory> scripts_;
  std::unique_ptr<core::RevisionGraph> graph_;
  std::future<std::unique_ptr<core::Session>> pending_session_;
};

/// Writes a progress line to stderr unless --quiet.
void progress(const Context& ctx, const std::string& line);

}  // namespace strata::cli
