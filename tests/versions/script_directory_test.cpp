// ScriptDirectory: listing, and keep_texts() (one read per file for the
// commands that run what they list).
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/sha256.h"
#include "versions/script_directory.h"

// Its own namespace: the unity build compiles several test files as one.
namespace script_directory_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

// A versions folder with a base revision a1 and its child b2.
struct Folder {
  fs::path dir;
  Folder() {
    static int counter = 0;
    dir = fs::temp_directory_path() / ("strata_scripts_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(dir);
    fs::create_directories(dir);
    write("a1_first.yaml", "revision: a1\ndown_revision: null\nmessage: first\nupgrade:\n  - execute: SELECT 1\n");
    write("b2_second.sql", "-- strata:revision b2\n-- strata:down_revision a1\n-- strata:message second\n\n-- +upgrade\nSELECT 2;\n");
  }
  ~Folder() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name, std::ios::binary) << text; }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

}  // namespace

TEST_CASE("keep_texts: bodies come from the listing's read, not from a second one") {
  Folder f;
  versions::ScriptDirectory scripts({f.dir});
  scripts.keep_texts();
  const auto headers = scripts.list_headers();
  REQUIRE(headers.size() == 2);
  const std::string first = "revision: a1\ndown_revision: null\nmessage: first\nupgrade:\n  - execute: SELECT 1\n";
  // Gone or rewritten after the listing: the run still parses what it listed.
  fs::remove(f.path("a1_first.yaml"));
  f.write("b2_second.sql", "-- strata:revision zz\n");
  const auto a1 = scripts.load_body(headers[0]);
  REQUIRE(a1.upgrade.size() == 1);
  CHECK(a1.sha256 == core::revision_checksum(first));
  const auto b2 = scripts.load_body(headers[1]);
  CHECK(b2.upgrade.size() == 1);
}

TEST_CASE("without keep_texts each body is read from its file when loaded") {
  Folder f;
  versions::ScriptDirectory scripts({f.dir});
  const auto headers = scripts.list_headers();
  REQUIRE(headers.size() == 2);
  fs::remove(f.path("a1_first.yaml"));
  CHECK_THROWS_AS(scripts.load_body(headers[0]), core::ScriptError);
  // A file that now names another revision is refused, naming itself.
  f.write("b2_second.sql", "-- strata:revision zz\n-- strata:down_revision a1\n\n-- +upgrade\nSELECT 3;\n");
  try {
    scripts.load_body(headers[1]);
    FAIL("a changed file was accepted");
  } catch (const core::ScriptError& e) {
    CHECK(std::string(e.what()).find("b2_second.sql: the file changed while strata was running") != std::string::npos);
  }
}

TEST_CASE("revision files come in fs::path order, across version folders") {
  // Names around '/', whose byte order ('-' and '.' sort before it) differs
  // from the component order a path has.
  const fs::path root = fs::temp_directory_path() / ("strata_order_" + std::to_string(::getpid()));
  fs::remove_all(root);
  std::vector<fs::path> dirs = {root / "v-2", root / "v", root / "v.old", root / "v" / "sub"};
  for (const auto& d : dirs) fs::create_directories(d);
  for (const char* name : {"a.yaml", "b-1.yaml", "b.yaml", "sub.yaml", "z.sql"})
    for (const auto& d : dirs) std::ofstream(d / name) << "";
  const auto files = versions::ScriptDirectory(dirs).revision_files();
  auto expected = files;
  std::sort(expected.begin(), expected.end());  // fs::path's own operator<
  CHECK(files.size() == 20);
  CHECK(files == expected);
  CHECK(files.front() == root / "v" / "a.yaml");
  fs::remove_all(root);
}

TEST_CASE("listing many files on several threads: every header in name order, the first bad file reported") {
  const fs::path dir = fs::temp_directory_path() / ("strata_many_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto name = [](int i) {
    std::string n = std::to_string(i);
    return std::string(4 - n.size(), '0') + n;
  };
  for (int i = 0; i < 300; ++i)
    std::ofstream(dir / ("r" + name(i) + ".yaml"))
        << "revision: r" << name(i) << "\ndown_revision: " << (i ? "r" + name(i - 1) : "null") << "\n";
  versions::ScriptDirectory scripts({dir});
  const auto headers = scripts.list_headers();
  REQUIRE(headers.size() == 300);
  bool in_order = true;
  for (int i = 0; i < 300; ++i) in_order = in_order && headers[i].id == "r" + name(i);
  CHECK(in_order);
  CHECK(headers[299].down_revisions == std::vector<std::string>{"r0298"});
  // Two broken files: the earlier one in name order is named, whichever
  // thread read it.
  std::ofstream(dir / "r0250.yaml") << "revision: [unclosed\n";
  std::ofstream(dir / "r0070.yaml") << "revision: [unclosed\n";
  for (int round = 0; round < 5; ++round) {
    try {
      scripts.list_headers();
      FAIL("broken files were listed");
    } catch (const core::ScriptError& e) {
      CHECK(std::string(e.what()).find("r0070.yaml") != std::string::npos);
    }
  }
  fs::remove_all(dir);
}

}  // namespace script_directory_test
