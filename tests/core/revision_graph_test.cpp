// The graph's structure, validation and history order, on in-memory literals.
#include <doctest/doctest.h>

#include "core/error.h"
#include "tests/core/graph_fixtures.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_graph_test {

using namespace strata;
using namespace strata::testing;
using core::RevisionGraph;

namespace {

// a1 <- a2 <- a3 (linear)
RevisionGraph linear() { return RevisionGraph({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"})}); }

// r0 <- b1 <- b2 and r0 <- c1 <- c2 (two branches from r0)
std::vector<core::RevisionHeader> branched() {
  return {rev("r0"), rev("b1", {"r0"}), rev("b2", {"b1"}), rev("c1", {"r0"}), rev("c2", {"c1"})};
}

}  // namespace

TEST_CASE("a linear graph has one head, one base, no branch or merge points") {
  auto g = linear();
  CHECK(g.heads() == Ids{"a3"});
  CHECK(g.bases() == Ids{"a1"});
  CHECK(g.newest_first() == Ids{"a3", "a2", "a1"});
  CHECK(g.is_head("a3"));
  CHECK_FALSE(g.is_head("a2"));
  CHECK_FALSE(g.is_branch_point("a1"));
  CHECK_FALSE(g.is_merge_point("a3"));
}

TEST_CASE("a branched graph has a branch point and two heads") {
  RevisionGraph g(branched());
  CHECK(g.heads() == Ids{"c2", "b2"});
  CHECK(g.is_branch_point("r0"));
  CHECK(g.children("r0") == Ids{"b1", "c1"});
  auto order = g.newest_first();
  REQUIRE(order.size() == 5);
  CHECK(order.back() == "r0");
  // Children always come before their parents.
  auto pos = [&](const std::string& id) { return std::find(order.begin(), order.end(), id) - order.begin(); };
  CHECK(pos("b2") < pos("b1"));
  CHECK(pos("c2") < pos("c1"));
}

TEST_CASE("a merge revision is a merge point and the only head") {
  auto revs = branched();
  revs.push_back(rev("m1", {"b2", "c2"}));
  RevisionGraph g(revs);
  CHECK(g.heads() == Ids{"m1"});
  CHECK(g.is_merge_point("m1"));
  CHECK(g.newest_first().front() == "m1");
}

TEST_CASE("depends_on makes an effective head, not a real one") {
  // x1 is a head by down_revision, but y2 depends on it.
  RevisionGraph g({rev("x1"), rev("y1"), rev("y2", {"y1"}, {"x1"})});
  CHECK(g.is_head("x1"));
  CHECK_FALSE(g.is_real_head("x1"));
  CHECK(g.real_heads() == Ids{"y2"});
  auto heads = g.heads();
  std::sort(heads.begin(), heads.end());
  CHECK(heads == Ids{"x1", "y2"});
}

TEST_CASE("depends_on may name a branch label") {
  RevisionGraph g({rev("x1", {}, {}, {"lib"}), rev("y1", {}, {"lib"})});
  CHECK(g.real_heads() == Ids{"y1"});
}

TEST_CASE("branch labels spread to descendants") {
  RevisionGraph g({rev("r0"), rev("b1", {"r0"}, {}, {"feature"}), rev("b2", {"b1"}), rev("c1", {"r0"})});
  CHECK(g.labels("b1") == Ids{"feature"});
  CHECK(g.labels("b2") == Ids{"feature"});
  CHECK(g.labels("c1").empty());
  CHECK(g.labels("r0").empty());  // r0 is a branch point: the label stops below it
}

TEST_CASE("a label on a new base reaches down its linear ancestors only when they are not branch points") {
  RevisionGraph g({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}, {}, {"tip"})});
  CHECK(g.labels("a1") == Ids{"tip"});
  CHECK(g.labels("a2") == Ids{"tip"});
}

TEST_CASE("graph errors name the file") {
  SUBCASE("duplicate id") {
    auto a = rev("a1"), b = rev("a1");
    b.path = "versions/other.yaml";
    CHECK_THROWS_WITH_AS(RevisionGraph({a, b}),
                         doctest::Contains("revision a1 is defined twice: in versions/a1.yaml and in versions/other.yaml"),
                         core::RevisionError);
  }
  SUBCASE("unknown down_revision") {
    CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1", {"zz"})}),
                         doctest::Contains("versions/a1.yaml: down_revision 'zz'"), core::RevisionError);
  }
  SUBCASE("unknown depends_on") {
    CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1", {}, {"zz"})}), doctest::Contains("depends_on 'zz'"),
                         core::RevisionError);
  }
  SUBCASE("cycle") {
    CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1", {"a3"}), rev("a2", {"a1"}), rev("a3", {"a2"})}),
                         doctest::Contains("cycle"), core::RevisionError);
  }
  SUBCASE("self reference") {
    CHECK_THROWS_AS(RevisionGraph({rev("a1", {"a1"})}), core::RevisionError);
  }
  SUBCASE("label used twice") {
    CHECK_THROWS_WITH_AS(RevisionGraph({rev("a1", {}, {}, {"x"}), rev("b1", {}, {}, {"x"})}),
                         doctest::Contains("branch label 'x' is used by revision a1"), core::RevisionError);
  }
  SUBCASE("label that is also a revision id") {
    CHECK_THROWS_AS(RevisionGraph({rev("a1"), rev("b1", {}, {}, {"a1"})}), core::RevisionError);
  }
  SUBCASE("invalid id") {
    CHECK_THROWS_WITH_AS(RevisionGraph({rev("a-1")}), doctest::Contains("invalid revision id"), core::RevisionError);
  }
}

TEST_CASE("an empty graph has no heads and no bases") {
  RevisionGraph g({});
  CHECK(g.heads().empty());
  CHECK(g.bases().empty());
  CHECK(g.upgrade_path({}, "heads").empty());
  CHECK(g.resolve("base", {}).empty());
}

TEST_CASE("a 10,000-revision linear graph builds without deep recursion") {
  std::vector<core::RevisionHeader> revs;
  // Ids built with append, not "r" + std::to_string(...): GCC 12 -Wrestrict false positive.
  auto id = [](int i) { return std::string("r").append(std::to_string(i)); };
  for (int i = 0; i < 10000; ++i) revs.push_back(rev(id(i), i ? Ids{id(i - 1)} : Ids{}));
  RevisionGraph g(revs);
  CHECK(g.heads() == Ids{"r9999"});
  CHECK(g.upgrade_path({}, "heads").size() == 10000);
  CHECK(g.downgrade_path({"r9999"}, "base").front().revision == "r9999");
}

}  // namespace revision_graph_test
