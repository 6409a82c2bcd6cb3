#include "versions/alembic_ops.h"

#include <doctest/doctest.h>

using namespace strata;

TEST_CASE("alembic ops: smoke") {
  auto m = versions::py::parse_module("def upgrade():\n    op.drop_table('x')\n", "v.py");
  versions::AlembicContext ctx{"v.py", {}, {}};
  auto r = versions::translate_body(*m.function("upgrade"), ctx);
  CHECK(!r.untranslated);
  REQUIRE(r.ops.size() == 1);
  CHECK(r.ops[0] == core::Op{core::DropTable{"x", ""}});
}
