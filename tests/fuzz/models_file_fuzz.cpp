// libFuzzer target of models.yaml (versions/models_file.h): the input is
// one models file, or two when a line "#%file" splits it (so the checks
// across files, duplicate tables and foreign keys to the other file, run
// too). Any bytes must give a core::Schema or a core::Error, never a crash,
// a hang, a leak or another exception. How to build and run it: the
// STRATA_FUZZ block of CMakeLists.txt (seed corpus:
// tests/fuzz/corpus/models_file).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "versions/models_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using strata::versions::ModelsSource;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<ModelsSource> sources;
  static const std::string kSplit = "\n#%file\n";
  if (auto split = text.find(kSplit); split != std::string::npos)
    sources = {{"a/models.yaml", text.substr(0, split + 1)}, {"b/models.yaml", text.substr(split + kSplit.size())}};
  else
    sources = {{"models.yaml", text}};
  try {
    const strata::core::Schema schema = strata::versions::load_models_sources(sources);
    volatile std::size_t sink = schema.tables.size();  // keeps the work from being optimized away
    (void)sink;
  } catch (const strata::core::Error&) {
  }
  return 0;
}
