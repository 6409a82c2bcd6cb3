// The version-table rules: the rows after each step, and the edit kinds
// (insert for a new branch, delete for a branch gone, update otherwise).
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/version_edits.h"
#include "tests/core/graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace version_edits_test {

using namespace strata;
using namespace strata::testing;
using core::HeadTracker;
using core::VersionEdit;
using Kind = VersionEdit::Kind;

namespace {

// r0 <- b1 <- b2 ; r0 <- c1 ; (b2, c1) <- m1
core::RevisionGraph graph() {
  return core::RevisionGraph({rev("r0"), rev("b1", {"r0"}), rev("b2", {"b1"}), rev("c1", {"r0"}), rev("m1", {"b2", "c1"})});
}

Ids sorted(Ids v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("a base inserts, a plain step updates") {
  auto g = graph();
  HeadTracker t(g, {});
  auto e = t.apply({"r0", true});
  REQUIRE(e.size() == 1);
  CHECK(e[0].kind == Kind::kInsert);
  CHECK(e[0].to == "r0");
  e = t.apply({"b1", true});
  REQUIRE(e.size() == 1);
  CHECK(e[0].kind == Kind::kUpdate);
  CHECK(e[0].from == "r0");
  CHECK(e[0].to == "b1");
  CHECK(t.heads() == Ids{"b1"});
}

TEST_CASE("a second branch from an applied revision inserts a row") {
  auto g = graph();
  HeadTracker t(g, {"b2"});
  auto e = t.apply({"c1", true});
  REQUIRE(e.size() == 1);
  CHECK(e[0].kind == Kind::kInsert);
  CHECK(sorted(t.heads()) == Ids{"b2", "c1"});
}

TEST_CASE("a merge deletes one row and updates the other; unmerge reverses it") {
  auto g = graph();
  HeadTracker t(g, {"b2", "c1"});
  auto e = t.apply({"m1", true});
  REQUIRE(e.size() == 2);
  CHECK(e[0].kind == Kind::kDelete);
  CHECK(e[1].kind == Kind::kUpdate);
  CHECK(e[1].to == "m1");
  CHECK(t.heads() == Ids{"m1"});
  e = t.apply({"m1", false});
  REQUIRE(e.size() == 2);
  CHECK(e[0].kind == Kind::kInsert);
  CHECK(e[1].kind == Kind::kUpdate);
  CHECK(sorted(t.heads()) == Ids{"b2", "c1"});
}

TEST_CASE("reverting one branch of two deletes its row") {
  auto g = graph();
  HeadTracker t(g, {"b2", "c1"});
  auto e = t.apply({"c1", false});
  REQUIRE(e.size() == 1);
  CHECK(e[0].kind == Kind::kDelete);
  CHECK(e[0].from == "c1");
  CHECK(t.heads() == Ids{"b2"});
  e = t.apply({"b2", false});
  CHECK(e[0].kind == Kind::kUpdate);
  t.apply({"b1", false});
  e = t.apply({"r0", false});
  CHECK(e[0].kind == Kind::kDelete);
  CHECK(t.heads().empty());
}

TEST_CASE("depends_on: the dependency's row goes away when its dependent is applied") {
  core::RevisionGraph g({rev("x1"), rev("y1"), rev("y2", {"y1"}, {"x1"})});
  HeadTracker t(g, {"x1", "y1"});
  t.apply({"y2", true});
  CHECK(t.heads() == Ids{"y2"});
  t.apply({"y2", false});
  CHECK(sorted(t.heads()) == Ids{"x1", "y1"});
}

TEST_CASE("steps that do not fit the rows are refused") {
  auto g = graph();
  HeadTracker t(g, {"b1"});
  CHECK_THROWS_AS(t.apply({"b1", true}), core::RevisionError);   // already applied
  CHECK_THROWS_AS(t.apply({"m1", true}), core::RevisionError);   // parents missing
  CHECK_THROWS_AS(t.apply({"r0", false}), core::RevisionError);  // b1 still above it
  CHECK_THROWS_WITH_AS(HeadTracker(g, {"zzz"}), doctest::Contains("no revision file defines"), core::RevisionError);
}

TEST_CASE("reset replaces the rows with the true heads of the target set") {
  auto g = graph();
  HeadTracker t(g, {"b2", "c1"});
  auto e = t.reset({"m1"});
  CHECK(t.heads() == Ids{"m1"});
  CHECK(e.size() == 2);
  t.reset({"r0", "b1"});  // r0 is an ancestor of b1: one row
  CHECK(t.heads() == Ids{"b1"});
  t.reset({});
  CHECK(t.heads().empty());
}

}  // namespace version_edits_test
