// Upgrade and downgrade paths: Alembic's traversal scenarios as tables.
#include <doctest/doctest.h>

#include "core/error.h"
#include "tests/core/graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_paths_test {

using namespace strata;
using namespace strata::testing;
using core::RevisionGraph;

namespace {

// r0 <- b1 <- b2 ; r0 <- c1 <- c2 ; (b2, c2) <- m1 <- m2
RevisionGraph merged() {
  return RevisionGraph({rev("r0"), rev("b1", {"r0"}), rev("b2", {"b1"}), rev("c1", {"r0"}), rev("c2", {"c1"}),
                        rev("m1", {"b2", "c2"}), rev("m2", {"m1"})});
}

bool before(const Ids& v, const std::string& a, const std::string& b) {
  return std::find(v.begin(), v.end(), a) < std::find(v.begin(), v.end(), b);
}

}  // namespace

TEST_CASE("upgrade from base to heads applies parents first") {
  auto g = merged();
  auto path = ids(g.upgrade_path({}, "heads"));
  REQUIRE(path.size() == 7);
  CHECK(path.front() == "r0");
  CHECK(path.back() == "m2");
  for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"r0", "b1"}, {"b1", "b2"}, {"c1", "c2"}, {"b2", "m1"}, {"c2", "m1"}, {"m1", "m2"}})
    CHECK(before(path, a, b));
  for (const auto& s : g.upgrade_path({}, "heads")) CHECK(s.upgrade);
}

TEST_CASE("upgrade from one branch applies only what is missing") {
  auto g = merged();
  auto path = ids(g.upgrade_path({"b2"}, "m1"));
  CHECK(path == Ids{"c1", "c2", "m1"});
  CHECK(ids(g.upgrade_path({"b2", "c2"}, "heads")) == Ids{"m1", "m2"});
  CHECK(ids(g.upgrade_path({"m2"}, "heads")).empty());
  CHECK(ids(g.upgrade_path({"b1"}, "b1+1")) == Ids{"b2"});
  CHECK(ids(g.upgrade_path({"r0"}, "c2")) == Ids{"c1", "c2"});
}

TEST_CASE("relative upgrade +N from the current revision") {
  RevisionGraph g({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"})});
  CHECK(ids(g.upgrade_path({}, "+1")) == Ids{"a1"});
  CHECK(ids(g.upgrade_path({"a1"}, "+2")) == Ids{"a2", "a3"});
  CHECK_THROWS_AS(g.upgrade_path({"a2"}, "+2"), core::RevisionError);
}

TEST_CASE("downgrade reverts children first") {
  auto g = merged();
  CHECK(ids(g.downgrade_path({"m2"}, "-1")) == Ids{"m2"});
  CHECK(ids(g.downgrade_path({"m2"}, "m1")) == Ids{"m2"});
  auto to_base = ids(g.downgrade_path({"m2"}, "base"));
  REQUIRE(to_base.size() == 7);
  CHECK(to_base.front() == "m2");
  CHECK(to_base.back() == "r0");
  CHECK(before(to_base, "b2", "b1"));
  for (const auto& s : g.downgrade_path({"m2"}, "base")) CHECK_FALSE(s.upgrade);
}

TEST_CASE("downgrading below a merge point unmerges to the kept branch") {
  auto g = merged();
  // Going to b1 removes what descends from b1: b2, m1, m2. The c branch stays.
  CHECK(ids(g.downgrade_path({"m2"}, "b1")) == Ids{"m2", "m1", "b2"});
  // Going to the branch point removes both branches.
  auto path = ids(g.downgrade_path({"m2"}, "r0"));
  CHECK(path.size() == 6);
  CHECK(std::find(path.begin(), path.end(), "r0") == path.end());
}

TEST_CASE("downgrade with independent branches only touches the target's branch") {
  RevisionGraph g({rev("r0"), rev("b1", {"r0"}), rev("b2", {"b1"}), rev("c1", {"r0"}), rev("c2", {"c1"})});
  CHECK(ids(g.downgrade_path({"b2", "c2"}, "b1")) == Ids{"b2"});
  // As Alembic 1.8 (which warns): -1 from several rows steps down from the first row.
  CHECK(ids(g.downgrade_path({"b2", "c2"}, "-1")) == Ids{"b2"});
  CHECK(ids(g.downgrade_path({"c2", "b2"}, "-1")) == Ids{"c2"});
  CHECK(ids(g.downgrade_path({"b2", "c2"}, "b2-1")) == Ids{"b2"});
}

TEST_CASE("a downgrade target that is not applied is an error") {
  RevisionGraph g({rev("r0"), rev("b1", {"r0"}), rev("c1", {"r0"})});
  CHECK_THROWS_WITH_AS(g.downgrade_path({"b1"}, "c1"), doctest::Contains("not a valid downgrade target"),
                       core::RevisionError);
}

TEST_CASE("depends_on is honoured both ways") {
  // y2 depends on x2: upgrading to y2 applies x1, x2 first; removing x2 removes y2.
  RevisionGraph g({rev("x1"), rev("x2", {"x1"}, {}, {"xlib"}), rev("y1"), rev("y2", {"y1"}, {"x2"})});
  auto up = ids(g.upgrade_path({}, "y2"));
  CHECK(up.size() == 4);
  CHECK(before(up, "x2", "y2"));
  CHECK(before(up, "y1", "y2"));
  auto down = ids(g.downgrade_path({"x2", "y2"}, "x1"));
  CHECK(down == Ids{"y2", "x2"});
}

TEST_CASE("LABEL@base reverts one labelled branch") {
  RevisionGraph g({rev("a1", {}, {}, {"app"}), rev("a2", {"a1"}), rev("l1", {}, {}, {"lib"}), rev("l2", {"l1"})});
  CHECK(ids(g.downgrade_path({"a2", "l2"}, "lib@base")) == Ids{"l2", "l1"});
  CHECK(ids(g.upgrade_path({}, "lib@head")) == Ids{"l1", "l2"});
}

}  // namespace revision_paths_test
