// Squashes in the graph: substituted for a whole range on a fresh database,
// the originals inside it, the squash standing for the range once its
// originals are gone, and the errors of a half-deleted range.
#include <doctest/doctest.h>

#include "core/error.h"
#include "core/version_edits.h"
#include "tests/core/graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_squash_test {

using namespace strata;
using namespace strata::testing;
using core::RevisionGraph;

namespace {

core::RevisionHeader squash(std::string id, std::vector<std::string> replaces, std::vector<std::string> down = {}) {
  auto h = rev(std::move(id), std::move(down));
  h.replaces = std::move(replaces);
  return h;
}

}  // namespace

TEST_CASE("squash: a fresh database runs the squash, with the rows of its range") {
  RevisionGraph g({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("b1"), squash("sq", {"a1", "a2"})});
  auto steps = g.upgrade_path({}, "heads");
  // b1 first: Alembic's order walks the heads in file order.
  REQUIRE(ids(steps) == Ids{"b1", "sq", "a3"});
  CHECK(steps[1].replaces == Ids{"a1", "a2"});
  core::HeadTracker tracker(g, {});
  tracker.apply(steps[1]);
  CHECK(tracker.heads() == Ids{"a2"});
  // Inside the range, or stopping inside it: the originals.
  CHECK(ids(g.upgrade_path({"a1"}, "heads")) == Ids{"b1", "a2", "a3"});
  CHECK(ids(g.upgrade_path({}, "a1")) == Ids{"a1"});
  CHECK(g.get("sq").replaces == Ids{"a1", "a2"});
  CHECK_FALSE(g.find("sq"));  // not a node of the graph
  CHECK(g.squashes().size() == 1);
}

TEST_CASE("squash: what the range needs runs before it, what builds on it after") {
  // x1 is outside the range and a2 depends on it; y1 depends on a1.
  RevisionGraph g({rev("x1"), rev("a1"), rev("a2", {"a1"}, {"x1"}), rev("y1", {}, {"a1"}),
                   squash("sq", {"a1", "a2"}, {})});
  auto order = ids(g.upgrade_path({}, "heads"));
  auto pos = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  REQUIRE(order.size() == 3);
  CHECK(pos("x1") < pos("sq"));
  CHECK(pos("sq") < pos("y1"));
}

TEST_CASE("squash: once the originals are deleted, it stands for the last one") {
  RevisionGraph g({rev("a3", {"a2"}), squash("sq", {"a1", "a2"})});
  CHECK(g.find("a2"));
  CHECK(g.get("a2").replaces == Ids{"a1", "a2"});
  CHECK(ids(g.upgrade_path({}, "heads")) == Ids{"a2", "a3"});
  CHECK(ids(g.downgrade_path({"a3"}, "base")) == Ids{"a3", "a2"});
  CHECK_THROWS_WITH_AS(g.upgrade_path({"a1"}, "heads"), doctest::Contains("inside the squashed range"),
                       core::RevisionError);
  CHECK_THROWS_WITH_AS(core::HeadTracker(g, {"a1"}), doctest::Contains("squash sq"), core::RevisionError);
}

TEST_CASE("squash: a half-deleted range, overlapping squashes and a clashing id are graph errors") {
  CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1"), squash("sq", {"a1", "a2"})}),
                       doctest::Contains("only some of those files exist (missing: a2)"), core::RevisionError);
  CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1"), rev("a2", {"a1"}), squash("s1", {"a1", "a2"}), squash("s2", {"a2"})}),
                       doctest::Contains("replaced by two squashes"), core::RevisionError);
  CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1"), rev("a2", {"a1"}), squash("a1", {"a1", "a2"})}),
                       doctest::Contains("has the id of a revision file"), core::RevisionError);
}

TEST_CASE("squash: two squashes in one upgrade, each in its place") {
  RevisionGraph g({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}), rev("a4", {"a3"}), rev("a5", {"a4"}),
                   squash("s1", {"a1", "a2"}), squash("s2", {"a3", "a4"})});
  auto steps = g.upgrade_path({}, "heads");
  REQUIRE(ids(steps) == Ids{"s1", "s2", "a5"});
  core::HeadTracker tracker(g, {});
  for (const auto& s : steps) tracker.apply(s);
  CHECK(tracker.heads() == Ids{"a5"});
}

TEST_CASE("squash: a squash whose originals are gone can itself be squashed") {
  // s1 stands for a2 (a1, a2 deleted); s2 replaces a2 (that is, s1) and a3.
  RevisionGraph kept({squash("s1", {"a1", "a2"}), rev("a3", {"a2"}), rev("a4", {"a3"}), squash("s2", {"a2", "a3"})});
  CHECK(kept.find("a2"));
  CHECK(ids(kept.upgrade_path({}, "heads")) == Ids{"s2", "a4"});
  CHECK(ids(kept.upgrade_path({"a2"}, "heads")) == Ids{"a3", "a4"});
  // s1's file deleted too: s2 is the node of a3.
  RevisionGraph folded({rev("a4", {"a3"}), squash("s2", {"a2", "a3"})});
  CHECK(ids(folded.upgrade_path({}, "heads")) == Ids{"a3", "a4"});
}

TEST_CASE("squash: a replaced revision that does not fit leaves the rows as they were") {
  // The squash lists its revisions out of order: a2 before a1.
  RevisionGraph g({rev("a1"), rev("a2", {"a1"}), squash("s", {"a2", "a1"})});
  core::HeadTracker tracker(g, {});
  CHECK_THROWS_AS(tracker.apply({"s", true, {"a2", "a1"}}), core::RevisionError);
  CHECK(tracker.heads().empty());
  CHECK_FALSE(tracker.is_applied("a1"));
}

}  // namespace revision_squash_test
