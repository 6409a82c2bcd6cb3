// The YAML reader (versions/yaml_tree.h, yaml_scalars.h): what it keeps,
// what it refuses, and how it says so. Its agreement with yaml-cpp, the
// reader it replaced, is tested in yaml_differential_test.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/error.h"
#include "versions/yaml_nodes.h"
#include "versions/yaml_scalars.h"
#include "versions/yaml_tree.h"

// Its own namespace: the unity build compiles several test files as one.
namespace yaml_tree_test {

using namespace strata;
using versions::yaml::Node;

namespace {

Node parse(const std::string& text) { return versions::yaml::parse(text, "f.yaml"); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const core::ScriptError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("yaml tree: kinds, text, quoting and marks") {
  Node root = parse("a: 1\nb: 'two'\nc: [x, \"y\"]\nd:\ne: ~\nf: |\n  block\n");
  REQUIRE(root.is_map());
  CHECK(root.size() == 6);
  CHECK(root.mark().line == 0);
  CHECK(root["a"].is_scalar());
  CHECK(root["a"].scalar() == "1");
  CHECK_FALSE(root["a"].quoted());
  CHECK(root["b"].quoted());
  CHECK(root["b"].mark().line == 1);
  CHECK(root["b"].mark().column == 3);
  CHECK(root["c"].is_sequence());
  CHECK(root["c"].item(1).scalar() == "y");
  CHECK(root["c"].item(1).quoted());
  CHECK_FALSE(root["c"].item(2));  // out of range: undefined
  CHECK(root["d"].is_null());
  CHECK(root["e"].is_null());
  CHECK(root["f"].scalar() == "block\n");
  CHECK(root["f"].quoted());  // a block scalar is a string, whatever it holds
  CHECK_FALSE(root["missing"]);
  CHECK_FALSE(root["a"]["x"]);  // a lookup in a scalar is undefined, not an error
  CHECK(root["a"].size() == 0);
  CHECK(parse("'null'").is_scalar());
  CHECK(parse("!!str 1975").quoted());
  CHECK(parse("NULL").is_null());
  CHECK(parse("nul").is_scalar());
}

TEST_CASE("yaml tree: iteration gives items or key/value pairs in order, duplicates kept") {
  Node map = parse("k: 1\nj: 2\nk: 3\n");
  std::string keys;
  for (const auto& kv : map) keys += kv.first.scalar() + "=" + kv.second.scalar() + ";";
  CHECK(keys == "k=1;j=2;k=3;");
  CHECK(map["k"].scalar() == "1");  // the first of a repeated key
  std::string items;
  for (const auto& item : parse("[a, b, c]")) items += item.scalar();
  CHECK(items == "abc");
  int count = 0;
  for (const auto& item : parse("scalar")) count += static_cast<int>(item.size()) + 1;
  CHECK(count == 0);
}

TEST_CASE("yaml tree: empty streams and documents") {
  Node empty = parse("");
  CHECK(empty);
  CHECK(empty.is_null());
  CHECK(empty.mark().line == -1);
  CHECK(parse("# only a comment\n").is_null());
  CHECK(parse("---\n").is_null());
  CHECK(parse("---\na: 1\n...\n")["a"].scalar() == "1");
}

TEST_CASE("yaml tree: anchors and aliases share the anchored node") {
  Node root = parse("base: &b {type: int, nullable: false}\ncopy: *b\nlist: [&s one, *s]\n");
  CHECK(root["copy"]["type"].scalar() == "int");
  CHECK(root["copy"].mark().line == 0);  // the anchor's position: it is the same node
  CHECK(root["list"].item(1).scalar() == "one");
}

TEST_CASE("yaml tree: refusals name the file, line and column") {
  CHECK(error_of("a: [unclosed\n").find("f.yaml:2:1: invalid YAML: ") == 0);
  CHECK(error_of("a: 1\n\tb: 2\n").find("f.yaml:2:1: invalid YAML: ") == 0);
  CHECK(error_of("a: *nowhere\n").find("f.yaml:1:4: invalid YAML: unknown alias *nowhere") == 0);
  // An alias inside its own anchor would make a cycle.
  CHECK(error_of("a: &x [1, *x]\n").find("unknown alias *x") != std::string::npos);
  CHECK(error_of("a: 1\n---\nb: 2\n").find("f.yaml:2:1: invalid YAML: a second document") == 0);
  std::string deep = "a: " + std::string(300, '[');
  CHECK(error_of(deep).find("nested deeper than 256 levels") != std::string::npos);
  CHECK(error_of(std::string("a: 1\nb: \xff\n")).find("f.yaml:2:4: invalid YAML: ") == 0);
  CHECK(error_of(std::string("a: 1\nb: \xff\n")).find("UTF-8") != std::string::npos);
  CHECK(error_of("a: \x01\n").find("f.yaml:1:4: invalid YAML: ") == 0);
}

TEST_CASE("yaml tree: an alias bomb is refused at the bound, not expanded") {
  std::string bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *l" : "*l") + std::to_string(i - 1);
    bomb += "]\n";
  }
  std::string message = error_of(bomb);
  CHECK(message.find("aliases expand to more than 1000000 nodes") != std::string::npos);
  CHECK(message.find("f.yaml:") == 0);
  // The same shape five levels deep (111,110 nodes) is fine.
  std::string small = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 5; ++i) {
    small += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) small += (k ? ", *l" : "*l") + std::to_string(i - 1);
    small += "]\n";
  }
  CHECK(parse(small)["l4"].item(9).item(9).item(9).item(9).item(0).scalar() == "x");
}

TEST_CASE("yaml tree: a NUL byte is named by line before parsing") {
  try {
    versions::parse_yaml(std::string("a: 1\nb: x\0y\n", 12), "n.yaml");
    FAIL("expected an error");
  } catch (const core::ScriptError& e) {
    CHECK(std::string(e.what()).find("n.yaml:2: contains a NUL byte") == 0);
  }
}

TEST_CASE("yaml scalars: booleans, integers and floats") {
  using namespace versions::yaml;
  for (const char* t : {"true", "True", "TRUE", "yes", "Yes", "on", "ON", "y", "Y"}) CHECK(decode_bool(t) == true);
  for (const char* f : {"false", "FALSE", "no", "No", "off", "Off", "n", "N"}) CHECK(decode_bool(f) == false);
  for (const char* s : {"tRUE", "yES", "", "1", "t", "nope"}) CHECK_FALSE(decode_bool(s));

  CHECK(decode_integer("0") == 0);
  CHECK(decode_integer("-17") == -17);
  CHECK(decode_integer("+5") == 5);
  CHECK(decode_integer("010") == 10);  // YAML 1.2: decimal, never octal
  CHECK(decode_integer("0x1f") == 31);
  CHECK(decode_integer("0o17") == 15);
  CHECK(decode_integer("9223372036854775807") == 9223372036854775807LL);
  CHECK(decode_integer("-9223372036854775808") == INT64_MIN);
  for (const char* s : {"9223372036854775808", "-0x1", "0x", "1.0", "1e3", "", "-", "1 ", "0b1", "1_000"})
    CHECK_FALSE(decode_integer(s));

  CHECK(decode_double("1.5") == 1.5);
  CHECK(decode_double("-.5") == -0.5);
  CHECK(decode_double("1e3") == 1000.0);
  CHECK(decode_double("2.") == 2.0);
  CHECK(decode_double("7") == 7.0);
  CHECK(std::isinf(*decode_double(".inf")));
  CHECK(*decode_double("-.Inf") < 0);
  CHECK(std::isnan(*decode_double(".nan")));
  CHECK(std::isinf(*decode_double("1e999")));
  for (const char* s : {"", ".", "e3", "1e", "1.5.2", "inf", "nan", "0x1p3", "1,5", "--1"}) CHECK_FALSE(decode_double(s));

  for (const char* s : {"", "~", "null", "Null", "NULL"}) CHECK(is_null_text(s));
  CHECK_FALSE(is_null_text("nULL"));
}

}  // namespace yaml_tree_test
