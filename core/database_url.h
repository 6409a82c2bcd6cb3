// Database URLs of SPEC §1, parsed without touching the network. The password
// is kept for connecting but never printed: redacted() replaces it with ***,
// and every message about a URL uses redacted().
#pragma once

#include <map>
#include <string>

namespace strata::core {

struct DatabaseUrl {
  std::string dialect;   ///< "sqlite", "postgresql" or "mysql"
  std::string user, password, host, database;
  int port = 0;          ///< 0: the driver's default
  std::string sqlite_path;  ///< resolved file path, or ":memory:"
  std::map<std::string, std::string> query;  ///< ?key=value parameters, decoded
  std::string original;  ///< as given

  /// The URL with the password replaced by ***.
  std::string redacted() const;
  bool in_memory() const { return dialect == "sqlite" && sqlite_path == ":memory:"; }
};

/// Parses URL; relative sqlite:/// paths are resolved against BASE_DIR.
/// Throws UsageError (exit 2) for an empty, malformed or unsupported URL;
/// the message never contains the password.
DatabaseUrl parse_database_url(const std::string& url, const std::string& base_dir);

/// Replaces the password of any URL-looking text (scheme://user:pass@) with ***.
/// In free text (a driver's message) a URL ends at white space.
std::string redact_passwords(std::string text);

/// The same for a text that is one value, a URL or a setting holding one:
/// the password of its first URL is what parse_database_url takes for it,
/// from the first ':' after "://" to the last '@', white space or not.
std::string redact_url(std::string value);

}  // namespace strata::core
