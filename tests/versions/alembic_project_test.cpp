// Finding an Alembic project: alembic.ini read as configparser reads it
// (%(here)s, %% and continuation lines), version_locations split as Alembic
// 1.8 splits them, the script-directory form, and the errors of each.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "versions/alembic_project.h"

// Its own namespace: the unity build compiles several test files as one.
namespace alembic_project_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path root;
  Folder() {
    static int counter = 0;
    root = fs::temp_directory_path() / ("strata_alembic_ini_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Folder() { fs::remove_all(root); }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative, std::ios::binary) << text;
  }
  void mkdir(const std::string& relative) const { fs::create_directories(root / relative); }
  std::string path(const std::string& relative) const { return (root / relative).string(); }
};

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("alembic.ini: the keys the importer needs, as configparser reads them") {
  Folder f;
  f.mkdir("alembic/versions");
  f.write("alembic.ini", R"([alembic]
# A comment; the next line is Alembic 1.8's default form
script_location = %(here)s/alembic
  ; an indented comment
prepend_sys_path = .
sqlalchemy.url = postgresql://app:p%%40ss@db:5432/app
Version_Table = schema_history
version_table_schema: audit

[loggers]
keys = root
[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
)");
  auto p = versions::find_alembic_project(f.path("alembic.ini"));
  CHECK(p.ini == f.root / "alembic.ini");
  CHECK(p.script_dir == f.root / "alembic");
  CHECK(p.version_dirs == std::vector<fs::path>{f.root / "alembic" / "versions"});
  REQUIRE(p.database_url);
  CHECK(*p.database_url == "postgresql://app:p%40ss@db:5432/app");
  CHECK(p.version_table == "schema_history");  // keys are case-insensitive
  CHECK(p.version_table_schema == "audit");
  CHECK(p.notes.empty());
}

TEST_CASE("alembic.ini: relative script_location, version_locations, the template placeholder URL") {
  Folder f;
  f.mkdir("db/migrations/versions");
  f.mkdir("db/migrations/expand");
  f.mkdir("db/migrations/contract");
  SUBCASE("legacy split: spaces and commas, several folders, a missing one skipped as Alembic skips it") {
    f.write("alembic.ini", "[alembic]\nscript_location = db/migrations\n"
                           "version_locations = %(here)s/db/migrations/expand, db/migrations/contract  gone\n"
                           "sqlalchemy.url = driver://user:pass@localhost/dbname\n");
    auto p = versions::find_alembic_project(f.path("alembic.ini"));
    CHECK(p.script_dir == f.root / "db" / "migrations");
    CHECK(p.version_dirs ==
          std::vector<fs::path>{f.root / "db/migrations/expand", f.root / "db/migrations/contract"});
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].find("gone does not exist; skipped") != std::string::npos);
    CHECK_FALSE(p.database_url);  // `alembic init`'s placeholder is no database
    CHECK_FALSE(p.version_table);
  }
  SUBCASE("version_path_separator = os, and a continuation line") {
    f.write("alembic.ini", "[DEFAULT]\nbase = db/migrations\n[alembic]\nscript_location = %(base)s\n"
                           "version_path_separator = os\n"
                           "version_locations = %(base)s/expand:%(base)s/contract\n  :%(base)s/versions\n"
                           "sqlalchemy.url =\n");
    auto p = versions::find_alembic_project(f.path("alembic.ini"));
    CHECK(p.version_dirs.size() == 3);
    CHECK(p.version_dirs[2] == f.root / "db/migrations/versions");
    CHECK_FALSE(p.database_url);  // empty: set by env.py at run time, not here
  }
}

TEST_CASE("version_locations split as Alembic splits them") {
  CHECK(versions::split_version_locations("a, b c,d", "", "f") == Strings{"a", "b", "c", "d"});
  CHECK(versions::split_version_locations("a b;c", "space", "f") == Strings{"a", "b;c"});
  CHECK(versions::split_version_locations("a b:c", ":", "f") == Strings{"a b", "c"});
  CHECK(versions::split_version_locations("a b;c", ";", "f") == Strings{"a b", "c"});
  CHECK(versions::split_version_locations("a b\nc", "newline", "f") == Strings{"a b", "c"});
  CHECK_THROWS_WITH_AS(versions::split_version_locations("a", "tab", "alembic.ini"),
                       doctest::Contains("alembic.ini: 'tab' is not a valid value for version_path_separator"),
                       core::UsageError);
}

TEST_CASE("interpolation errors name the file, and never show a password") {
  std::map<std::string, std::string> section{{"loop", "%(loop)s"}}, defaults;
  CHECK_THROWS_WITH_AS(versions::interpolate("%(loop)s", section, defaults, "a.ini"), doctest::Contains("deeper than 10"),
                       core::UsageError);
  CHECK_THROWS_WITH_AS(versions::interpolate("%(nope)s", section, defaults, "a.ini"),
                       doctest::Contains("a.ini: %(nope)s names no option"), core::UsageError);
  try {
    versions::interpolate("postgresql://u:se%cret@h/db", section, defaults, "a.ini");
    FAIL("expected an error");
  } catch (const core::UsageError& e) {
    CHECK(std::string(e.what()).find("se%cret") == std::string::npos);
    CHECK(std::string(e.what()).find("write %% for a literal %") != std::string::npos);
  }
  CHECK(versions::interpolate("100%% sure, %(here)s", section, {{"here", "/p"}}, "a.ini") == "100% sure, /p");
}

TEST_CASE("the script-directory form") {
  Folder f;
  f.mkdir("alembic/versions");
  f.write("alembic/env.py", "# env\n");
  auto p = versions::find_alembic_project(f.path("alembic"));
  CHECK(p.ini.empty());
  CHECK(p.script_dir == f.root / "alembic");
  CHECK(p.version_dirs == std::vector<fs::path>{f.root / "alembic" / "versions"});
  CHECK_FALSE(p.database_url);
}

TEST_CASE("env.py's context.configure(version_table=...) is read where alembic.ini says nothing") {
  Folder f;
  f.mkdir("alembic/versions");
  const char* kEnv = R"(from alembic import context
VERSION_SCHEMA = "audit"

def run_migrations_offline():
    context.configure(url=url, version_table="schema_history", literal_binds=True)

def run_migrations_online():
    with connectable.connect() as connection:
        context.configure(connection=connection, version_table='schema_history', version_table_schema=None)
        with context.begin_transaction():
            context.run_migrations()

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
)";
  f.write("alembic/env.py", kEnv);
  SUBCASE("the script-directory form") {
    auto p = versions::find_alembic_project(f.path("alembic"));
    CHECK(p.version_table == "schema_history");
    CHECK_FALSE(p.version_table_schema);
    CHECK(p.notes.empty());
  }
  SUBCASE("alembic.ini wins") {
    f.write("alembic.ini", "[alembic]\nscript_location = alembic\nversion_table = from_ini\n");
    CHECK(versions::find_alembic_project(f.path("alembic.ini")).version_table == "from_ini");
  }
  SUBCASE("two different tables, or one given by a name: a note, no guess") {
    f.write("alembic/env.py", "def a():\n    context.configure(version_table='one')\n"
                              "def b():\n    context.configure(version_table=TABLE)\n");
    auto p = versions::find_alembic_project(f.path("alembic"));
    CHECK(p.version_table == "one");
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].find("sets version_table in a way strata does not read") != std::string::npos);
    f.write("alembic/env.py", "def a():\n    context.configure(version_table='one')\n"
                              "def b():\n    context.configure(version_table='two')\n");
    auto two = versions::find_alembic_project(f.path("alembic"));
    CHECK_FALSE(two.version_table);
    CHECK(two.notes.size() == 1);
  }
  SUBCASE("an env.py that does not parse is no error: a note") {
    f.write("alembic/env.py", "version_table = (\n");
    auto p = versions::find_alembic_project(f.path("alembic"));
    CHECK_FALSE(p.version_table);
    CHECK(p.notes.size() == 1);
  }
}

TEST_CASE("finding a project: every error names PATH") {
  Folder f;
  auto fails_with = [](const std::string& path, const std::string& part) {
    CHECK_THROWS_WITH_AS(versions::find_alembic_project(path), doctest::Contains(part.c_str()), core::UsageError);
  };
  fails_with(f.path("nowhere"), "nowhere: no such file or folder");
  fails_with("", "PATH must name an alembic.ini");
  f.mkdir("empty");
  fails_with(f.path("empty"), "empty: not an Alembic script directory: it has no env.py");
  f.write("noversions/env.py", "");
  fails_with(f.path("noversions"), "it has no versions/ folder");
  f.write("project/alembic.ini", "[alembic]\n");
  fails_with(f.path("project"), "(it holds alembic.ini: give '");
  f.write("noalembic.ini", "[loggers]\nkeys = root\n");
  fails_with(f.path("noalembic.ini"), "no [alembic] section");
  f.write("nolocation.ini", "[alembic]\nsqlalchemy.url = sqlite://\n");
  fails_with(f.path("nolocation.ini"), "[alembic] has no script_location");
  f.write("package.ini", "[alembic]\nscript_location = myapp:migrations\n");
  fails_with(f.path("package.ini"), "is a Python package resource");
  f.write("missing.ini", "[alembic]\nscript_location = %(here)s/missing\n");
  fails_with(f.path("missing.ini"), "the Alembic script directory does not exist");
  f.mkdir("noversions_dir");
  f.write("noversions_dir.ini", "[alembic]\nscript_location = noversions_dir\n");
  fails_with(f.path("noversions_dir.ini"), "the versions folder does not exist");
  f.write("nolocations.ini", "[alembic]\nscript_location = noversions_dir\nversion_locations = a b\n");
  fails_with(f.path("nolocations.ini"), "none of the version_locations exists");
  f.write("python.py", "import os\n\ndef upgrade():\n    pass\n");
  fails_with(f.path("python.py"), "python.py:1: an option before the first [section]");
  f.write("twice.ini", "[alembic]\nscript_location = a\nscript_location = b\n");
  fails_with(f.path("twice.ini"), "twice.ini:3: option 'script_location' is given twice");
  f.write("binary.ini", std::string("[alembic]\0\x01", 12));
  fails_with(f.path("binary.ini"), "not an ini file");
}

TEST_CASE("relative SQLite files keep naming the same file from the new project") {
  fs::path ini_dir = "/work/app", config_dir = "/work/fresh";
  CHECK(versions::rebase_sqlite_url("sqlite:///app.db", ini_dir, config_dir) == "sqlite:///../app/app.db");
  CHECK(versions::rebase_sqlite_url("sqlite:///data/app.db?mode=ro", ini_dir, ini_dir) == "sqlite:///data/app.db?mode=ro");
  CHECK(versions::rebase_sqlite_url("sqlite+pysqlite:///app.db", ini_dir, config_dir) ==
        "sqlite+pysqlite:///../app/app.db");
  CHECK(versions::rebase_sqlite_url("sqlite:////abs/app.db", ini_dir, config_dir) == "sqlite:////abs/app.db");
  CHECK(versions::rebase_sqlite_url("sqlite://", ini_dir, config_dir) == "sqlite://");
  CHECK(versions::rebase_sqlite_url("sqlite:///:memory:", ini_dir, config_dir) == "sqlite:///:memory:");
  CHECK(versions::rebase_sqlite_url("postgresql://u:p@h/db", ini_dir, config_dir) == "postgresql://u:p@h/db");
}

}  // namespace alembic_project_test
