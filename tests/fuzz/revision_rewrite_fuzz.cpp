// libFuzzer target of `strata rebase`'s file rewriter
// (versions/revision_rewrite.h): any bytes, as a YAML or a SQL revision file,
// given new parents, must give a text that reads back with exactly those
// parents, or a core::Error; never a crash, a hang, a leak or another
// exception. Seed corpus: tests/fuzz/corpus/revision_rewrite.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "versions/revision_rewrite.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::vector<std::string>> parents = {{}, {"b2"}, {"a1", "c3"}};
  for (const char* path : {"fuzz.yaml", "fuzz.sql"})
    for (const auto& p : parents) {
      try {
        (void)strata::versions::with_down_revisions(text, path, p);
      } catch (const strata::core::Error&) {
      }
    }
  return 0;
}
