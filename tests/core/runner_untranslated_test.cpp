// The runner refuses a revision direction that `strata import alembic` left
// untranslated, before anything reaches the session: offline, not one line of
// SQL is printed; the error names the file, the revision and the reason.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "core/error.h"
#include "core/runner.h"
#include "core/script_sink.h"
#include "drivers/registry.h"
#include "graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace runner_untranslated_test {

using namespace strata;
using strata::testing::rev;

namespace {

class MemoryStore : public core::ScriptStore {
 public:
  std::map<std::string, core::RevisionBody> bodies;
  std::vector<core::RevisionHeader> headers;
  std::vector<core::RevisionHeader> list_headers() const override { return headers; }
  core::RevisionBody load_body(const core::RevisionHeader& h) const override { return bodies.at(h.id); }
};

class SilentReporter : public core::Reporter {
 public:
  void running(const core::Step&, const core::RevisionHeader&) override {}
};

core::RevisionBody creates(const std::string& table) {
  core::RevisionBody body;
  core::Table t;
  t.name = table;
  core::Column id;
  id.name = "id";
  id.type = "integer";
  id.primary_key = true;
  id.nullable = false;
  t.columns.push_back(id);
  body.upgrade.push_back(core::CreateTable{t});
  body.downgrade.push_back(core::DropTable{table, ""});
  return body;
}

}  // namespace

TEST_CASE("an untranslated direction stops the run before any statement") {
  MemoryStore store;
  store.headers = {rev("a1"), rev("b2", {"a1"}), rev("c3", {"b2"})};
  store.bodies["a1"] = creates("one");
  store.bodies["b2"] = creates("two");
  store.bodies["b2"].untranslated_downgrade = "a for loop (alembic/versions/b2.py:30)";
  store.bodies["c3"] = creates("three");
  store.bodies["c3"].untranslated_upgrade = "op.get_bind() is not an operation strata can translate (alembic/versions/c3.py:12)";
  core::RevisionGraph graph(store.headers);
  core::RunOptions options;
  options.version_table = {"alembic_version", ""};
  SilentReporter reporter;
  const auto& dialect = drivers::dialect_for(core::parse_database_url("sqlite://", "."));

  SUBCASE("upgrading through the untranslated upgrade") {
    std::ostringstream out;
    core::ScriptSink sink(dialect, out, false);
    CHECK_THROWS_WITH_AS(core::run_steps(sink, graph, store, graph.upgrade_path({}, "heads"), {}, options, reporter),
                         doctest::Contains("versions/c3.yaml: revision c3 cannot be run: its upgrade was not "
                                           "translated from Alembic: op.get_bind() is not an operation strata can "
                                           "translate (alembic/versions/c3.py:12)"),
                         core::ScriptError);
    CHECK(out.str().empty());  // not even a/b's statements: the whole run is refused
  }
  SUBCASE("upgrading short of it works, and its translated downgrade is not in the way") {
    std::ostringstream out;
    core::ScriptSink sink(dialect, out, false);
    core::run_steps(sink, graph, store, graph.upgrade_path({}, "b2"), {}, options, reporter);
    CHECK(out.str().find("CREATE TABLE \"two\"") != std::string::npos);
  }
  SUBCASE("downgrading through the untranslated downgrade") {
    std::ostringstream out;
    core::ScriptSink sink(dialect, out, true);
    auto steps = graph.downgrade_path({"c3"}, "a1");  // c3 down (translated), then b2 down (not)
    CHECK_THROWS_WITH_AS(core::run_steps(sink, graph, store, steps, {"c3"}, options, reporter),
                         doctest::Contains("revision b2 cannot be run: its downgrade was not translated"),
                         core::ScriptError);
    CHECK(out.str().empty());
  }
}

}  // namespace runner_untranslated_test
