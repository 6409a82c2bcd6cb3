// SQL revision files (SPEC §5): "-- strata:KEY VALUE" header lines, then
// "-- +upgrade" and "-- +downgrade" sections of plain SQL. Each statement of
// a section becomes one core::Execute, so the runner treats YAML and SQL
// revisions alike.
#pragma once

#include <string>
#include <string_view>

#include "core/revision.h"

namespace strata::versions {

/// The header only (the statements are not split).
core::RevisionHeader parse_sql_header(std::string_view text, const std::string& file);
/// Header and statements; throws ScriptError naming FILE:LINE.
core::Revision parse_sql_revision(std::string_view text, const std::string& file);

}  // namespace strata::versions
