// YAML revision files (SPEC §5). Headers are read by a small scanner that
// understands the simple forms strata writes (plain or quoted scalars, null,
// [a, b] lists) and falls back to yaml-cpp for anything else, so listing
// 10,000 revisions stays fast while any valid YAML is still accepted.
#pragma once

#include <string>
#include <string_view>

#include "core/revision.h"

namespace strata::versions {

/// The header of a YAML revision file; FILE is used in messages and kept as path.
core::RevisionHeader parse_yaml_header(std::string_view text, const std::string& file);
/// Header and body, validated in full with yaml-cpp.
core::Revision parse_yaml_revision(std::string_view text, const std::string& file);

/// YAML text for a scalar: plain when that reads back as the same string, else double-quoted.
std::string yaml_scalar(std::string_view s);
/// YAML flow list "[a, b]" of scalars.
std::string yaml_list(const std::vector<std::string>& items);

}  // namespace strata::versions
