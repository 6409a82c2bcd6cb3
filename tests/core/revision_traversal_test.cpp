// Alembic 1.8's traversal on the graphs large projects have (the expected
// steps and rows are what Alembic itself gives; tests/e2e/traversal_diff.py
// checks hundreds of random graphs the same way).
#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.h"
#include "core/version_edits.h"
#include "tests/core/graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_traversal_test {

using namespace strata;
using namespace strata::testing;
using core::RevisionGraph;

namespace {

// Expand/contract: two labelled branches from one base, depends_on between
// them in both directions.
RevisionGraph expand_contract() {
  return RevisionGraph({rev("base0"), rev("exp1", {"base0"}, {}, {"expand"}),
                        rev("con1", {"base0"}, {"exp1"}, {"contract"}), rev("exp2", {"exp1"}, {"con1"}),
                        rev("con2", {"con1"}, {"exp2"})});
}

// The version rows left after running the downgrade from ROWS to TARGET.
Ids rows_after(const RevisionGraph& g, const Ids& rows, const std::string& target, Ids* steps = nullptr) {
  auto path = g.downgrade_path(rows, target);
  core::HeadTracker tracker(g, rows);
  for (const auto& s : path) tracker.apply(s);
  if (steps) *steps = ids(path);
  auto left = tracker.heads();
  std::sort(left.begin(), left.end());
  return left;
}

}  // namespace

TEST_CASE("traversal: downgrade on an expand/contract graph keeps what Alembic keeps") {
  auto g = expand_contract();
  CHECK(ids(g.upgrade_path({}, "heads")) == Ids{"base0", "exp1", "con1", "exp2", "con2"});
  Ids steps;
  // con1 depends on exp1 but does not grow from it: it stays.
  CHECK(rows_after(g, {"con2"}, "exp1", &steps) == Ids{"con1"});
  CHECK(steps == Ids{"con2", "exp2"});
  // Downgrading to con1 reverts con2 only; exp2 (which depends on con1) stays applied.
  CHECK(rows_after(g, {"con2"}, "con1", &steps) == Ids{"con1", "exp2"});
  CHECK(steps == Ids{"con2"});
  CHECK(rows_after(g, {"con2"}, "expand@exp1") == Ids{"con1"});
  CHECK(rows_after(g, {"con2"}, "contract@-1") == Ids{"con1", "exp2"});
  CHECK(rows_after(g, {"con2"}, "expand@-1") == Ids{"con1"});
  CHECK(rows_after(g, {"con2"}, "base0", &steps) == Ids{"base0"});
  CHECK(steps == Ids{"con2", "exp2", "con1", "exp1"});
}

TEST_CASE("traversal: a downgrade target above the database is refused") {
  auto g = expand_contract();
  CHECK_THROWS_WITH_AS(g.downgrade_path({"exp1"}, "exp2"), doctest::Contains("not a valid downgrade target"),
                       core::RevisionError);
}

TEST_CASE("traversal: a labelled feature branch that depends on another root") {
  RevisionGraph g({rev("app1"), rev("app2", {"app1"}), rev("feat1", {}, {"app1"}, {"feature"}), rev("feat2", {"feat1"})});
  Ids steps;
  // feat1 depends on app1 without growing from it: downgrading to app1 keeps the feature.
  CHECK(rows_after(g, {"app2", "feat2"}, "app1", &steps) == Ids{"feat2"});
  CHECK(steps == Ids{"app2"});
  CHECK(rows_after(g, {"app2", "feat2"}, "feature@base", &steps) == Ids{"app2"});
  CHECK(steps == Ids{"feat2", "feat1"});
  CHECK(rows_after(g, {"app2", "feat2"}, "base", &steps).empty());
  CHECK(steps == Ids{"app2", "feat2", "feat1", "app1"});
  CHECK_THROWS_AS(g.downgrade_path({"app2"}, "feat1"), core::RevisionError);
}

TEST_CASE("traversal: -N from two heads starts at the first version row") {
  RevisionGraph g({rev("a0"), rev("a1", {"a0"}), rev("a2", {"a1"}), rev("b0"), rev("b1", {"b0"})});
  Ids steps;
  CHECK(rows_after(g, {"a2", "b1"}, "-2", &steps) == Ids{"a0", "b1"});
  CHECK(steps == Ids{"a2", "a1"});
  CHECK(rows_after(g, {"b1", "a2"}, "-2", &steps) == Ids{"a2"});
  CHECK(steps == Ids{"b1", "b0"});
}

TEST_CASE("traversal: a relative step through a merge or a branch point is ambiguous") {
  RevisionGraph g({rev("m0"), rev("m1", {"m0"}), rev("m2", {"m0"}), rev("mm", {"m1", "m2"}), rev("m3", {"mm"}),
                   rev("m4", {"mm"})});
  CHECK(rows_after(g, {"m3", "m4"}, "-1") == Ids{"m4"});
  CHECK_THROWS_WITH_AS(g.downgrade_path({"m3", "m4"}, "-2"), doctest::Contains("ambiguous"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.upgrade_path({"m0"}, "+1"), doctest::Contains("ambiguous"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.upgrade_path({}, "mm-1"), doctest::Contains("ambiguous"), core::RevisionError);
}

TEST_CASE("traversal: an unmerge keeps Alembic's rows, even one below another") {
  // r2 grows from r0 and depends on r1 (itself on r0): reverting r2 gives
  // back both of its immediate parents as rows, as Alembic writes them.
  RevisionGraph g({rev("r0"), rev("r1", {"r0"}), rev("r2", {"r0"}, {"r1"}), rev("r3")});
  CHECK(rows_after(g, {"r2", "r3"}, "-1") == Ids{"r0", "r1", "r3"});
}

TEST_CASE("traversal: relative targets that run off the graph are refused") {
  RevisionGraph g({rev("r0"), rev("r1", {"r0"})});
  CHECK_THROWS_WITH_AS(g.downgrade_path({"r1"}, "-3"), doctest::Contains("didn't produce"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.downgrade_path({"r1"}, "+1"), doctest::Contains("didn't produce"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.upgrade_path({"r1"}, "-1"), doctest::Contains("didn't produce"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.upgrade_path({"r1"}, "+1"), doctest::Contains("didn't produce"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.upgrade_path({}, "r1+1000000000"), doctest::Contains("too large"), core::RevisionError);
  CHECK(g.upgrade_path({}, "r0-1").empty());  // walks to base: nothing to apply
  CHECK_THROWS_WITH_AS(g.downgrade_path({"r1"}, "zzzz"), doctest::Contains("no such revision"), core::RevisionError);
  CHECK_THROWS_WITH_AS(g.downgrade_path({"gone"}, "r0"), doctest::Contains("stamp --purge"), core::RevisionError);
}

}  // namespace revision_traversal_test
