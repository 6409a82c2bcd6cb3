// libFuzzer target of the YAML reader (versions/yaml_tree.h) and of the
// revision-file reader built on it: any bytes must give a tree (or a
// revision) or a core::ScriptError, never a crash, a hang, a leak or another
// exception. The whole tree is walked, aliases included (their expansion is
// bounded by the reader), and every scalar goes through the decoders. How to
// build and run it: the STRATA_FUZZ block of CMakeLists.txt (seed corpus:
// tests/fuzz/corpus/yaml_reader).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "versions/revision_yaml.h"
#include "versions/yaml_nodes.h"
#include "versions/yaml_scalars.h"

namespace {

using strata::versions::yaml::Node;

std::size_t walk(const Node& node) {
  std::size_t total = 1;
  if (node.is_scalar()) {
    const std::string& s = node.scalar();
    total += s.size() + node.quoted() + static_cast<std::size_t>(node.mark().line);
    total += strata::versions::yaml::decode_bool(s).has_value();
    total += strata::versions::yaml::decode_integer(s).has_value();
    total += strata::versions::yaml::decode_double(s).has_value();
  }
  for (const auto& entry : node) total += node.is_map() ? walk(entry.first) + walk(entry.second) : walk(entry);
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  try {
    total += walk(strata::versions::parse_yaml(text, "fuzz.yaml"));
  } catch (const strata::core::ScriptError&) {
  }
  try {
    total += strata::versions::parse_yaml_header(text, "fuzz.yaml").id.size();
  } catch (const strata::core::ScriptError&) {
  }
  try {
    total += strata::versions::parse_yaml_revision(text, "fuzz.yaml").body.upgrade.size();
  } catch (const strata::core::ScriptError&) {
  }
  volatile std::size_t sink = total;  // keeps the walk from being optimized away
  (void)sink;
  return 0;
}
