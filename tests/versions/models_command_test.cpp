// Running a models command: output, stderr, exit status, signals, environment.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/error.h"
#include "versions/models_command.h"

// Its own namespace: the unity build compiles several test files as one.
namespace models_command_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

std::string temp_dir() {
  fs::path dir = fs::temp_directory_path() / ("strata_cmd_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir.string();
}

}  // namespace

TEST_CASE("a models command's stdout and stderr are read apart, in the project folder") {
  std::string dir = temp_dir();
  std::ofstream(fs::path(dir) / "m.yaml") << "tables: []\n";
  auto out = versions::run_models_command("cat m.yaml; echo careful >&2; pwd >&2", dir, "strata.yaml:3");
  CHECK(out.out == "tables: []\n");
  CHECK(out.err == "careful\n" + fs::canonical(dir).string() + "\n");
  // Its standard input is empty, so a command that reads it does not wait.
  CHECK(versions::run_models_command("cat; echo done", dir, "w").out == "done\n");
  // The environment is strata's, with the given variables on top.
  ::setenv("STRATA_TEST_INHERITED", "yes", 1);
  ::setenv("STRATA_DIALECT", "mysql", 1);
  auto env = versions::run_models_command("echo $STRATA_TEST_INHERITED $STRATA_DIALECT", dir, "w",
                                          {{"STRATA_DIALECT", "sqlite"}});
  CHECK(env.out == "yes sqlite\n");
  ::unsetenv("STRATA_DIALECT");
}

TEST_CASE("a command that fills both pipes does not block") {
  // 4 MB on each stream, interleaved: a reader of one pipe at a time would
  // leave the command blocked on the other forever.
  auto out = versions::run_models_command(
      "i=0; while [ $i -lt 64 ]; do head -c 65536 /dev/zero | tr '\\0' o; head -c 65536 /dev/zero | tr '\\0' e >&2; "
      "i=$((i+1)); done",
      temp_dir(), "w");
  CHECK(out.out.size() == 64u * 65536u);
  CHECK(out.err.size() == 64u * 65536u);
  CHECK(out.out.find_first_not_of('o') == std::string::npos);
}

TEST_CASE("a failing models command names itself, its exit status and the end of its stderr") {
  std::string dir = temp_dir();
  CHECK_THROWS_WITH_AS(versions::run_models_command("echo partial; echo 'no module app' >&2; exit 3", dir, "strata.yaml:4"),
                       "strata.yaml:4: models command `echo partial; echo 'no module app' >&2; exit 3` failed with "
                       "exit status 3; its stderr:\n  no module app",
                       core::ScriptError);
  CHECK_THROWS_WITH_AS(versions::run_models_command("exit 1", dir, "w"),
                       "w: models command `exit 1` failed with exit status 1 and printed nothing on stderr",
                       core::ScriptError);
  CHECK_THROWS_WITH_AS(versions::run_models_command("no-such-generator-xyz", dir, "w"),
                       doctest::Contains("failed with exit status 127 (command not found?); its stderr:\n  "
                                         "sh: 1: no-such-generator-xyz: not found"),
                       core::ScriptError);
  CHECK_THROWS_WITH_AS(versions::run_models_command("kill -9 $$", dir, "w"),
                       "w: models command `kill -9 $$` was killed by signal 9 (Killed) and printed nothing on stderr",
                       core::ScriptError);
  // A command run in a folder that is gone cannot be started at all.
  const std::string gone = "w: models command `true` cannot be started: /bin/sh in " + dir +
                           "/missing: No such file or directory";
  CHECK_THROWS_WITH_AS(versions::run_models_command("true", dir + "/missing", "w"), gone.c_str(), core::ScriptError);
}

TEST_CASE("only the last lines of a long stderr are shown") {
  std::string text;
  for (int i = 1; i <= 30; ++i) text += "line " + std::to_string(i) + "\n";
  std::string tail = versions::last_lines(text);
  CHECK(tail.rfind("  (10 earlier lines left out)\n  line 11\n", 0) == 0);
  CHECK(tail.size() >= 9);
  CHECK(tail.substr(tail.size() - 9) == "  line 30");
  CHECK(versions::last_lines("one\n\n\n") == "  one");
  CHECK(versions::last_lines(std::string(300, 'x')) == "  " + std::string(200, 'x') + " ...");
  CHECK(versions::last_lines("").empty());
}

}  // namespace models_command_test
