// Native enum types as the other layers use them: which enum a column's type
// names, the enums a list of operations leaves, and the enums the applied
// revisions declared (for databases that keep no enum of their own, SQLite).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/dialect.h"
#include "core/ops.h"
#include "core/revision_graph.h"
#include "core/schema.h"
#include "core/script_store.h"

namespace strata::core {

/// The (schema, name) an enum reference in a column of a table in
/// TABLE_SCHEMA means: `mood` is mood of the table's own schema,
/// `sales.status` is status of schema sales; "public" is the default schema
/// (""). Nullopt when TYPE is not a plain or dotted identifier.
std::optional<std::pair<std::string, std::string>> enum_reference(const std::string& table_schema,
                                                                  const std::string& type);

/// The enum LOOKUP knows that TYPE names (see enum_reference), if any.
std::optional<EnumType> find_enum(const TableLookup& lookup, const std::string& table_schema,
                                  const std::string& type);

/// Enums by (schema, name), as a list of operations builds them.
class EnumRegistry {
 public:
  EnumRegistry() = default;
  explicit EnumRegistry(const std::vector<EnumType>& enums);
  /// Follows create_enum, drop_enum and alter_enum; ignores other operations.
  void apply(const Op& op);
  std::optional<EnumType> find(const std::string& schema, const std::string& name) const;
  std::vector<EnumType> all() const;

 private:
  std::map<std::pair<std::string, std::string>, EnumType> enums_;
};

/// A TableLookup over a Schema value (the differ's declared and live sides).
class SchemaLookup : public TableLookup {
 public:
  explicit SchemaLookup(const Schema& schema) : schema_(schema), enums_(schema.enums) {}
  std::optional<Table> table(const std::string& schema, const std::string& name) const override;
  std::optional<EnumType> enum_type(const std::string& schema, const std::string& name) const override {
    return enums_.find(schema, name);
  }

 private:
  const Schema& schema_;
  EnumRegistry enums_;
};

/// The enums that the upgrade operations from base to UPTO leave. Untranslated
/// revisions count as changing nothing.
std::vector<EnumType> enums_at(const RevisionGraph& graph, const ScriptStore& store,
                               const std::vector<std::string>& upto);

}  // namespace strata::core
