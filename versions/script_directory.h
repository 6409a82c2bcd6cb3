// ScriptDirectory: the revisions on disk, in one or more version folders.
// Listing reads only headers (see revision_yaml.h) so that history and heads
// over 10,000 files stay fast; bodies are parsed on demand. Files are taken in
// name order, so every listing is deterministic. Any file that cannot be read
// or parsed stops the command with its name (exit 2).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/script_store.h"

namespace strata::versions {

class ScriptDirectory : public core::ScriptStore {
 public:
  explicit ScriptDirectory(std::vector<std::filesystem::path> version_dirs);

  std::vector<core::RevisionHeader> list_headers() const override;
  /// The revision files of every version folder, in name order; throws
  /// ScriptError for a folder that is missing or cannot be listed.
  std::vector<std::filesystem::path> revision_files() const;
  /// The same, as text (what listing uses: no fs::path per file).
  std::vector<std::string> revision_paths() const;
  core::RevisionBody load_body(const core::RevisionHeader& header) const override;
  /// Header and body of the file at PATH.
  static core::Revision load_revision(const std::string& path);
  /// Header and body of TEXT, the content of the file at PATH.
  static core::Revision parse_revision(std::string_view text, const std::string& path);

  /// From now on list_headers() keeps each file's text, and load_body() parses
  /// that instead of reading the file again: for the commands that run the
  /// revisions they list (one read per file). Off by default, so listing
  /// 10,000 revisions holds one file at a time.
  void keep_texts() { keep_texts_ = true; }

  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }

 private:
  std::vector<std::filesystem::path> dirs_;
  bool keep_texts_ = false;
  /// path -> text, written by list_headers() only; load_body() only reads it
  /// (it runs on several threads at once).
  mutable std::unordered_map<std::string, std::string> texts_;
};

/// Reads a whole file; throws ScriptError naming it.
std::string read_file(const std::string& path);

}  // namespace strata::versions
