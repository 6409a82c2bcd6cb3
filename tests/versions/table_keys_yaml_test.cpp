// The primary_key table key, column identity and the table comment
// operations in YAML: read, written, read back the same; bad input names
// its file and line.
#include <doctest/doctest.h>
#include "versions/yaml_tree.h"

#include "core/error.h"
#include "versions/models_file.h"
#include "versions/op_yaml.h"
#include "versions/op_yaml_writer.h"

// Its own namespace: the unity build compiles several test files as one.
namespace table_keys_yaml_test {

using namespace strata;

namespace {

std::vector<core::Op> reparse(const std::string& text) {
  return versions::parse_ops("t.yaml", versions::yaml::parse(text, "t.yaml"), "upgrade");
}

std::string model_error(const std::string& text) {
  try {
    versions::load_models_text("m.yaml", text);
  } catch (const core::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("models: primary_key {name, columns} and identity, written and read back") {
  const core::Schema s = versions::load_models_text("m.yaml", R"(tables:
  - name: pair
    columns:
      - {name: a, type: integer}
      - {name: b, type: integer, primary_key: true}
    primary_key: {name: pk_pair, columns: [b, a]}
  - name: tokens
    columns:
      - {name: id, type: integer, primary_key: true, identity: true}
      - {name: n, type: biginteger, identity: {always: true, start: 5, increment: -1}}
    primary_key: {name: pk_tokens}
)");
  REQUIRE(s.tables.size() == 2);
  const core::Table& pair = s.tables[0];
  CHECK(pair.primary_key == core::PrimaryKey{"pk_pair", {"b", "a"}});
  CHECK(pair.columns[0].primary_key);
  CHECK_FALSE(pair.columns[0].nullable);
  const core::Table& tokens = s.tables[1];
  CHECK(tokens.primary_key == core::PrimaryKey{"pk_tokens", {}});
  CHECK(tokens.columns[0].identity == core::Identity{});
  CHECK(tokens.columns[1].identity == core::Identity{true, 5, -1});
  const std::string text = versions::models_to_yaml(s);
  CHECK(text.find("primary_key: {name: pk_pair, columns: [b, a]}") != std::string::npos);
  CHECK(text.find("identity: true") != std::string::npos);
  CHECK(text.find("identity: {always: true, start: 5, increment: -1}") != std::string::npos);
  CHECK(versions::load_models_text("m.yaml", text) == s);
}

TEST_CASE("create_table_comment / drop_table_comment round trip") {
  const std::vector<core::Op> ops = {core::CreateTableComment{"users", "app", "it's: new", "old"},
                                     core::CreateTableComment{"users", "", "c", std::nullopt},
                                     core::DropTableComment{"users", "", "gone"},
                                     core::DropTableComment{"users", "", std::nullopt}};
  const std::string text = versions::ops_to_yaml(ops);
  CHECK(text.find("  - create_table_comment: {table: users, comment: c}") != std::string::npos);
  CHECK(text.find("  - drop_table_comment: {table: users, existing_comment: gone}") != std::string::npos);
  CHECK(reparse(text) == ops);
  CHECK_THROWS_WITH(reparse("- create_table_comment: {table: t}\n"), doctest::Contains("t.yaml:1"));
  CHECK_THROWS_WITH(reparse("- drop_table_comment: {table: t, comment: x}\n"),
                    doctest::Contains("unknown argument 'comment' of 'drop_table_comment'"));
}

TEST_CASE("bad primary_key and identity entries name the file, line and what is wrong") {
  const std::string head = "tables:\n  - name: t\n    columns:\n      - {name: a, type: integer}\n";
  CHECK(model_error(head + "    primary_key: {columns: [z]}\n") ==
        "m.yaml:5: primary_key names column 'z', which table 't' does not have");
  CHECK(model_error(head + "    primary_key: {columns: [a, a]}\n").find("names column 'a' twice") != std::string::npos);
  CHECK(model_error(head + "    primary_key: {name: pk_t}\n").find("needs 'columns'") != std::string::npos);
  CHECK(model_error(head + "    primary_key: [a]\n").find("must be a map {name, columns}") != std::string::npos);
  CHECK(model_error(head + "    primary_key: {name: k, order: [a]}\n").find("order") != std::string::npos);
  CHECK(model_error("tables:\n  - name: t\n    columns:\n      - {name: a, type: integer, primary_key: true}\n"
                    "      - {name: b, type: integer}\n    primary_key: {columns: [b]}\n")
            .find("column 'a' has primary_key: true but is not in the table's primary_key columns") !=
        std::string::npos);
  const std::string col = "tables:\n  - name: t\n    columns:\n      - {name: a, type: integer, ";
  CHECK(model_error(col + "identity: maybe}\n").find("m.yaml:4") != std::string::npos);
  CHECK(model_error(col + "identity: {start: x}}\n").find("identity 'start' must be an integer") != std::string::npos);
  CHECK(model_error(col + "identity: {increment: 0}}\n").find("cannot be 0") != std::string::npos);
  CHECK(model_error(col + "identity: {cycle: true}}\n").find("cycle") != std::string::npos);
  CHECK(model_error(col + "identity: true, server_default: '1'}\n").find("cannot have a server_default") !=
        std::string::npos);
  CHECK(model_error(col + "identity: true, autoincrement: false}\n").find("cannot have autoincrement: false") !=
        std::string::npos);
  CHECK(model_error(col + "identity: false}\n").empty());
}

}  // namespace table_keys_yaml_test
