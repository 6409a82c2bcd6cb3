// libFuzzer target of revision targets and history ranges: parse_target
// (core/target.h), and, on a small fixed graph built at start (two bases, a
// branch point, a merge, labels, a depends_on and a squash), resolve and
// resolve_one from three database states, history_range, and the upgrade
// and downgrade paths (core/revision_graph.h). Any bytes must give a result
// or a core::Error, never a crash, a hang, a leak or another exception. How
// to build and run it: the STRATA_FUZZ block of CMakeLists.txt (seed
// corpus: tests/fuzz/corpus/target).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/revision_graph.h"
#include "core/target.h"

namespace {

using strata::core::RevisionGraph;
using strata::core::RevisionHeader;

std::unique_ptr<RevisionGraph> graph;

RevisionHeader rev(std::string id, std::vector<std::string> down, std::vector<std::string> depends = {},
                   std::vector<std::string> labels = {}, std::vector<std::string> replaces = {}) {
  RevisionHeader h;
  h.id = id;
  h.down_revisions = std::move(down);
  h.depends_on = std::move(depends);
  h.branch_labels = std::move(labels);
  h.replaces = std::move(replaces);
  h.path = "versions/" + id + ".yaml";
  return h;
}

// The database states targets are resolved from: empty, at the branch
// point, on both branches, at both heads.
const std::vector<std::vector<std::string>> kCurrents = {
    {}, {"a1b2d4"}, {"b7e8f9", "c4d5e6"}, {"d0e1f2", "f6a7b8"}};

template <typename F>
std::size_t attempt(F f) {
  try {
    return f();
  } catch (const strata::core::Error&) {
    return 0;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  //   a1b2c3 (core) - a1b2d4 -+- b7e8f9 (feature) -+- d0e1f2
  //                           +- c4d5e6 -----------+
  //   e3f4a5 (other, depends on a1b2d4) - f6a7b8; squash 5a9b0c replaces both
  graph = std::make_unique<RevisionGraph>(std::vector<RevisionHeader>{
      rev("a1b2c3", {}, {}, {"core"}), rev("a1b2d4", {"a1b2c3"}), rev("b7e8f9", {"a1b2d4"}, {}, {"feature"}),
      rev("c4d5e6", {"a1b2d4"}), rev("d0e1f2", {"b7e8f9", "c4d5e6"}), rev("e3f4a5", {}, {"a1b2d4"}, {"other"}),
      rev("f6a7b8", {"e3f4a5"}), rev("5a9b0c", {}, {"a1b2d4"}, {}, {"e3f4a5", "f6a7b8"})});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const RevisionGraph& g = *graph;
  std::size_t total = attempt([&] { return strata::core::parse_target(text).symbol.size(); });
  total += attempt([&] { return g.history_range(text).size(); });
  total += attempt([&] { return g.resolve_one(text).size(); });
  total += attempt([&] { return g.resolve(text, {}, true).size(); });
  for (const auto& current : kCurrents) {
    total += attempt([&] { return g.resolve(text, current).size(); });
    total += attempt([&] { return g.upgrade_path(current, text).size(); });
    total += attempt([&] { return g.downgrade_path(current, text).size(); });
  }
  volatile std::size_t sink = total;  // keeps the work from being optimized away
  (void)sink;
  return 0;
}
