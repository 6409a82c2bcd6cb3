// with_down_revisions (strata rebase): only the down_revision entry changes,
// in every form a revision file writes it, and what it writes reads back.
#include <doctest/doctest.h>

#include "core/error.h"
#include "versions/revision_rewrite.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_rewrite_test {

using strata::versions::with_down_revisions;

TEST_CASE("rewrite: a YAML scalar parent, comments and the rest kept") {
  const std::string text =
      "# a comment\nrevision: b2\ndown_revision: a1  # old\nmessage: two\nupgrade:\n  - execute: {sql: SELECT 1}\n";
  CHECK(with_down_revisions(text, "m/b2.yaml", {"z9"}) ==
        "# a comment\nrevision: b2\ndown_revision: z9\nmessage: two\nupgrade:\n  - execute: {sql: SELECT 1}\n");
}

TEST_CASE("rewrite: YAML null, flow and block lists, CRLF") {
  CHECK(with_down_revisions("revision: b2\ndown_revision: null\nmessage: m\n", "b.yaml", {"a1"}) ==
        "revision: b2\ndown_revision: a1\nmessage: m\n");
  CHECK(with_down_revisions("revision: m3\ndown_revision: [a1, b2]\nmessage: m\n", "m.yml", {"c3"}) ==
        "revision: m3\ndown_revision: c3\nmessage: m\n");
  CHECK(with_down_revisions("revision: m3\ndown_revision:\n  - a1\n  - b2\nmessage: m\n", "m.yaml", {"a1", "c3"}) ==
        "revision: m3\ndown_revision: [a1, c3]\nmessage: m\n");
  CHECK(with_down_revisions("revision: m3\ndown_revision:\n- a1\nmessage: m\n", "m.yaml", {}) ==
        "revision: m3\ndown_revision: null\nmessage: m\n");
  CHECK(with_down_revisions("revision: b2\r\ndown_revision: a1\r\nmessage: m\r\n", "b.yaml", {"z9"}) ==
        "revision: b2\r\ndown_revision: z9\r\nmessage: m\r\n");
}

TEST_CASE("rewrite: a YAML base with no down_revision entry gets one after its id") {
  CHECK(with_down_revisions("revision: b2\nmessage: m\n", "b.yaml", {"a1"}) ==
        "revision: b2\ndown_revision: a1\nmessage: m\n");
}

TEST_CASE("rewrite: SQL headers") {
  const std::string text =
      "-- strata:revision b2\n-- strata:down_revision a1\n-- strata:message two\n-- +upgrade\n"
      "-- strata:down_revision not-a-header\nSELECT 1;\n";
  CHECK(with_down_revisions(text, "b2.sql", {"z9", "y8"}) ==
        "-- strata:revision b2\n-- strata:down_revision z9, y8\n-- strata:message two\n-- +upgrade\n"
        "-- strata:down_revision not-a-header\nSELECT 1;\n");
  CHECK(with_down_revisions("-- strata:revision b2\n-- +upgrade\nSELECT 1;\n", "b2.sql", {"a1"}) ==
        "-- strata:revision b2\n-- strata:down_revision a1\n-- +upgrade\nSELECT 1;\n");
  CHECK(with_down_revisions(text, "b2.sql", {}) ==
        "-- strata:revision b2\n-- strata:message two\n-- +upgrade\n-- strata:down_revision not-a-header\nSELECT 1;\n");
}

TEST_CASE("rewrite: a form it cannot edit is refused, naming the file") {
  // down_revision set in a flow mapping of the whole document: no line of its own.
  CHECK_THROWS_WITH_AS(with_down_revisions("{revision: b2, down_revision: a1, message: m}\n", "m/b2.yaml", {"z9"}),
                       doctest::Contains("m/b2.yaml"), strata::core::ScriptError);
  CHECK_THROWS_WITH_AS(with_down_revisions("message: m\n", "m/x.yaml", {"z9"}), doctest::Contains("m/x.yaml"),
                       strata::core::ScriptError);
}

}  // namespace revision_rewrite_test
