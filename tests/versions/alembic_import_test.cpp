// `strata import alembic` on temp folders of hand-written Alembic files:
// every header form Alembic accepts is kept exactly, every broken project is
// an error naming the file (and line) with nothing written, and importing
// twice refuses.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "versions/alembic_import.h"
#include "versions/project_templates.h"
#include "versions/revision_yaml.h"
#include "versions/script_directory.h"

// Its own namespace: the unity build compiles several test files as one.
namespace alembic_import_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

// A project folder holding an Alembic script directory (alembic/versions)
// and an empty strata versions folder (migrations/versions).
struct Project {
  fs::path root;
  fs::path alembic_versions;
  fs::path strata_versions;
  core::Config config;

  Project() {
    static int counter = 0;
    root = fs::temp_directory_path() / ("strata_import_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    fs::remove_all(root);
    alembic_versions = root / "alembic" / "versions";
    strata_versions = root / "migrations" / "versions";
    fs::create_directories(alembic_versions);
    fs::create_directories(strata_versions);
    config.path = (root / "strata.yaml").string();
    config.dir = root.string();
  }
  ~Project() { fs::remove_all(root); }

  void write(const std::string& relative, const std::string& text) const {
    fs::path p = alembic_versions / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  versions::ImportSource source(std::vector<std::string> defines = {}) const {
    return {{alembic_versions}, root, versions::parse_defines(defines)};
  }
  std::vector<versions::AlembicRevision> read(std::vector<std::string> defines = {}) const {
    return versions::read_alembic_revisions(source(std::move(defines)));
  }
  std::vector<std::string> import(std::vector<std::string> defines = {}) const {
    auto revisions = read(std::move(defines));
    versions::ScriptDirectory existing({strata_versions});
    versions::ImportDestination destination{config, strata_versions,
                                            versions::revision_template((root / "migrations").string(), "yaml"),
                                            existing.list_headers()};
    return versions::write_imported_revisions(revisions, destination);
  }
  // Nothing in versions/, and no staging folder left next to it.
  bool nothing_written() const {
    return fs::is_empty(strata_versions) && std::distance(fs::directory_iterator(root / "migrations"), {}) == 1;
  }
};

// An Alembic revision file as `alembic revision` writes it (1.8 style).
std::string alembic_file(const std::string& header, const std::string& message = "a message",
                         const std::string& body = "    pass\n") {
  return "\"\"\"" + message + "\n\nRevision ID: x\nRevises: y\nCreate Date: 2023-01-05 10:00:00.123456\n\n\"\"\"\n"
         "from alembic import op\nimport sqlalchemy as sa\n\n\n" +
         header + "\n\n\ndef upgrade():\n" + body + "\n\ndef downgrade():\n    pass\n";
}

const versions::AlembicRevision& by_id(const std::vector<versions::AlembicRevision>& all, const std::string& id) {
  for (const auto& r : all)
    if (r.header.id == id) return r;
  FAIL("no revision " << id);
  throw std::logic_error("unreachable");
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("import alembic: every header form Alembic accepts") {
  Project p;
  // Ids of every kind: 12 hex, 11 characters, a word, a u'' string.
  p.write("1975ea83b712_first.py", alembic_file("revision = '1975ea83b712'\ndown_revision = None\n"
                                                "branch_labels = None\ndepends_on = None\n",
                                                "create account table"));
  p.write("abcdefghijk_second.py", alembic_file("revision = \"abcdefghijk\"\ndown_revision = '1975ea83b712'\n"
                                                "branch_labels = ('accounts',)\n"));
  p.write("kilo.py", alembic_file("revision = u'kilo'\ndown_revision = ('abcdefghijk',)\ndepends_on = 'abcdefghijk'\n"));
  // A merge, as a tuple and as a list; Alembic 1.11+'s annotated assignments.
  p.write("side.py", alembic_file("revision: str = 'side'\ndown_revision: Union[str, None] = ['1975ea83b712']\n"
                                  "branch_labels: Union[str, Sequence[str], None] = 'side_branch'\n"));
  p.write("merge.py", alembic_file("revision = 'mergeab'\ndown_revision = ('kilo', 'side')\n", "merge heads"));
  // Nested folders are read; packages, caches and other files are not.
  p.write("2023.1/expand/deep.py", alembic_file("revision = 'deep'\ndown_revision = 'mergeab'\n"));
  p.write("__init__.py", "");
  p.write("2023.1/__init__.py", "import os\n");
  p.write("__pycache__/deep.cpython-311.py", "not python at all ((\n");
  p.write("README", "not a revision\n");
  p.write("deep.pyc", "\x01\x02");
  p.write(".#deep.py", "an editor lock file ((\n");

  auto all = p.read();
  REQUIRE(all.size() == 6);
  const auto& first = by_id(all, "1975ea83b712");
  CHECK(first.header.down_revisions.empty());
  CHECK(first.header.branch_labels.empty());
  CHECK(first.header.message == "create account table");
  CHECK(first.header.create_date == "2023-01-05 10:00:00.123456");
  CHECK(first.header.path == "alembic/versions/1975ea83b712_first.py");
  CHECK(first.revision_line == 12);
  CHECK(by_id(all, "abcdefghijk").header.down_revisions == Ids{"1975ea83b712"});
  CHECK(by_id(all, "abcdefghijk").header.branch_labels == Ids{"accounts"});
  CHECK(by_id(all, "kilo").header.down_revisions == Ids{"abcdefghijk"});
  CHECK(by_id(all, "kilo").header.depends_on == Ids{"abcdefghijk"});
  CHECK(by_id(all, "side").header.down_revisions == Ids{"1975ea83b712"});
  CHECK(by_id(all, "side").header.branch_labels == Ids{"side_branch"});
  CHECK(by_id(all, "mergeab").header.down_revisions == Ids{"kilo", "side"});
  CHECK(by_id(all, "mergeab").header.message == "merge heads");
  CHECK(by_id(all, "deep").header.path == "alembic/versions/2023.1/expand/deep.py");
  for (const auto& r : all) {
    CHECK_FALSE(r.untranslated_upgrade);
    CHECK_FALSE(r.untranslated_downgrade);
  }
}

TEST_CASE("import alembic: the code wins over the docstring and the file name") {
  Project p;
  p.write("aaaa_base.py", alembic_file("revision = 'aaaa'\ndown_revision = None\n"));
  // Revises: names another revision, the file name another id: both ignored.
  p.write("bbbb_wrong_name.py", "\"\"\"second\n\nRevision ID: zzzz\nRevises: nope\nCreate Date: 2024-02-03 04:05:06\n"
                                "\"\"\"\nrevision = 'cccc'\ndown_revision = 'aaaa'\n\ndef upgrade():\n    pass\n\n"
                                "def downgrade():\n    pass\n");
  auto all = p.read();
  REQUIRE(all.size() == 2);
  CHECK(by_id(all, "cccc").header.down_revisions == Ids{"aaaa"});
  CHECK(by_id(all, "cccc").header.message == "second");
  CHECK(by_id(all, "cccc").header.create_date == "2024-02-03 04:05:06");
  CHECK(by_id(all, "cccc").header.path == "alembic/versions/bbbb_wrong_name.py");
}

TEST_CASE("import alembic: module constants, --define, legacy file names, docstrings") {
  Project p;
  p.write("a.py", alembic_file("BASE = 'base01'\nrevision = BASE\ndown_revision = None\n"));
  p.write("b.py", alembic_file("from myapp.revisions import PARENT, LABELS\nPREVIOUS = PARENT\n"
                               "revision = 'child1'\ndown_revision = PREVIOUS\nbranch_labels = LABELS\n"));
  p.write("c.py", alembic_file("import myapp.ids as ids\nrevision = 'child2'\ndown_revision = (ids.BASE, 'child1')\n"));
  // Alembic 0.1's files: no `revision`, the id is the (hex) file name.
  p.write("0fe1.py", "down_revision = 'child2'\ndef upgrade():\n    pass\ndef downgrade():\n    pass\n");
  auto all = p.read({"PARENT=base01", "LABELS=('one', 'two')", "ids.BASE='base01'"});
  CHECK(by_id(all, "base01").header.down_revisions.empty());
  CHECK(by_id(all, "child1").header.down_revisions == Ids{"base01"});
  CHECK(by_id(all, "child1").header.branch_labels == Ids{"one", "two"});
  CHECK(by_id(all, "child2").header.down_revisions == Ids{"base01", "child1"});
  CHECK(by_id(all, "0fe1").header.down_revisions == Ids{"child2"});
  CHECK(by_id(all, "0fe1").header.message.empty());  // no docstring: no message, as Alembic's doc
  CHECK(by_id(all, "0fe1").header.create_date.empty());
}

TEST_CASE("import alembic: --define values") {
  auto d = versions::parse_defines({"A=1975ea83b712", "B=None", "C=('x', 'y')", "D='quoted'", "E=1975", "F=a b (",
                                    " G = spaced"});
  using K = versions::py::Node::Kind;
  CHECK(d["A"].kind == K::kString);
  CHECK(d["A"].text == "1975ea83b712");
  CHECK(d["B"].kind == K::kNone);
  CHECK(d["C"].kind == K::kTuple);
  CHECK(d["D"].text == "quoted");
  CHECK(d["E"].kind == K::kString);  // an id that looks like a number is still an id
  CHECK(d["E"].text == "1975");
  CHECK(d["F"].text == "a b (");
  CHECK(d["G"].text == " spaced");
  CHECK_THROWS_WITH_AS(versions::parse_defines({"novalue"}), doctest::Contains("expected NAME=VALUE"),
                       core::UsageError);
  CHECK_THROWS_WITH_AS(versions::parse_defines({"=x"}), doctest::Contains("expected NAME=VALUE"), core::UsageError);
}

TEST_CASE("import alembic: written files read back as the same revisions") {
  Project p;
  p.write("1975ea83b712_first.py", alembic_file("revision = '1975ea83b712'\ndown_revision = None\n",
                                                "create account table"));
  p.write("3c9b1f0e2d4a_backfill.py",
          alembic_file("revision = '3c9b1f0e2d4a'\ndown_revision = '1975ea83b712'\nbranch_labels = ('data',)\n",
                       "backfill slugs: with a colon", "    conn = op.get_bind()\n    conn.execute('UPDATE t SET a = 1')\n"));
  auto files = p.import();
  REQUIRE(files.size() == 2);
  CHECK(files[0] == (p.strata_versions / "1975ea83b712_create_account_table.yaml").string());
  CHECK(files[1] == (p.strata_versions / "3c9b1f0e2d4a_backfill_slugs_with_a_colon.yaml").string());
  auto first = versions::ScriptDirectory::load_revision(files[0]);
  CHECK(first.header.id == "1975ea83b712");
  CHECK(first.header.message == "create account table");
  CHECK(first.header.create_date == "2023-01-05 10:00:00.123456");
  CHECK(first.header.alembic_source == "alembic/versions/1975ea83b712_first.py");
  CHECK_FALSE(first.body.untranslated_upgrade);
  CHECK(first.body.upgrade.empty());

  auto second = versions::ScriptDirectory::load_revision(files[1]);
  CHECK(second.header.down_revisions == Ids{"1975ea83b712"});
  CHECK(second.header.branch_labels == Ids{"data"});
  CHECK(second.header.message == "backfill slugs: with a colon");
  REQUIRE(second.body.untranslated_upgrade);
  CAPTURE(*second.body.untranslated_upgrade);
  CHECK(second.body.untranslated_upgrade->ends_with("(alembic/versions/3c9b1f0e2d4a_backfill.py:19)"));
  CHECK_FALSE(second.body.untranslated_downgrade);
  // The Python is kept as comments for whoever translates it, and the header
  // still reads on the fast path.
  std::string text = versions::read_file(files[1]);
  CHECK(text.find("  #       conn = op.get_bind()\n") != std::string::npos);
  auto fast = versions::parse_yaml_header(text, files[1]);
  CHECK(fast.alembic_source == "alembic/versions/3c9b1f0e2d4a_backfill.py");
  CHECK(fast.branch_labels == Ids{"data"});
  CHECK(fs::is_regular_file(p.root / "alembic" / "versions" / "3c9b1f0e2d4a_backfill.py"));  // the source is left alone
  CHECK(std::distance(fs::directory_iterator(p.root / "migrations"), {}) == 1);  // no staging folder left

  SUBCASE("importing twice refuses and writes nothing more") {
    CHECK_THROWS_WITH_AS(p.import(), doctest::Contains("revision 1975ea83b712 (alembic/versions/1975ea83b712_first.py) "
                                                       "is already in the project"),
                         core::UsageError);
    CHECK(std::distance(fs::directory_iterator(p.strata_versions), {}) == 2);
  }
}

TEST_CASE("import alembic: the translator's notes are comments in the file and in the report") {
  Project p;
  p.write("a.py", alembic_file("revision = 'aaaa'\ndown_revision = None\n", "index",
                               "    op.create_index('ix_t_a', 't', ['a'], postgresql_where=sa.text('a > 0'))\n"));
  p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = 'aaaa'\n", "nothing",
                               "    op.alter_column('t', 'a', existing_type=sa.Integer())\n"));
  auto all = p.read();
  REQUIRE(by_id(all, "aaaa").notes.size() == 1);
  CHECK(by_id(all, "aaaa").notes[0].starts_with("upgrade: "));
  CHECK(by_id(all, "aaaa").notes[0].find("postgresql_where") != std::string::npos);
  CHECK(by_id(all, "aaaa").notes[0].ends_with("(alembic/versions/a.py:18)"));
  REQUIRE(by_id(all, "bbbb").notes.size() == 1);
  CHECK(by_id(all, "bbbb").notes[0].find("changes nothing") != std::string::npos);
  CHECK_FALSE(by_id(all, "bbbb").untranslated_upgrade);

  auto files = p.import();
  auto index = versions::ScriptDirectory::load_revision(files[0]);
  REQUIRE(index.body.upgrade.size() == 1);
  CHECK(std::get<core::CreateIndex>(index.body.upgrade[0]).where == "a > 0");
  CHECK(versions::read_file(files[0]).find("upgrade:\n  # strata import: op.create_index: postgresql_where") != std::string::npos);
  // Only a comment left: still an empty list of operations, not a missing one.
  auto nothing = versions::ScriptDirectory::load_revision(files[1]);
  CHECK(nothing.body.upgrade.empty());
  CHECK_FALSE(nothing.body.untranslated_upgrade);
  CHECK(versions::read_file(files[1]).find("changes nothing and is left out (alembic/versions/b.py:18)\n  []\n") !=
        std::string::npos);
}

TEST_CASE("import alembic: a revision template that loses the bodies is refused before anything is written") {
  Project p;
  p.write("a.py", alembic_file("revision = 'aaaa'\ndown_revision = None\n", "first"));
  std::ofstream(p.root / "migrations" / "revision.yaml.tmpl")
      << "revision: {{revision}}\ndown_revision: {{down_revision}}\nmessage: {{message}}\n";
  CHECK_THROWS_WITH_AS(p.import(), doctest::Contains("revision template (revision.yaml.tmpl) does not keep"),
                       core::UsageError);
  CHECK(fs::is_empty(p.strata_versions));
  // A custom template that keeps them is used as it is.
  std::ofstream(p.root / "migrations" / "revision.yaml.tmpl")
      << "# our template\nrevision: {{revision}}\ndown_revision: {{down_revision}}\nmessage: {{message}}\n"
         "create_date: {{create_date}}\nupgrade: {{upgrades}}\ndowngrade: {{downgrades}}\n";
  auto files = p.import();
  REQUIRE(files.size() == 1);
  CHECK(versions::read_file(files[0]).starts_with("# our template\n"));
  CHECK(versions::ScriptDirectory::load_revision(files[0]).header.alembic_source == "alembic/versions/a.py");
}

TEST_CASE("import alembic: a file in the way refuses the whole import") {
  Project p;
  p.write("a.py", alembic_file("revision = 'aaaa'\ndown_revision = None\n", "first"));
  p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = 'aaaa'\n", "second"));
  std::ofstream(p.strata_versions / "bbbb_second.yaml.txt") << "";  // not a revision file: not in the way
  std::ofstream(p.strata_versions / "bbbb_second.yaml") << "# a stray file with no revision in it\nrevision: other\n";
  CHECK_THROWS_WITH_AS(p.import(), doctest::Contains("bbbb_second.yaml: already exists; not overwriting it"),
                       core::UsageError);
  CHECK_FALSE(fs::exists(p.strata_versions / "aaaa_first.yaml"));
  CHECK(std::distance(fs::directory_iterator(p.root / "migrations"), {}) == 1);
}

TEST_CASE("import alembic: every broken project is an error naming the file, and nothing is written") {
  Project p;
  auto fails_with = [&](const std::string& part) {
    CHECK_THROWS_WITH(p.import(), doctest::Contains(part.c_str()));
    CHECK(p.nothing_written());
  };
  p.write("a.py", alembic_file("revision = 'aaaa'\ndown_revision = None\n"));

  SUBCASE("a revision given by a name nobody defines") {
    p.write("b.py", alembic_file("from myapp import REV\nrevision = REV\ndown_revision = 'aaaa'\n"));
    fails_with("alembic/versions/b.py:13: revision is the name 'REV', which is not a constant of this file (it is "
               "imported from myapp.REV); give its value with --define REV=VALUE");
  }
  SUBCASE("a down_revision inside a tuple that names nothing") {
    p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = ('aaaa',\n    PARENT)\n"));
    fails_with("alembic/versions/b.py:14: down_revision is the name 'PARENT'");
  }
  SUBCASE("constants that name each other") {
    p.write("b.py", alembic_file("A = B\nB = A\nrevision = A\ndown_revision = 'aaaa'\n"));
    fails_with("refers to itself");
  }
  SUBCASE("a revision that is not a string") {
    p.write("b.py", alembic_file("revision = 12\ndown_revision = 'aaaa'\n"));
    fails_with("alembic/versions/b.py:12: revision must be a string, not `12`");
  }
  SUBCASE("an empty revision id") {
    p.write("b.py", alembic_file("revision = ''\ndown_revision = 'aaaa'\n"));
    fails_with("b.py:12: revision is an empty string");
  }
  SUBCASE("a revision id Alembic refuses") {
    p.write("b.py", alembic_file("revision = 'a-b'\ndown_revision = 'aaaa'\n"));
    fails_with("invalid revision id 'a-b'");
  }
  SUBCASE("down_revision of the wrong type") {
    p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = {'aaaa': 1}\n"));
    fails_with("b.py:13: down_revision must be a string, a tuple or list of strings, or None");
  }
  SUBCASE("no revision at all") {
    p.write("helpers.py", "def util():\n    return 1\n");
    fails_with("alembic/versions/helpers.py: no 'revision = ...' assignment");
  }
  SUBCASE("no down_revision") {
    p.write("b.py", "revision = 'bbbb'\n");
    fails_with("alembic/versions/b.py: no 'down_revision = ...' assignment");
  }
  SUBCASE("two files with one id: both named, with their lines") {
    p.write("z_copy.py", "\n" + alembic_file("revision = 'aaaa'\ndown_revision = None\n"));
    fails_with("revision aaaa is defined twice: in alembic/versions/a.py:12 and in alembic/versions/z_copy.py:13");
  }
  SUBCASE("a down_revision that names no file") {
    p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = ('aaaa', 'gone')\n"));
    fails_with("alembic/versions/b.py:13: down_revision names 'gone', which no revision file defines");
  }
  SUBCASE("a cycle") {
    p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = 'cccc'\n"));
    p.write("c.py", alembic_file("revision = 'cccc'\ndown_revision = 'bbbb'\n"));
    fails_with("cycle");
  }
  SUBCASE("a depends_on that names nothing") {
    p.write("b.py", alembic_file("revision = 'bbbb'\ndown_revision = 'aaaa'\ndepends_on = 'nowhere'\n"));
    fails_with("nowhere");
  }
  SUBCASE("a file that is not Python") {
    p.write("b.py", "revision = 'bbbb'\ndown_revision = 'aaaa'\ndef upgrade(:\n    op.drop_table('t'\n");
    fails_with("alembic/versions/b.py:3:");
  }
  SUBCASE("binary garbage") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
    p.write("b.py", garbage);
    fails_with("alembic/versions/b.py");
  }
  SUBCASE("an unclosed string") {
    p.write("b.py", "\"\"\"never closed\nrevision = 'bbbb'\n");
    fails_with("alembic/versions/b.py:1:");
  }
}

TEST_CASE("import alembic: overlapping version folders read each file once") {
  Project p;
  p.write("a.py", alembic_file("revision = 'aaaa'\ndown_revision = None\n"));
  p.write("sub/b.py", alembic_file("revision = 'bbbb'\ndown_revision = 'aaaa'\n"));
  auto files = versions::find_alembic_files({p.alembic_versions, p.alembic_versions / "sub"});
  REQUIRE(files.size() == 2);
  CHECK(files[0].filename() == "a.py");
  CHECK(files[1].filename() == "b.py");
}

// The time it takes is bench/import.sh's business (the README's figures).
TEST_CASE("import alembic: 1,000 files are read and written") {
  Project p;
  std::string down = "None";
  for (int i = 0; i < 1000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%012x", i + 1);
    p.write(std::string(id) + "_step.py", alembic_file("revision = '" + std::string(id) + "'\ndown_revision = " + down +
                                                       "\n", "step " + std::to_string(i)));
    down = "'" + std::string(id) + "'";
  }
  CHECK(p.read().size() == 1000);
  auto files = p.import();
  CHECK(files.size() == 1000);
}

}  // namespace alembic_import_test
