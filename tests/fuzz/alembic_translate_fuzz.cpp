// libFuzzer target of the Alembic translation (versions/alembic_ops.h): any
// file the reader accepts is translated, both bodies, with module constants
// as the importer passes them; translation must give operations or an
// untranslated reason, never a crash, a hang or an exception. How to build
// and run it: the STRATA_FUZZ block of CMakeLists.txt (seed corpus:
// tests/fuzz/corpus/python_reader).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "versions/alembic_ops.h"
#include "versions/python_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace strata::versions;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  py::Module module;
  try {
    module = py::parse_module(text, "fuzz.py");
  } catch (const strata::core::ScriptError&) {
    return 0;
  }
  AlembicContext context;
  context.file = "fuzz.py";
  for (const auto& s : module.statements) {
    if (s.kind == py::Statement::Kind::kAssign)
      for (const auto& t : s.targets) context.constants[t] = s.value;
    if (s.kind == py::Statement::Kind::kImport)
      for (const auto& [imported, bound] : s.names) context.imports[bound] = s.value.text + "." + imported;
  }
  for (const char* name : {"upgrade", "downgrade"})
    if (const py::Function* f = module.function(name)) {
      BodyTranslation t = translate_body(*f, context);
      volatile size_t sink = t.ops.size() + (t.untranslated ? t.untranslated->size() : 0);
      (void)sink;
    }
  return 0;
}
