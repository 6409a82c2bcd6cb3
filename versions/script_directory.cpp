#include "versions/script_directory.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

#include "core/error.h"
#include "core/parallel.h"
#include "core/sha256.h"
#include "versions/revision_sql.h"
#include "versions/revision_yaml.h"

namespace strata::versions {

namespace fs = std::filesystem;

namespace {

bool is_sql(std::string_view path) { return path.ends_with(".sql"); }

// A revision file's name: .yaml, .yml or .sql, and not hidden (editor swap
// files, dot files).
bool is_revision_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  return name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".sql");
}

// The order of fs::path's operator<, which compares component by component,
// on the paths' text: the same as comparing bytes with '/' before every other
// byte (the paths are a normalised folder plus a file name). Sorting 10,000
// files with fs::path's own comparison took a third of `history`'s CPU.
bool path_less(const std::string& a, const std::string& b) {
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  if (i == n) return a.size() < b.size();
  auto rank = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
  return rank(a[i]) < rank(b[i]);
}

}  // namespace


std::string read_file(const std::string& path) {
  // stdio rather than iostreams: this runs once per revision file.
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw core::ScriptError(path + ": cannot read: " + std::strerror(errno));
  std::string out;
  char buf[16384];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) throw core::ScriptError(path + ": cannot read");
  return out;
}

ScriptDirectory::ScriptDirectory(std::vector<fs::path> version_dirs) : dirs_(std::move(version_dirs)) {}

std::vector<std::string> ScriptDirectory::revision_paths() const {
  std::vector<std::string> files;
  for (const auto& dir : dirs_) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw core::ScriptError(dir.string() + ": the versions folder does not exist (run 'strata init' first?)");
    // readdir rather than fs::directory_iterator: no fs::path built per
    // entry, which was a fifth of listing 10,000 files.
    DIR* folder = ::opendir(dir.c_str());
    if (!folder) throw core::ScriptError(dir.string() + ": cannot list: " + std::strerror(errno));
    const std::string prefix = dir.native().empty() || dir.native().back() == '/' ? dir.native() : dir.native() + "/";
    int listing_error = 0;
    for (;;) {
      errno = 0;  // readdir's end and its failure differ only in errno
      const dirent* entry = ::readdir(folder);
      if (!entry) {
        listing_error = errno;
        break;
      }
      const std::string_view name = entry->d_name;
      if (!is_revision_name(name)) continue;
      std::string path = prefix + std::string(name);
      bool folder_entry = entry->d_type == DT_DIR;
      if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) folder_entry = fs::is_directory(path, ec);
      if (!folder_entry) files.push_back(std::move(path));
    }
    ::closedir(folder);
    if (listing_error) throw core::ScriptError(dir.string() + ": cannot list: " + std::strerror(listing_error));
  }
  std::sort(files.begin(), files.end(), path_less);
  return files;
}

std::vector<fs::path> ScriptDirectory::revision_files() const {
  std::vector<fs::path> files;
  for (auto& path : revision_paths()) files.emplace_back(std::move(path));
  return files;
}

std::vector<core::RevisionHeader> ScriptDirectory::list_headers() const {
  std::vector<std::string> files = revision_paths();
  const size_t count = files.size();
  std::vector<core::RevisionHeader> headers(count);
  std::vector<std::string> texts(keep_texts_ ? count : 0);
  std::vector<std::exception_ptr> errors(count);
  // Reading and scanning the files is most of listing: spread over the
  // cores (each file is independent; every slot is written by one thread).
  core::parallel_for(count, 64, [&](size_t i) {
    try {
      std::string text = read_file(files[i]);
      headers[i] = is_sql(files[i]) ? parse_sql_header(text, files[i]) : parse_yaml_header(text, files[i]);
      if (keep_texts_) texts[i] = std::move(text);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  // The first bad file in name order is the one reported, as a sequential listing would.
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  if (keep_texts_)
    for (size_t i = 0; i < count; ++i) texts_.insert_or_assign(std::move(files[i]), std::move(texts[i]));
  return headers;
}

core::Revision ScriptDirectory::parse_revision(std::string_view text, const std::string& path) {
  core::Revision r = is_sql(path) ? parse_sql_revision(text, path) : parse_yaml_revision(text, path);
  r.body.sha256 = core::revision_checksum(text);
  return r;
}

core::Revision ScriptDirectory::load_revision(const std::string& path) { return parse_revision(read_file(path), path); }

core::RevisionBody ScriptDirectory::load_body(const core::RevisionHeader& header) const {
  const auto kept = texts_.find(header.path);
  core::Revision r = kept != texts_.end() ? parse_revision(kept->second, header.path) : load_revision(header.path);
  // A squash whose originals were deleted stands for its last revision.
  const bool squash_node = !r.header.replaces.empty() && r.header.replaces.back() == header.id;
  if (r.header.id != header.id && !squash_node)
    throw core::ScriptError(header.path + ": the file changed while strata was running (revision " + r.header.id +
                            ", expected " + header.id + ")");
  return std::move(r.body);
}

}  // namespace strata::versions
