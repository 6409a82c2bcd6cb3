// Target parsing and resolution: every form of SPEC §6.
#include <doctest/doctest.h>

#include "core/error.h"
#include "tests/core/graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace target_test {

using namespace strata;
using namespace strata::testing;
using core::RevisionGraph;

TEST_CASE("parse_target reads every form") {
  auto t = core::parse_target("head");
  CHECK(t.symbol == "head");
  CHECK_FALSE(t.relative);
  t = core::parse_target("+2");
  CHECK(t.symbol.empty());
  CHECK(*t.relative == 2);
  t = core::parse_target("-1");
  CHECK(*t.relative == -1);
  t = core::parse_target("ae10+3");
  CHECK(t.symbol == "ae10");
  CHECK(*t.relative == 3);
  t = core::parse_target("feature@head");
  CHECK(t.branch == "feature");
  CHECK(t.symbol == "head");
  t = core::parse_target("feature@+1");
  CHECK(t.branch == "feature");
  CHECK(*t.relative == 1);
  CHECK_THROWS_AS(core::parse_target(""), core::RevisionError);
  CHECK_THROWS_AS(core::parse_target("@head"), core::RevisionError);
  CHECK_THROWS_AS(core::parse_target("abc+x"), core::RevisionError);
  CHECK_THROWS_AS(core::parse_target("feature@"), core::RevisionError);
}

TEST_CASE("targets resolve against the graph") {
  RevisionGraph g({rev("1975ea83b712"), rev("ae1027a6acf0", {"1975ea83b712"}), rev("ae1099990000", {"ae1027a6acf0"})});
  CHECK(g.resolve("head", {}) == Ids{"ae1099990000"});
  CHECK(g.resolve("heads", {}) == Ids{"ae1099990000"});
  CHECK(g.resolve("base", {}).empty());
  CHECK(g.resolve("1975", {}) == Ids{"1975ea83b712"});
  CHECK(g.resolve("ae1027a6acf0", {}) == Ids{"ae1027a6acf0"});
  CHECK(g.resolve("1975ea83b712+1", {}) == Ids{"ae1027a6acf0"});
  CHECK(g.resolve("ae1099990000-2", {}) == Ids{"1975ea83b712"});
  CHECK(g.resolve("head-1", {}) == Ids{"ae1027a6acf0"});
  CHECK(g.resolve("+1", {"1975ea83b712"}) == Ids{"ae1027a6acf0"});
  CHECK(g.resolve("+1", {}) == Ids{"1975ea83b712"});  // from base
  CHECK(g.resolve("-1", {"ae1027a6acf0"}) == Ids{"1975ea83b712"});
  CHECK(g.resolve("-2", {"ae1027a6acf0"}).empty());  // down to base
  SUBCASE("an ambiguous partial id lists the candidates") {
    CHECK_THROWS_WITH_AS(g.resolve("ae10", {}),
                         doctest::Contains("multiple revisions start with 'ae10': ae1027a6acf0, ae1099990000"),
                         core::RevisionError);
  }
  SUBCASE("unknown ids and walks past the ends fail") {
    CHECK_THROWS_WITH_AS(g.resolve("ffff", {}), doctest::Contains("no such revision or branch 'ffff'"),
                         core::RevisionError);
    CHECK_THROWS_AS(g.resolve("+5", {}), core::RevisionError);
    CHECK_THROWS_AS(g.resolve("-3", {"ae1027a6acf0"}), core::RevisionError);
  }
}

TEST_CASE("head is an error with several heads; heads and LABEL@head are not") {
  RevisionGraph g({rev("r0"), rev("b1", {"r0"}, {}, {"feature"}), rev("c1", {"r0"})});
  CHECK_THROWS_WITH_AS(g.resolve("head", {}), doctest::Contains("multiple heads"), core::RevisionError);
  auto heads = g.resolve("heads", {});
  std::sort(heads.begin(), heads.end());
  CHECK(heads == Ids{"b1", "c1"});
  CHECK(g.resolve("feature@head", {}) == Ids{"b1"});
  CHECK(g.resolve("feature", {}) == Ids{"b1"});
  CHECK(g.resolve("c1@head", {}) == Ids{"c1"});  // a revision id stands for its lineage
  CHECK_THROWS_WITH_AS(g.resolve("nobranch@head", {}), doctest::Contains("no such branch"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.resolve("feature@c1", {}), doctest::Contains("not a member of branch 'feature'"),
                       core::RevisionError);
  SUBCASE("relative targets across a branch point are ambiguous") {
    CHECK_THROWS_WITH_AS(g.resolve("r0+1", {}), doctest::Contains("ambiguous"), core::RevisionError);
    CHECK_THROWS_WITH_AS(g.resolve("+1", {"b1", "c1"}), doctest::Contains("ambiguous"), core::RevisionError);
  }
  SUBCASE("LABEL@+N and LABEL@-N move along one branch") {
    RevisionGraph h({rev("r0"), rev("b1", {"r0"}, {}, {"feature"}), rev("b2", {"b1"}), rev("c1", {"r0"})});
    CHECK(h.resolve("feature@+1", {"b1", "c1"}) == Ids{"b2"});
    CHECK(h.resolve("feature@-1", {"b2", "c1"}) == Ids{"b1"});
  }
}

TEST_CASE("history ranges") {
  RevisionGraph g({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("a4", {"a3"})});
  CHECK(g.history_range("a2:a3") == Ids{"a3", "a2"});
  CHECK(g.history_range("a3:") == Ids{"a4", "a3"});
  CHECK(g.history_range(":a2") == Ids{"a2", "a1"});
  CHECK(g.history_range("-2:") == Ids{"a4", "a3", "a2"});
  CHECK(g.history_range("base:heads").size() == 4);
  CHECK_THROWS_WITH_AS(g.history_range("a2"), doctest::Contains("[start]:[end]"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.history_range("a3:a2"), doctest::Contains("range a3:a2 does not refer to ancestor"),
                       core::RevisionError);
}

}  // namespace target_test
