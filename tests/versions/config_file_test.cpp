// strata.yaml: defaults, expansion, validation.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/error.h"
#include "versions/config_file.h"

// Its own namespace: the unity build compiles several test files as one.
namespace config_file_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

std::string write_config(const std::string& text) {
  fs::path dir = fs::temp_directory_path() / ("strata_cfg_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path p = dir / "strata.yaml";
  std::ofstream(p) << text;
  return p.string();
}

}  // namespace

TEST_CASE("defaults apply to an almost empty file") {
  auto c = versions::load_config(write_config("script_location: migrations\n"));
  CHECK(c.script_location == "migrations");
  CHECK(c.version_table == "alembic_version");
  CHECK(c.file_template == "{rev}_{slug}");
  CHECK(c.truncate_slug_length == 40);
  CHECK(c.transaction_per_migration);
  REQUIRE(c.models.size() == 1);
  CHECK(c.models[0].file == "migrations/models.yaml");
  CHECK(c.models[0].command.empty());
  CHECK(!c.models[0].sql);
  CHECK(c.naming_convention.at("pk") == "pk_{table}");
  CHECK(fs::path(c.dir).is_absolute());
}

TEST_CASE("environment variables are expanded") {
  ::setenv("STRATA_TEST_URL", "postgresql://u:p@h/db", 1);
  ::unsetenv("STRATA_TEST_UNSET");
  auto c = versions::load_config(write_config(
      "database_url: ${STRATA_TEST_URL}\nscript_location: ${STRATA_TEST_UNSET:-mig}\nmodels: [a.yaml, b.yaml]\n"));
  CHECK(c.database_url == "postgresql://u:p@h/db");
  CHECK(c.script_location == "mig");
  REQUIRE(c.models.size() == 2);
  CHECK(c.models[0].file == "a.yaml");
  CHECK(c.models[1].file == "b.yaml");
  CHECK(versions::expand_env("cost $${X}", "here") == "cost ${X}");
  CHECK_THROWS_WITH_AS(versions::expand_env("${STRATA_TEST_UNSET}", "f:3"),
                       doctest::Contains("f:3: environment variable STRATA_TEST_UNSET is not set"), core::UsageError);
  CHECK_THROWS_AS(versions::expand_env("${OPEN", "f"), core::UsageError);
  // The unexpanded value is quoted in the message, but never with a password.
  try {
    versions::expand_env("postgresql://bob:s3cret@db/${OOPS", "f:2");
    FAIL("expected a UsageError");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
    CHECK(std::string(e.what()).find("postgresql://bob:***@db/${OOPS") != std::string::npos);
  }
  // A password with white space in it is hidden whole too.
  try {
    versions::expand_env("postgresql://bob:pa ss@db/${OOPS", "f:2");
    FAIL("expected a UsageError");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()).find("pa ss") == std::string::npos);
    CHECK(std::string(e.what()).find("postgresql://bob:***@db/${OOPS") != std::string::npos);
  }
}

TEST_CASE("load_config_text: the loader on text already read, named by its path") {
  ::unsetenv("STRATA_TEST_UNSET");
  auto c = versions::load_config_text("some/dir/strata.yaml", "script_location: ${STRATA_TEST_UNSET:-m}\n");
  CHECK(c.script_location == "m");
  CHECK(c.path == "some/dir/strata.yaml");
  CHECK(fs::path(c.dir).filename() == "dir");
  CHECK(c.models[0].file == "m/models.yaml");
  CHECK_THROWS_WITH_AS(versions::load_config_text("x/strata.yaml", "script_location: m\nbogus: 1\n"),
                       doctest::Contains("x/strata.yaml:2"), core::UsageError);
  CHECK(versions::load_config_text("x/strata.yaml", "").script_location == "migrations");
}

TEST_CASE("bad configuration files are usage errors naming file, line and key") {
  auto fails_with = [](const std::string& text, const std::string& part) {
    std::string path = write_config(text);
    CHECK_THROWS_WITH_AS(versions::load_config(path), doctest::Contains(part.c_str()), core::UsageError);
  };
  fails_with("script_location: m\ncolour: blue\n", "strata.yaml:2: unknown key 'colour'");
  fails_with("truncate_slug_length: abc\n", "'truncate_slug_length' must be an integer");
  fails_with("transaction_per_migration: maybe\n", "must be true or false");
  fails_with("naming_convention: {zz: x}\n", "unknown key 'zz'");
  fails_with("script_location: [\n", "invalid YAML");
  fails_with("script_location: ''\n", "must not be empty");
  CHECK_THROWS_WITH_AS(versions::load_config("/nonexistent/strata.yaml"),
                       doctest::Contains("config file '/nonexistent/strata.yaml' not found"), core::UsageError);
}

TEST_CASE("config discovery: explicit, then $STRATA_CONFIG, then ./strata.yaml") {
  ::unsetenv("STRATA_CONFIG");
  CHECK(versions::config_path(std::nullopt) == "strata.yaml");
  ::setenv("STRATA_CONFIG", "/etc/x.yaml", 1);
  CHECK(versions::config_path(std::nullopt) == "/etc/x.yaml");
  CHECK(versions::config_path(std::string("mine.yaml")) == "mine.yaml");
  ::unsetenv("STRATA_CONFIG");
}

TEST_CASE("models entries: files, .sql files and commands") {
  ::setenv("STRATA_TEST_MODULE", "app.models", 1);
  auto c = versions::load_config(write_config(
      "models:\n  - a.yaml\n  - schema.sql\n  - {command: \"python3 gen.py ${STRATA_TEST_MODULE}:Base\"}\n"
      "  - {command: ./ddl.sh, format: sql}\n"));
  REQUIRE(c.models.size() == 4);
  CHECK((!c.models[0].sql && c.models[0].file == "a.yaml"));
  CHECK((c.models[1].sql && c.models[1].file == "schema.sql"));
  CHECK(c.models[2].command == "python3 gen.py app.models:Base");
  CHECK((c.models[2].file.empty() && !c.models[2].sql));
  CHECK((c.models[3].command == "./ddl.sh" && c.models[3].sql));
  CHECK(c.models[3].where.find("strata.yaml:5") != std::string::npos);
  // One map alone is a one-entry list, as one file name is.
  auto one = versions::load_config(write_config("models: {command: cat m.yaml}\n"));
  REQUIRE(one.models.size() == 1);
  CHECK(one.models[0].command == "cat m.yaml");
}

TEST_CASE("bad models entries name the file, the line and the key") {
  auto fails_with = [](const std::string& text, const std::string& part) {
    std::string path = write_config(text);
    CHECK_THROWS_WITH_AS(versions::load_config(path), doctest::Contains(part.c_str()), core::UsageError);
  };
  fails_with("models:\n  - {command: x, shell: bash}\n", "strata.yaml:2: unknown key 'shell' in models entry");
  fails_with("models:\n  - {format: sql}\n", "strata.yaml:2: a models entry needs 'command'");
  fails_with("models:\n  - {command: x, format: json}\n", "strata.yaml:2: a models command's format must be yaml or sql, not 'json'");
  fails_with("models:\n  - {command: '  '}\n", "a models command must not be empty");
  fails_with("models: ['']\n", "a models file name must not be empty");
  fails_with("models: [[a.yaml]]\n", "a models entry");
}

TEST_CASE("online DDL settings: durations with units, retries, online_ddl") {
  using std::chrono::milliseconds;
  auto c = versions::load_config(write_config("script_location: m\n"));
  CHECK_FALSE(c.ddl_lock_timeout);
  CHECK_FALSE(c.ddl_statement_timeout);
  CHECK(c.ddl_lock_retries == 0);
  CHECK_FALSE(c.online_ddl);
  c = versions::load_config(write_config(
      "ddl_lock_timeout: 5s\nddl_statement_timeout: 2min\nddl_lock_retries: 3\nonline_ddl: true\n"));
  CHECK(c.ddl_lock_timeout == milliseconds(5000));
  CHECK(c.ddl_statement_timeout == milliseconds(120000));
  CHECK(c.ddl_lock_retries == 3);
  CHECK(c.online_ddl);
  for (auto [text, ms] : {std::pair{"500ms", 500LL}, {"1.5s", 1500LL}, {"0.5ms", 1LL}, {"1h", 3600000LL},
                          {".25s", 250LL}, {"\"3s\"", 3000LL}, {"24h", 86400000LL}}) {
    INFO(text);
    auto d = versions::load_config(write_config(std::string("ddl_lock_timeout: ") + text + "\n"));
    CHECK(d.ddl_lock_timeout == milliseconds(ms));
  }
  CHECK_FALSE(versions::load_config(write_config("ddl_statement_timeout: null\n")).ddl_statement_timeout);
}

TEST_CASE("bad online DDL settings name the key, the file and the line") {
  auto fails_with = [](const std::string& text, const std::string& part) {
    INFO(text);
    std::string path = write_config(text);
    CHECK_THROWS_WITH_AS(versions::load_config(path), doctest::Contains(part.c_str()), core::UsageError);
  };
  fails_with("script_location: m\nddl_lock_timeout: 5\n", "strata.yaml:2: ddl_lock_timeout '5' has no unit");
  fails_with("ddl_lock_timeout: 5 s\n", "ddl_lock_timeout '5 s' has an unknown unit ' s'");
  fails_with("ddl_statement_timeout: 5sec\n", "ddl_statement_timeout '5sec' has an unknown unit 'sec'");
  fails_with("ddl_statement_timeout: soon\n", "ddl_statement_timeout 'soon' is not a duration");
  fails_with("ddl_lock_timeout: -1s\n", "is not a duration");
  fails_with("ddl_lock_timeout: 1.s\n", "is not a duration");
  fails_with("ddl_lock_timeout: 0s\n", "must be more than 0 (leave the key out for no timeout)");
  fails_with("ddl_lock_timeout: 25h\n", "is more than a day");
  fails_with("ddl_lock_timeout: [5s]\n", "ddl_lock_timeout must be a single value");
  fails_with("ddl_lock_retries: many\n", "'ddl_lock_retries' must be an integer");
  fails_with("ddl_lock_retries: -1\n", "ddl_lock_retries must be a whole number from 0 to 100, not -1");
  fails_with("ddl_lock_retries: 101\n", "not 101");
  fails_with("online_ddl: sometimes\n", "'online_ddl' must be true or false");
}

}  // namespace config_file_test
