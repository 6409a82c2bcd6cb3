// libFuzzer target of the Python reader (versions/python_reader.h): any bytes
// must give a Module or a core::ScriptError, never a crash, a hang or another
// exception. The tree is walked with the helpers the translator uses, so
// that a malformed tree (or a too deep one) shows up here too. How to build
// and run it: the STRATA_FUZZ block of CMakeLists.txt.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "versions/python_reader.h"

namespace {

using namespace strata::versions::py;

size_t walk(const std::vector<Statement>& body) {
  size_t total = 0;
  for (const Statement& s : body) {
    total += to_source(s.value).size() + dotted_name(s.value).size() + s.text.size();
    total += walk(s.body);
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Module module = parse_module(text, "fuzz.py");
    size_t total = walk(module.statements) + module.docstring.size();
    for (const Function& f : module.functions) total += walk(f.body) + f.docstring.size();
    if (module.assignment("revision")) ++total;
    if (module.function("upgrade")) ++total;
    // Keeps the walk from being optimized away.
    volatile size_t sink = total;
    (void)sink;
  } catch (const strata::core::ScriptError&) {
  }
  return 0;
}
