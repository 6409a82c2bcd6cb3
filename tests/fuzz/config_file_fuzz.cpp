// libFuzzer target of strata.yaml (versions/config_file.h): the loader on
// text (load_config_text, the same code load_config runs after reading the
// file) and ${VAR} / ${VAR:-default} expansion on the raw bytes. Any bytes
// must give a Config, an expanded string or a core::Error, never a crash, a
// hang, a leak or another exception. A few variables are set at start so
// that expansion finds set, empty and unset ones. How to build and run it:
// the STRATA_FUZZ block of CMakeLists.txt (seed corpus:
// tests/fuzz/corpus/config_file).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "versions/config_file.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ::setenv("DATABASE_URL", "postgresql://fuzz:s3cret@localhost:5432/app", 1);
  ::setenv("STRATA_FUZZ_DIR", "migrations", 1);
  ::setenv("STRATA_FUZZ_EMPTY", "", 1);
  ::setenv("STRATA_FUZZ_BRACES", "${DATABASE_URL}", 1);  // a value is not expanded again
  ::unsetenv("STRATA_FUZZ_UNSET");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t total = 0;
  try {
    total += strata::versions::expand_env(text, "fuzz").size();
  } catch (const strata::core::Error&) {
  }
  try {
    const strata::core::Config c = strata::versions::load_config_text("fuzz/strata.yaml", text);
    total += c.script_location.size() + c.database_url.size() + c.models.size() + c.naming_convention.size();
  } catch (const strata::core::Error&) {
  }
  volatile std::size_t sink = total;  // keeps the work from being optimized away
  (void)sink;
  return 0;
}
