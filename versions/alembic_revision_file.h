// One Alembic revision file, read as text (SPEC §10.2): its header values
// resolved to strings, its docstring's message and Create Date, and its
// upgrade()/downgrade() bodies translated, each as YAML ready for a strata
// revision file. Nothing here touches the file system.
//
// Header values are what Alembic's Script takes from the module: `revision`,
// `down_revision` (a string, a tuple or list of them, or None; required, as
// Alembic requires it), `branch_labels` and `depends_on` (the same, optional).
// A name stands for a module-level constant of the same file or a
// `--define NAME=VALUE`; anything else is an error naming the file and line.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/revision.h"
#include "versions/python_reader.h"

namespace strata::versions {

struct AlembicRevision {
  /// Ids, labels, message (Alembic's `doc`: the docstring's first paragraph),
  /// create_date; path is the Alembic file as shown to the user.
  core::RevisionHeader header;
  int revision_line = 0;       ///< where `revision` is assigned (0: taken from the file name)
  int down_revision_line = 0;  ///< where `down_revision` is assigned
  /// The operation lists for the strata file's upgrade:/downgrade: (the text
  /// that fills {{upgrades}}; "" for none), or the untranslated form.
  std::string upgrade_yaml, downgrade_yaml;
  std::optional<std::string> untranslated_upgrade, untranslated_downgrade;
  /// What translated bodies left out or do differently ("upgrade: <what>
  /// (<file>:<line>)"); also written as comments above the operations.
  std::vector<std::string> notes;
};

/// Values given on the command line (`--define NAME=VALUE`), as nodes: VALUE
/// is read as a Python literal when it is one (`None`, `'a1'`, `('a1',
/// 'b2')`), else taken as a plain string (`a1b2c3`).
using Defines = std::map<std::string, py::Node>;
Defines parse_defines(const std::vector<std::string>& name_equals_value);

/// Reads TEXT, the file SHOWN_PATH (as messages and alembic_source name it);
/// FILE_NAME is its base name (a legacy file without `revision` takes its id
/// from a hex file name, as Alembic does). Throws ScriptError "FILE:LINE: ...".
AlembicRevision read_alembic_revision(std::string_view text, const std::string& shown_path,
                                      const std::string& file_name, const Defines& defines);

}  // namespace strata::versions
