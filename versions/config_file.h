// Finding and loading strata.yaml (SPEC §3): discovery (-c, $STRATA_CONFIG,
// ./strata.yaml), ${VAR} / ${VAR:-default} expansion, defaults, and strict
// validation: an unknown key or a wrong type names the file, line and key.
#pragma once

#include <optional>
#include <string>

#include "core/config.h"

namespace strata::versions {

/// The config file to use: EXPLICIT (-c), else $STRATA_CONFIG, else ./strata.yaml.
std::string config_path(const std::optional<std::string>& explicit_path);

/// Loads PATH; throws UsageError (exit 2) when it is missing or invalid.
core::Config load_config(const std::string& path);
/// The same for TEXT already read: PATH names it in messages and gives
/// Config::dir (the file need not exist). Throws UsageError.
core::Config load_config_text(const std::string& path, const std::string& text);

/// Expands ${VAR} and ${VAR:-default} in TEXT ("$${" stays a literal "${").
/// An unset variable without a default throws UsageError naming WHERE.
std::string expand_env(const std::string& text, const std::string& where);

}  // namespace strata::versions
