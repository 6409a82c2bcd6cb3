// New revision files: ids, slugs, file names, rendering round trips.
#include <doctest/doctest.h>

#include "core/config.h"
#include "core/error.h"
#include "versions/revision_sql.h"
#include "versions/revision_writer.h"
#include "versions/revision_yaml.h"

// Its own namespace: the unity build compiles several test files as one.
namespace revision_writer_test {

using namespace strata;

TEST_CASE("revision ids are 12 lowercase hex characters and differ") {
  auto a = versions::new_revision_id(), b = versions::new_revision_id();
  CHECK(a.size() == 12);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != b);
}

TEST_CASE("slugs follow Alembic") {
  CHECK(versions::slugify("Add a column", 40) == "add_a_column");
  CHECK(versions::slugify("  create: account-table!! ", 40) == "create_account_table");
  CHECK(versions::slugify("", 40) == "");
  CHECK(versions::slugify("one two three four five six seven eight nine", 20) == "one_two_three_four_");
  // Truncation counts characters, as Python does, and never splits a UTF-8 letter.
  std::string e30;
  for (int i = 0; i < 30; ++i) e30 += "\xc3\xa9";  // é
  CHECK(versions::slugify("a" + e30, 40) == "a" + e30);  // 31 characters: no truncation
  std::string e50;
  for (int i = 0; i < 50; ++i) e50 += "\xc3\xa9";
  std::string e39;
  for (int i = 0; i < 39; ++i) e39 += "\xc3\xa9";
  CHECK(versions::slugify("a" + e50, 40) == "a" + e39 + "_");  // cut at 40 characters, whole letters
  CHECK(versions::slugify("\xc3\xa9t\xc3\xa9 d\xc3\xa9j\xc3\xa0 vu", 5) == "\xc3\xa9t\xc3\xa9_");
}

TEST_CASE("file_template tokens") {
  core::Config c;
  c.path = "strata.yaml";
  std::tm tm{};
  tm.tm_year = 126, tm.tm_mon = 10, tm.tm_mday = 25, tm.tm_hour = 9, tm.tm_min = 5, tm.tm_sec = 7, tm.tm_isdst = -1;
  auto when = std::chrono::system_clock::from_time_t(std::mktime(&tm));
  CHECK(versions::revision_file_stem(c, "ab12", "Add a column", when) == "ab12_add_a_column");
  c.file_template = "{year}{month}{day}_{hour}{minute}{second}_{rev}_{slug}";
  CHECK(versions::revision_file_stem(c, "ab12", "Add", when) == "20261125_090507_ab12_add");
  CHECK(versions::revision_file_stem(c, "ab12", "", when) == "20261125_090507_ab12");
  c.file_template = "{rev}_{nope}";
  CHECK_THROWS_WITH_AS(versions::revision_file_stem(c, "ab12", "x", when), doctest::Contains("unknown token '{nope}'"),
                       core::UsageError);
}

TEST_CASE("rendered revisions parse back to the same header") {
  core::RevisionHeader h;
  h.id = "m1";
  h.down_revisions = {"a1", "b2"};
  h.branch_labels = {"feature"};
  h.depends_on = {"c3"};
  h.message = "merge: the \"two\" heads";
  h.create_date = "2026-11-25 10:00:00.000000";
  std::string yaml_tmpl =
      "revision: {{revision}}\ndown_revision: {{down_revision}}\nbranch_labels: {{branch_labels}}\n"
      "depends_on: {{depends_on}}\nmessage: {{message}}\ncreate_date: {{create_date}}\nupgrade: {{upgrades}}\n"
      "downgrade: {{downgrades}}\n";
  auto y = versions::parse_yaml_revision(versions::render_yaml_revision(yaml_tmpl, h), "x.yaml").header;
  CHECK(y.id == h.id);
  CHECK(y.down_revisions == h.down_revisions);
  CHECK(y.branch_labels == h.branch_labels);
  CHECK(y.depends_on == h.depends_on);
  CHECK(y.message == h.message);
  CHECK(y.create_date == h.create_date);
  std::string sql_tmpl =
      "-- strata:revision {{revision}}\n-- strata:down_revision {{down_revision}}\n-- strata:branch_labels "
      "{{branch_labels}}\n-- strata:depends_on {{depends_on}}\n-- strata:message {{message}}\n-- strata:create_date "
      "{{create_date}}\n-- +upgrade\n-- +downgrade\n";
  auto s = versions::parse_sql_revision(versions::render_sql_revision(sql_tmpl, h), "x.sql").header;
  CHECK(s.down_revisions == h.down_revisions);
  CHECK(s.message == h.message);
}

TEST_CASE("placeholders are filled once: a message may contain {{create_date}}") {
  core::RevisionHeader h;
  h.id = "a1";
  h.message = "see {{create_date}} and {{revision}}";
  h.create_date = "2026-11-25 10:00:00.000000";
  std::string yaml_tmpl = "revision: {{revision}}\nmessage: {{message}}\ncreate_date: {{create_date}}\n{{unknown}}\n";
  std::string y = versions::render_yaml_revision(yaml_tmpl, h);
  CHECK(y.find("{{unknown}}") != std::string::npos);  // not a placeholder: kept
  y = versions::render_yaml_revision("revision: {{revision}}\nmessage: {{message}}\ncreate_date: {{create_date}}\n", h);
  CHECK(versions::parse_yaml_revision(y, "x.yaml").header.message == h.message);
  std::string sql = versions::render_sql_revision(
      "-- strata:revision {{revision}}\n-- strata:message {{message}}\n-- strata:create_date {{create_date}}\n"
      "-- +upgrade\n",
      h);
  CHECK(versions::parse_sql_revision(sql, "x.sql").header.message == h.message);
}

TEST_CASE("transactional: false is written before the operations, and read back") {
  core::RevisionHeader h;
  h.id = "c1";
  h.message = "index concurrently";
  h.transactional = false;
  const std::string yaml_tmpl =
      "revision: {{revision}}\ndown_revision: {{down_revision}}\nmessage: {{message}}\nupgrade: {{upgrades}}\n"
      "downgrade: {{downgrades}}\n";
  const std::string y = versions::render_yaml_revision(yaml_tmpl, h, "  - drop_index: {name: ix, concurrently: true}");
  CHECK(y ==
        "revision: c1\ndown_revision: null\nmessage: index concurrently\ntransactional: false\nupgrade:\n"
        "  - drop_index: {name: ix, concurrently: true}\ndowngrade: []\n");
  CHECK_FALSE(versions::parse_yaml_revision(y, "x.yaml").header.transactional);
  const std::string sql = versions::render_sql_revision("-- strata:revision {{revision}}\n-- +upgrade\n-- +downgrade\n", h);
  CHECK(sql == "-- strata:revision c1\n-- strata:transactional false\n-- +upgrade\n-- +downgrade\n");
  CHECK_FALSE(versions::parse_sql_revision(sql, "x.sql").header.transactional);
  h.transactional = true;  // the default is never written
  CHECK(versions::render_yaml_revision(yaml_tmpl, h).find("transactional") == std::string::npos);
  CHECK(versions::render_sql_revision("-- strata:revision {{revision}}\n-- +upgrade\n", h).find("transactional") ==
        std::string::npos);
}

}  // namespace revision_writer_test
