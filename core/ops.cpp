#include "core/ops.h"

#include <type_traits>

#include "core/overload.h"

namespace strata::core {

const char* op_name(const Op& op) {
  return std::visit(
      Overload{
          [](const CreateTable&) { return "create_table"; },
          [](const DropTable&) { return "drop_table"; },
          [](const RenameTable&) { return "rename_table"; },
          [](const AddColumn&) { return "add_column"; },
          [](const DropColumn&) { return "drop_column"; },
          [](const AlterColumn&) { return "alter_column"; },
          [](const CreateIndex&) { return "create_index"; },
          [](const DropIndex&) { return "drop_index"; },
          [](const CreateUniqueConstraint&) { return "create_unique_constraint"; },
          [](const CreateForeignKey&) { return "create_foreign_key"; },
          [](const CreateCheckConstraint&) { return "create_check_constraint"; },
          [](const ValidateConstraint&) { return "validate_constraint"; },
          [](const CreatePrimaryKey&) { return "create_primary_key"; },
          [](const DropConstraint&) { return "drop_constraint"; },
          [](const CreateTableComment&) { return "create_table_comment"; },
          [](const DropTableComment&) { return "drop_table_comment"; },
          [](const Execute&) { return "execute"; },
          [](const BulkInsert&) { return "bulk_insert"; },
          [](const CreateEnum&) { return "create_enum"; },
          [](const DropEnum&) { return "drop_enum"; },
          [](const AlterEnum&) { return "alter_enum"; },
      },
      op);
}

std::optional<std::pair<std::string, std::string>> op_table(const Op& op) {
  return std::visit(
      [](const auto& o) -> std::optional<std::pair<std::string, std::string>> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) return std::pair{o.table.schema, o.table.name};
        else if constexpr (std::is_same_v<T, DropTable> || std::is_same_v<T, RenameTable>)
          return std::pair{o.schema, o.name};
        else if constexpr (std::is_same_v<T, Execute> || std::is_same_v<T, CreateEnum> ||
                           std::is_same_v<T, DropEnum> || std::is_same_v<T, AlterEnum>)
          return std::nullopt;
        else return std::pair{o.schema, o.table};
      },
      op);
}

}  // namespace strata::core
