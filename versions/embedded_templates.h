// The init templates compiled into the binary (templates/embed.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace strata::versions {

struct EmbeddedFile {
  std::string_view template_name;  ///< e.g. "generic"
  std::string_view path;           ///< relative to the template folder
  std::string_view content;
};

/// Every embedded file, sorted by template then path.
const std::vector<EmbeddedFile>& embedded_templates();

}  // namespace strata::versions
