// Helpers for the Alembic translation tests: a revision file read with the
// real Python reader, and its context built the way `strata import alembic`
// builds it (the module's imports and module-level constants).
#pragma once

#include <doctest/doctest.h>
#include "versions/yaml_tree.h"

#include <map>
#include <string>

#include "versions/alembic_ops.h"
#include "versions/op_yaml.h"
#include "versions/op_yaml_writer.h"

namespace alembic_test {

using namespace strata;
namespace py = versions::py;

inline versions::AlembicContext context_of(const py::Module& module, const std::string& file) {
  versions::AlembicContext context{file, {}, {}};
  for (const auto& st : module.statements) {
    if (st.kind == py::Statement::Kind::kImport) {
      const bool from = st.text.rfind("from", 0) == 0;
      for (const auto& [name, bound] : st.names)
        if (name != "*") context.imports[bound] = from ? st.value.text + "." + name : name;
    } else if (st.kind == py::Statement::Kind::kAssign) {
      for (const auto& target : st.targets) context.constants[target] = st.value;
    }
  }
  return context;
}

/// FUNCTION of SOURCE (a whole revision file), translated; DEFINES are
/// `--define NAME=VALUE` values (Python literals).
inline versions::BodyTranslation translate(const std::string& source, const char* function = "upgrade",
                                           const std::map<std::string, std::string>& defines = {}) {
  const py::Module module = py::parse_module(source, "versions/abc.py");
  versions::AlembicContext context = context_of(module, "versions/abc.py");
  for (const auto& [name, value] : defines) {
    const py::Module v = py::parse_module(name + " = " + value + "\n", "--define");
    context.constants[name] = *v.assignment(name);
  }
  const py::Function* fn = module.function(function);
  REQUIRE(fn != nullptr);
  return versions::translate_body(*fn, context);
}

/// The standard imports of an Alembic revision, then `def upgrade():` with
/// BODY (lines already indented by four spaces). The body starts on line 6.
inline std::string revision(const std::string& body) {
  return "from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n"
         "def upgrade():\n" +
         body;
}

/// The operations of an upgrade() whose body is BODY; fails the test when
/// it is not translated.
inline std::vector<core::Op> ops_of(const std::string& body) {
  auto r = translate(revision(body));
  INFO(body);
  CHECK_MESSAGE(!r.untranslated, r.untranslated.value_or(""));
  return r.ops;
}

/// The reason BODY is not translated ("" if it is).
inline std::string reason_of(const std::string& body) {
  return translate(revision(body)).untranslated.value_or("");
}

/// The strata type for the SQLAlchemy type expression EXPR, or "!" + the reason.
inline std::string type_of(const std::string& expr, const std::string& imports =
                                                        "import sqlalchemy as sa\n"
                                                        "from sqlalchemy.dialects import postgresql, mysql, sqlite\n") {
  const py::Module module = py::parse_module(imports + "t = " + expr + "\n", "t.py");
  versions::AlembicContext context = context_of(module, "t.py");
  context.constants.erase("t");
  std::string reason;
  auto type = versions::translate_type(*module.assignment("t"), context, reason);
  return type ? *type : "!" + reason;
}

/// OPS written as YAML and read back by strata's own parser: nothing lost.
inline void check_yaml_round_trip(const std::vector<core::Op>& ops) {
  const std::string text = versions::ops_to_yaml(ops);
  INFO("YAML:\n" << text);
  std::vector<core::Op> back;
  REQUIRE_NOTHROW(back = versions::parse_ops("t.yaml", versions::yaml::parse(text, "t.yaml"), "upgrade"));
  CHECK(back == ops);
}

}  // namespace alembic_test
