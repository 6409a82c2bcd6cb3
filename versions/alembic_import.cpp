#include "versions/alembic_import.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

#include "core/error.h"
#include "core/revision_graph.h"
#include "versions/op_yaml_writer.h"
#include "versions/revision_writer.h"
#include "versions/revision_yaml.h"
#include "versions/script_directory.h"

namespace strata::versions {

namespace fs = std::filesystem;

namespace {

bool is_revision_source(const fs::path& file) {
  std::string name = file.filename().string();
  // Alembic's `(?!\.\#|__init__)(.*\.py)$`, and hidden files as everywhere in strata.
  return file.extension() == ".py" && !name.starts_with("__init__") && !name.starts_with(".");
}

std::string shown(const fs::path& file, const fs::path& project_dir) {
  fs::path relative = file.lexically_relative(project_dir);
  return relative.empty() ? file.string() : relative.string();
}

// The Alembic Create Date as a time, for file_template's date tokens; now
// when the docstring has none.
std::chrono::system_clock::time_point created_at(const std::string& create_date) {
  std::tm tm{};
  if (std::sscanf(create_date.c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec) != 6)
    return std::chrono::system_clock::now();
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  return t == static_cast<std::time_t>(-1) ? std::chrono::system_clock::now() : std::chrono::system_clock::from_time_t(t);
}

// The strata file for R: the project's template, with alembic_source put
// after the header (templates have no placeholder for it).
std::string render(const AlembicRevision& r, const std::string& tmpl, const std::string& alembic_source) {
  std::string text = render_yaml_revision(tmpl, r.header, r.upgrade_yaml, r.downgrade_yaml);
  std::string line = "alembic_source: " + yaml_scalar(alembic_source) + "\n";
  size_t at = text.starts_with("upgrade:") ? 0 : text.find("\nupgrade:");
  if (at == std::string::npos) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text + line;
  }
  return text.insert(at == 0 ? 0 : at + 1, line);
}

// The revision template is the same for every file: a probe rendered with it
// and read back in full shows that it keeps the header and both bodies, in
// both forms (operations, untranslated). The operations themselves read back
// as written by ops_to_yaml's contract.
void check_template(const std::string& tmpl, const std::string& config_path) {
  AlembicRevision probe;
  probe.header.id = "probe1";
  probe.header.down_revisions = {"probe0"};
  probe.header.message = "probe";
  probe.upgrade_yaml = ops_to_yaml(std::vector<core::Op>{core::DropTable{"t", ""}});
  probe.downgrade_yaml = "  untranslated: why";
  std::string text = render(probe, tmpl, "probe.py");
  bool keeps = false;
  try {
    core::Revision back = parse_yaml_revision(text, "the revision template");
    keeps = back.header.id == "probe1" && back.header.down_revisions == probe.header.down_revisions &&
            back.header.alembic_source == "probe.py" && back.body.upgrade.size() == 1 &&
            back.body.untranslated_downgrade == "why";
  } catch (const core::ScriptError&) {
  }
  if (!keeps)
    throw core::UsageError(config_path + ": the project's revision template (revision.yaml.tmpl) does not keep "
                           "{{revision}}, {{down_revision}}, {{upgrades}} and {{downgrades}} as YAML; the import "
                           "cannot use it");
}

// A folder next to the versions folder (the same file system, so files can
// be linked into place), removed with everything in it however the import ends.
class StagingFolder {
 public:
  explicit StagingFolder(const fs::path& versions_dir) {
    std::string pattern = (versions_dir.parent_path() / ".strata-import-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw core::UsageError(versions_dir.parent_path().string() + ": cannot create a temporary folder to import into");
    path_ = pattern;
  }
  ~StagingFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Moves STAGED to TARGET without ever replacing a file: a hard link fails
// when TARGET exists, even one created a moment ago by someone else.
void move_into_place(const fs::path& staged, const fs::path& target) {
  std::error_code ec;
  fs::create_hard_link(staged, target, ec);
  if (ec == std::errc::file_exists) throw core::UsageError(target.string() + ": already exists; not overwriting it");
  if (ec) {
    // A file system without hard links: check, then rename (the window is small).
    if (fs::exists(target)) throw core::UsageError(target.string() + ": already exists; not overwriting it");
    fs::rename(staged, target, ec);
    if (ec) throw core::UsageError(target.string() + ": cannot write: " + ec.message());
  }
}

}  // namespace

std::vector<fs::path> find_alembic_files(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> files;
  std::set<fs::path> seen;
  for (const auto& dir : dirs) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      std::error_code entry_ec;  // an entry that cannot be examined is skipped, not the whole listing
      if (it->is_directory(entry_ec)) {
        if (name == "__pycache__" || name.starts_with(".")) it.disable_recursion_pending();
        continue;
      }
      if (!is_revision_source(p) || !it->is_regular_file(entry_ec)) continue;
      // Overlapping version folders list a file twice; Alembic loads it once.
      // One folder lists each file once (links are not followed): no need
      // to resolve every path.
      if (dirs.size() == 1) {
        files.push_back(p.lexically_normal());
        continue;
      }
      fs::path real = fs::weakly_canonical(p, entry_ec);
      if (seen.insert(entry_ec ? p : real).second) files.push_back(p.lexically_normal());
    }
    if (ec) throw core::ScriptError(dir.string() + ": cannot list: " + ec.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<AlembicRevision> read_alembic_revisions(const ImportSource& source) {
  fs::path project = fs::absolute(source.project_dir).lexically_normal();
  std::vector<AlembicRevision> revisions;
  for (const auto& file : find_alembic_files(source.version_dirs)) {
    std::string path = shown(fs::absolute(file).lexically_normal(), project);
    std::string text = read_file(file.string());
    if (text.find('\0') != std::string::npos) throw core::ScriptError(path + ": not a Python file (it holds NUL bytes)");
    revisions.push_back(read_alembic_revision(text, path, file.filename().string(), source.defines));
  }

  // The graph's own checks name files; these also name the line.
  std::map<std::string, const AlembicRevision*> by_id;
  for (const auto& r : revisions) {
    auto [it, fresh] = by_id.emplace(r.header.id, &r);
    if (!fresh) {
      auto where = [](const AlembicRevision& x) { return x.header.path + ":" + std::to_string(x.revision_line); };
      throw core::ScriptError("revision " + r.header.id + " is defined twice: in " + where(*it->second) + " and in " +
                              where(r));
    }
  }
  for (const auto& r : revisions)
    for (const auto& down : r.header.down_revisions)
      if (!by_id.count(down))
        throw core::ScriptError(r.header.path + ":" + std::to_string(r.down_revision_line) + ": down_revision names '" +
                                down + "', which no revision file defines");
  std::vector<core::RevisionHeader> headers;
  headers.reserve(revisions.size());
  for (const auto& r : revisions) headers.push_back(r.header);
  core::RevisionGraph{std::move(headers)};  // cycles, depends_on, branch labels
  return revisions;
}

std::vector<std::string> write_imported_revisions(const std::vector<AlembicRevision>& revisions,
                                                  const ImportDestination& destination) {
  const fs::path& dir = destination.versions_dir;
  std::map<std::string, const core::RevisionHeader*> existing;
  for (const auto& h : destination.existing) existing.emplace(h.id, &h);
  for (const auto& r : revisions)
    if (auto it = existing.find(r.header.id); it != existing.end())
      throw core::UsageError("revision " + r.header.id + " (" + r.header.path + ") is already in the project: " +
                             it->second->path + " (imported before?); nothing was written");
  // The project's graph with the imported revisions in it must hold too (branch labels used twice).
  std::vector<core::RevisionHeader> all = destination.existing;
  for (const auto& r : revisions) all.push_back(r.header);
  core::RevisionGraph{std::move(all)};

  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const auto& r : revisions) {
    std::string name = revision_file_stem(destination.config, r.header.id, r.header.message,
                                          created_at(r.header.create_date)) + ".yaml";
    if (!taken.insert(name).second)
      throw core::UsageError("two imported revisions would both be written to " + (dir / name).string() +
                             " (file_template '" + destination.config.file_template + "' has no {rev}?)");
    std::error_code ec;
    if (fs::exists(dir / name, ec))
      throw core::UsageError((dir / name).string() + ": already exists; not overwriting it (nothing was written)");
    names.push_back(name);
  }

  check_template(destination.yaml_template, destination.config.path);
  StagingFolder staging(dir);
  for (size_t i = 0; i < revisions.size(); ++i) {
    const auto& r = revisions[i];
    std::string content = render(r, destination.yaml_template, r.header.path);
    // The header of every file is read back (on the fast path: a full parse
    // of 1,000 files would double the import's time).
    core::RevisionHeader check = parse_yaml_header(content, (dir / names[i]).string());
    if (check.id != r.header.id || check.down_revisions != r.header.down_revisions ||
        check.alembic_source != r.header.path)
      throw core::UsageError(destination.config.path + ": the revision template does not keep revision " + r.header.id +
                             "'s header; the import cannot use it");
    write_new_file((staging.path() / names[i]).string(), content);
  }
  std::vector<std::string> written;
  try {
    for (size_t i = 0; i < names.size(); ++i) {
      move_into_place(staging.path() / names[i], dir / names[i]);
      written.push_back((dir / names[i]).string());
    }
  } catch (...) {
    std::error_code ec;
    for (const auto& w : written) fs::remove(w, ec);  // all or nothing
    throw;
  }
  return written;
}

}  // namespace strata::versions
