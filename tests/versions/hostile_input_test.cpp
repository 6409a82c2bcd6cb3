// Hostile inputs for every file strata reads: YAML revisions, SQL revisions
// and strata.yaml. Each must give a ScriptError/UsageError naming the file,
// or a sensible parse; never a crash, a stack overflow or a hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/error.h"
#include "versions/config_file.h"
#include "versions/revision_sql.h"
#include "versions/revision_yaml.h"

// Its own namespace: the unity build compiles several test files as one.
namespace hostile_input_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

std::string garbage(size_t n) {
  std::string g;
  unsigned x = 12345;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245 + 12345;
    g += static_cast<char>((x >> 16) & 0xff);
  }
  g[n / 2] = '\0';  // at least one NUL
  return g;
}

std::string nested_flow(size_t depth, char open) { return std::string(depth, open); }

// Block-style nesting: "a:\n  a:\n    a: ..." DEPTH levels deep.
std::string nested_block(size_t depth) {
  std::string s;
  for (size_t i = 0; i < depth; ++i) s += std::string(i, ' ') + "a:\n";
  return s;
}

// "Billion laughs": each level aliases the previous one ten times.
std::string alias_bomb(const std::string& key) {
  std::string s = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  // Appended piece by piece: "literal" + std::string trips GCC 12's -Wrestrict.
  for (int i = 1; i < 10; ++i) {
    std::string n = std::to_string(i), prev = std::to_string(i - 1);
    s.append("l").append(n).append(": &l").append(n).append(" [");
    for (int k = 0; k < 10; ++k) s.append(k ? ", *l" : "*l").append(prev);
    s += "]\n";
  }
  return s.append(key).append(": *l9\n");
}

// Runs F and requires a ScriptError whose message names FILE. A hang is
// caught by the test's TIMEOUT (CMakeLists.txt), not by a clock here: the
// suite holds no timings.
template <class F>
void clean_error(F f, const std::string& file) {
  try {
    f();
    FAIL("expected an error naming " << file);
  } catch (const core::Error& e) {
    CHECK(std::string(e.what()).find(file) != std::string::npos);
  }
}

std::string write_temp(const std::string& name, const std::string& text) {
  fs::path dir = fs::temp_directory_path() / ("strata_hostile_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

}  // namespace

TEST_CASE("YAML revision files: hostile inputs") {
  using versions::parse_yaml_header;
  using versions::parse_yaml_revision;
  SUBCASE("empty and blank") {
    for (std::string text : {"", "\n\n", "# only a comment\n", "---\n", "~\n"}) {
      CAPTURE(text);
      clean_error([&] { parse_yaml_revision(text, "e.yaml"); }, "e.yaml");
      clean_error([&] { parse_yaml_header(text, "e.yaml"); }, "e.yaml");
    }
  }
  SUBCASE("binary garbage with NUL bytes") {
    auto g = garbage(64 * 1024);
    clean_error([&] { parse_yaml_revision(g, "g.yaml"); }, "g.yaml");
    clean_error([&] { parse_yaml_header(g, "g.yaml"); }, "g.yaml");
    // A NUL inside an otherwise valid header.
    std::string nul = std::string("revision: a1\nmessage: x") + '\0' + "y\n";
    clean_error([&] { parse_yaml_header(nul, "n.yaml"); }, "n.yaml");
  }
  SUBCASE("invalid UTF-8 is refused at its line and column, by the header reader too") {
    std::string text = "revision: a1\nmessage: \xff\xfe\xc3 end\n";
    for (auto read : {+[](const std::string& t) { parse_yaml_header(t, "u.yaml"); },
                      +[](const std::string& t) { parse_yaml_revision(t, "u.yaml"); }}) {
      try {
        read(text);
        FAIL("expected an error");
      } catch (const core::ScriptError& e) {
        CHECK(std::string(e.what()).find("u.yaml:2:10: invalid YAML: ") == 0);
        CHECK(std::string(e.what()).find("UTF-8") != std::string::npos);
      }
    }
    CHECK(parse_yaml_header("revision: a1\nmessage: caf\xc3\xa9\n", "u.yaml").message == "caf\xc3\xa9");
  }
  SUBCASE("a 10 MB single line") {
    std::string big(10 * 1024 * 1024, 'x');
    CHECK(parse_yaml_header("revision: a1\nmessage: " + big + "\n", "big.yaml").message.size() == big.size());
    clean_error([&] { parse_yaml_revision("revision: " + big + "\nrevision: again\n", "big.yaml"); }, "big.yaml");
    clean_error([&] { parse_yaml_revision(big, "big.yaml"); }, "big.yaml");  // a bare scalar, not a mapping
  }
  SUBCASE("deep flow nesting") {
    for (char open : {'[', '{'}) {
      std::string deep = "revision: a1\nupgrade: " + nested_flow(100000, open) + "\n";
      clean_error([&] { parse_yaml_revision(deep, "deep.yaml"); }, "deep.yaml");
      clean_error([&] { parse_yaml_revision(nested_flow(100000, open), "deep.yaml"); }, "deep.yaml");
      clean_error([&] { parse_yaml_header(nested_flow(100000, open), "deep.yaml"); }, "deep.yaml");
    }
  }
  SUBCASE("deep block nesting") {
    std::string deep = "revision: a1\nupgrade:\n" + nested_block(3000);
    clean_error([&] { parse_yaml_revision(deep, "block.yaml"); }, "block.yaml");
  }
  SUBCASE("an alias bomb does not expand") {
    clean_error([&] { parse_yaml_revision(alias_bomb("upgrade"), "bomb.yaml"); }, "bomb.yaml");
    clean_error([&] { parse_yaml_revision("revision: a1\n" + alias_bomb("upgrade"), "bomb.yaml"); }, "bomb.yaml");
  }
}

TEST_CASE("SQL revision files: hostile inputs") {
  using versions::parse_sql_header;
  using versions::parse_sql_revision;
  SUBCASE("empty") {
    clean_error([] { parse_sql_revision("", "e.sql"); }, "e.sql");
    clean_error([] { parse_sql_header("\n\n\n", "e.sql"); }, "e.sql");
  }
  SUBCASE("binary garbage with NUL bytes") {
    auto g = garbage(64 * 1024);
    clean_error([&] { parse_sql_revision(g, "g.sql"); }, "g.sql");
    std::string body = std::string("-- strata:revision a1\n-- +upgrade\nSELECT '") + '\0' + "';\n";
    clean_error([&] { parse_sql_revision(body, "n.sql"); }, "n.sql:3");
  }
  SUBCASE("invalid UTF-8 is kept as bytes") {
    auto r = parse_sql_revision("-- strata:revision a1\n-- strata:message \xff\xfe\n-- +upgrade\nSELECT '\xc3';\n", "u.sql");
    CHECK(r.header.message == "\xff\xfe");
    CHECK(r.body.upgrade.size() == 1);
  }
  SUBCASE("a 10 MB single line") {
    std::string big(10 * 1024 * 1024, 'x');
    auto r = parse_sql_revision("-- strata:revision a1\n-- +upgrade\nSELECT '" + big + "';\n", "big.sql");
    CHECK(r.body.upgrade.size() == 1);
    CHECK(parse_sql_header("-- strata:revision a1\n-- strata:message " + big + "\n-- +upgrade\n", "big.sql")
              .message.size() == big.size());
    clean_error([&] { parse_sql_revision(big, "big.sql"); }, "big.sql:1");
    clean_error([&] { parse_sql_revision("-- strata:revision a1\n-- +upgrade\nSELECT '" + big, "big.sql"); },
                "big.sql:3");
  }
  SUBCASE("deeply nested comments and many statements") {
    std::string nested = "-- strata:revision a1\n-- +upgrade\n";
    for (int i = 0; i < 100000; ++i) nested += "/*";
    clean_error([&] { parse_sql_revision(nested, "c.sql"); }, "c.sql:3");
    for (int i = 0; i < 100000; ++i) nested += "*/";
    nested += "SELECT 1;";
    CHECK(parse_sql_revision(nested, "c.sql").body.upgrade.size() == 1);
    std::string many = "-- strata:revision a1\n-- +upgrade\n";
    for (int i = 0; i < 100000; ++i) many += "SELECT 1;";
    CHECK(parse_sql_revision(many, "m.sql").body.upgrade.size() == 100000);
  }
}

TEST_CASE("strata.yaml: hostile inputs") {
  auto load = [](const std::string& name, const std::string& text) {
    auto path = write_temp(name, text);
    return [path] { versions::load_config(path); };
  };
  SUBCASE("empty files give the defaults") {
    CHECK(versions::load_config(write_temp("empty.yaml", "")).script_location == "migrations");
    CHECK(versions::load_config(write_temp("blank.yaml", "# nothing\n")).script_location == "migrations");
  }
  SUBCASE("garbage, NUL bytes, invalid UTF-8") {
    clean_error(load("garbage.yaml", garbage(64 * 1024)), "garbage.yaml");
    clean_error(load("nul.yaml", std::string("script_location: a") + '\0' + "b\n"), "nul.yaml");
    clean_error(load("utf8.yaml", "script_location: mig\xff\n"), "utf8.yaml:1:21: invalid YAML");
  }
  SUBCASE("a 10 MB line") {
    std::string big(10 * 1024 * 1024, 'x');
    CHECK(versions::load_config(write_temp("big.yaml", "script_location: " + big + "\n")).script_location.size() ==
          big.size());
    clean_error(load("bigkey.yaml", big + ": 1\n"), "bigkey.yaml");
  }
  SUBCASE("deep nesting") {
    clean_error(load("deep.yaml", "models: " + nested_flow(100000, '[') + "\n"), "deep.yaml");
    clean_error(load("deep2.yaml", nested_flow(100000, '{')), "deep2.yaml");
    clean_error(load("deep3.yaml", "naming_convention:\n" + nested_block(3000)), "deep3.yaml");
  }
  SUBCASE("an alias bomb") { clean_error(load("bomb.yaml", alias_bomb("models")), "bomb.yaml"); }
  SUBCASE("duplicate keys") {
    clean_error(load("dup.yaml", "database_url: sqlite://\ndatabase_url: sqlite:///x.db\n"), "dup.yaml:2");
  }
  SUBCASE("a folder, not a file") {
    clean_error([] { versions::load_config(fs::temp_directory_path().string()); }, "not found");
  }
}

}  // namespace hostile_input_test
