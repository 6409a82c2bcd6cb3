// The composition root: global options, and everything a command may need,
// loaded lazily in order (config, then revision headers, then the graph) so a
// command pays only for what it uses, as ninja's tools declare how much state
// they need.
#pragma once

#include <filesystem>
#include <atomic>
#include <exception>
#include <functional>
#include <thread>
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
  /// Opens a PostgreSQL connection on another thread while this one reads
  /// the revision files: the handshake (SCRAM, TLS) costs as much as reading
  /// a thousand headers. Its errors surface in connect(), so file errors are
  /// still reported first. SQLite opens in microseconds: not worth a thread.
  void start_connecting();
  /// Opens a connection to any database on another thread and then runs
  /// PREPARE on it there, so that work which waits on the server (reading
  /// the catalog) overlaps this thread's own (loading the models). PREPARE
  /// must not touch the Context. Its errors, like the connection's, surface
  /// in connect(); when no thread can be had, or for SQLite (whose file the
  /// connection would create), connect() runs it in line.
  void start_connecting(std::function<void(core::Session&)> prepare);
  core::VersionTable version_table();

 private:
  std::optional<core::Config> config_;
  std::unique_ptr<versions::ScriptDirectory> scripts_;
  std::unique_ptr<core::RevisionGraph> graph_;
  /// A connection being opened on another thread (start_connecting).
  struct PendingSession {
    std::atomic<bool> done{false};
    std::unique_ptr<core::Session> session;
    std::exception_ptr error;
  };
  std::function<void(core::Session&)> prepare_;  // for connect() to run when no thread ran it
  std::shared_ptr<PendingSession> pending_;
  std::thread connector_;

 public:
  Context() = default;
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context();
  /// True while a connection nobody has waited for is still being opened:
  /// main() then exits without waiting for it (a dead host can take minutes).
  bool connection_pending() const;
};

/// Writes a progress line to stderr unless --quiet.
void progress(const Context& ctx, const std::string& line);

}  // namespace strata::cli
