// Native enums in YAML: models.yaml's `enums:` and the enum operations read
// back as written, and every malformed entry is an error naming FILE:LINE.
#include <doctest/doctest.h>
#include "versions/yaml_tree.h"

#include "core/error.h"
#include "core/ops.h"
#include "versions/models_file.h"
#include "versions/op_yaml.h"
#include "versions/op_yaml_writer.h"

// Its own namespace: the unity build compiles several test files as one.
namespace enums_yaml_test {

using namespace strata;

namespace {

std::string op_error(const std::string& text) {
  try {
    versions::parse_ops("r.yaml", versions::yaml::parse(text, "t.yaml"), "upgrade");
  } catch (const core::ScriptError& e) {
    return e.what();
  }
  return "";
}

std::string models_error(const std::string& text) {
  try {
    versions::load_models_text("m.yaml", text);
  } catch (const core::ScriptError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("enum operations round-trip through YAML") {
  std::vector<core::Op> ops = {core::CreateEnum{"mood", "", {"happy", "it's", "null"}},
                               core::DropEnum{"status", "sales", {"open", "closed"}},
                               core::AlterEnum{"mood", "", {"happy", "meh", "sad"}, {"happy", "sad"}}};
  const std::string text = versions::ops_to_yaml(ops);
  CHECK(text.find("  - create_enum: {name: mood, values: [happy, ") != std::string::npos);
  CHECK(text.find("  - alter_enum: {name: mood, values: [happy, meh, sad], existing_values: [happy, sad]}") !=
        std::string::npos);
  CHECK(versions::parse_ops("r.yaml", versions::yaml::parse(text, "t.yaml"), "upgrade") == ops);
}

TEST_CASE("enum operations: bad input names the file and line") {
  CHECK(op_error("- create_enum: {name: mood}") == "r.yaml:1: create_enum 'mood' needs 'values', a non-empty list of values");
  CHECK(op_error("- create_enum: {name: mood, values: []}").find("needs 'values'") != std::string::npos);
  CHECK(op_error("- create_enum: {name: mood, values: [a, b, a]}") ==
        "r.yaml:1: create_enum 'mood': the value 'a' is listed twice");
  CHECK(op_error("- create_enum: {name: mood, values: [a, '']}") == "r.yaml:1: create_enum 'mood': a value must not be empty");
  CHECK(op_error("- create_enum: {name: 'my mood', values: [a]}").find("must be made of letters") != std::string::npos);
  CHECK(op_error("- drop_enum: {name: mood}").find("drop_enum 'mood' needs 'values'") != std::string::npos);
  CHECK(op_error("- alter_enum: {name: mood, values: [a, b]}") ==
        "r.yaml:1: alter_enum 'mood' needs 'existing_values', a non-empty list of values");
  CHECK(op_error("- alter_enum: {name: mood, values: [a], existing_values: [a], extra: 1}") ==
        "r.yaml:1: unknown argument 'extra' of 'alter_enum'");
  CHECK(op_error("- create_enum: {values: [a]}").find("r.yaml:1:") == 0);
}

TEST_CASE("models.yaml enums: loaded, written by inspect and read back") {
  const std::string text =
      "enums:\n  - {name: mood, values: [happy, sad]}\n  - {name: status, schema: sales, values: [open]}\n"
      "tables:\n  - name: t\n    columns:\n      - {name: id, type: integer, primary_key: true}\n"
      "      - {name: m, type: mood}\n  - name: o\n    schema: sales\n    columns:\n"
      "      - {name: s, type: status}\n      - {name: m, type: public.mood}\n";
  core::Schema s = versions::load_models_text("m.yaml", text);
  REQUIRE(s.enums.size() == 2);
  CHECK(s.enums[1] == core::EnumType{"status", "sales", {"open"}});
  core::Schema back = versions::load_models_text("m.yaml", versions::models_to_yaml(s));
  CHECK(back == s);
}

TEST_CASE("models.yaml enums: bad input names the file and line") {
  const std::string tables = "tables:\n  - name: t\n    columns:\n      - {name: c, type: mood}\n";
  CHECK(models_error("enums:\n  - {name: mood, values: []}\n" + tables) ==
        "m.yaml:2: enum 'mood' needs 'values', a non-empty list of values");
  CHECK(models_error("enums:\n  - {name: mood, values: [a, a]}\n" + tables) ==
        "m.yaml:2: enum 'mood': the value 'a' is listed twice");
  CHECK(models_error("enums:\n  - {name: mood, values: [a]}\n  - {name: mood, values: [b]}\n" + tables) ==
        "m.yaml:3: duplicate enum 'mood' (first declared at m.yaml:2)");
  CHECK(models_error("enums:\n  - {name: mood, values: [a], color: red}\n" + tables) ==
        "m.yaml:2: unknown key 'color' in enum (expected one of: name, values, schema)");
  CHECK(models_error("enums: {name: mood}\n" + tables) == "m.yaml:1: 'enums' must be a list of {name, values, schema}");
  // A column naming an enum declared in another schema only.
  CHECK(models_error("enums:\n  - {name: mood, values: [a]}\ntables:\n  - name: t\n    schema: sales\n    columns:\n"
                     "      - {name: c, type: mood}\n") ==
        "m.yaml:7: column 'c' of table 'sales.t': type 'mood' names no enum of schema 'sales'; the enum 'mood' is "
        "declared in the default schema (at m.yaml:2): write 'public.mood'");
  CHECK(models_error("enums:\n  - {name: status, schema: sales, values: [a]}\ntables:\n  - name: t\n    columns:\n"
                     "      - {name: c, type: crm.status}\n")
            .find("type 'crm.status' names no enum of schema 'crm'; the enum 'status' is declared in schema 'sales'") !=
        std::string::npos);
  CHECK(models_error("enums:\n  - {name: mood, values: [a]}\nenums: []\n" + tables) == "m.yaml:3: duplicate key 'enums' in models file");
}

}  // namespace enums_yaml_test
